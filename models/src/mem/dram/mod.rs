//! DRAM controller with a DDR timing model (gem5's `MemCtrl` + `DRAMInterface`).
