"""gem5 stdlib's classic caches: :class:`.l1dcache.L1DCache`,
:class:`.l1icache.L1ICache`, :class:`.l2cache.L2Cache`, with gem5's constructor
arguments and defaults, and the prefetchers they take (:mod:`.prefetchers`)."""
