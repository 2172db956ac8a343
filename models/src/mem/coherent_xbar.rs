//! The coherent crossbar (gem5's `CoherentXBar`) with a snoop filter.
