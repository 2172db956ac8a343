"""``PrivateL1CacheHierarchy``: private L1 instruction and data caches per core.

As in gem5's stdlib, the L1s are ``L1ICache``/``L1DCache`` with only their sizes
given: 8-way, 1-cycle latencies, 16 MSHRs, a stride prefetcher each.
"""

from sim.components.cachehierarchies.classic.abstract_classic_cache_hierarchy import (
    AbstractClassicCacheHierarchy,
)
from sim.components.cachehierarchies.classic.caches.l1dcache import L1DCache
from sim.components.cachehierarchies.classic.caches.l1icache import L1ICache


class PrivateL1CacheHierarchy(AbstractClassicCacheHierarchy):
    """Private L1I and L1D per core, then the memory bus."""

    _KIND = "private_l1"
    _LEVELS = ("l1d", "l1i")

    def __init__(self, l1d_size: str, l1i_size: str, membus=None) -> None:
        self._membus = membus
        self.l1d = L1DCache(size=l1d_size)
        self.l1i = L1ICache(size=l1i_size)
