//! The classic cache (gem5's `Cache`): tags, MSHRs, write buffer, replacement, prefetching, coherence.
