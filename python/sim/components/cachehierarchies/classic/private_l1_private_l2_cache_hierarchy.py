"""``PrivateL1PrivateL2CacheHierarchy``: private L1s and a private L2 per core.

As in gem5's stdlib, the caches are ``L1ICache``, ``L1DCache`` and ``L2Cache``
with only their sizes given: 8-way 1-cycle L1s with 16 MSHRs, a 16-way L2 with
10-cycle tag and data latencies, a stride prefetcher on each.
"""

from sim.components.cachehierarchies.classic.abstract_classic_cache_hierarchy import (
    AbstractClassicCacheHierarchy,
)
from sim.components.cachehierarchies.classic.caches.l1dcache import L1DCache
from sim.components.cachehierarchies.classic.caches.l1icache import L1ICache
from sim.components.cachehierarchies.classic.caches.l2cache import L2Cache


class PrivateL1PrivateL2CacheHierarchy(AbstractClassicCacheHierarchy):
    """Private L1I, L1D and L2 per core, then the memory bus."""

    _KIND = "private_l1_private_l2"
    _LEVELS = ("l1d", "l1i", "l2")

    def __init__(self, l1d_size: str, l1i_size: str, l2_size: str, membus=None) -> None:
        self._membus = membus
        self.l1d = L1DCache(size=l1d_size)
        self.l1i = L1ICache(size=l1i_size)
        self.l2 = L2Cache(size=l2_size)
