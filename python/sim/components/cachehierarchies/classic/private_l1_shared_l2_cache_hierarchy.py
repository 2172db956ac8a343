"""``PrivateL1SharedL2CacheHierarchy``: private L1s per core and one L2 shared by
all cores. As in gem5's stdlib, the caches are ``L1DCache``, ``L1ICache`` and
``L2Cache`` given their sizes and associativities (8, 8, 16 by default); every
other parameter is those classes' default."""

from sim.components.cachehierarchies.classic.abstract_classic_cache_hierarchy import (
    AbstractClassicCacheHierarchy,
)
from sim.components.cachehierarchies.classic.caches.l1dcache import L1DCache
from sim.components.cachehierarchies.classic.caches.l1icache import L1ICache
from sim.components.cachehierarchies.classic.caches.l2cache import L2Cache


class PrivateL1SharedL2CacheHierarchy(AbstractClassicCacheHierarchy):
    """Private L1I and L1D per core, an L2 crossbar and a shared L2."""

    _KIND = "private_l1_shared_l2"
    _LEVELS = ("l1d", "l1i", "l2")

    def __init__(
        self,
        l1d_size: str,
        l1i_size: str,
        l2_size: str,
        l1d_assoc: int = 8,
        l1i_assoc: int = 8,
        l2_assoc: int = 16,
        membus=None,
    ) -> None:
        self._membus = membus
        self.l1d = L1DCache(size=l1d_size, assoc=l1d_assoc)
        self.l1i = L1ICache(size=l1i_size, assoc=l1i_assoc)
        self.l2 = L2Cache(size=l2_size, assoc=l2_assoc)
