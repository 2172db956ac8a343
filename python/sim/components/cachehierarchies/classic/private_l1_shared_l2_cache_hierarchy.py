"""``PrivateL1SharedL2CacheHierarchy``: private L1s per core and one L2 shared by
all cores, with gem5's default associativities (8, 8, 16)."""

from sim.components.cachehierarchies.classic.abstract_classic_cache_hierarchy import (
    AbstractClassicCacheHierarchy,
)


class PrivateL1SharedL2CacheHierarchy(AbstractClassicCacheHierarchy):
    """Private L1I and L1D per core, an L2 crossbar and a shared L2."""

    _KIND = "private_l1_shared_l2"
    _FIELDS = {
        "l1d_size": ("l1d_size", "size"),
        "l1i_size": ("l1i_size", "size"),
        "l2_size": ("l2_size", "size"),
        "l1d_assoc": ("l1d_assoc", "assoc"),
        "l1i_assoc": ("l1i_assoc", "assoc"),
        "l2_assoc": ("l2_assoc", "assoc"),
    }

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
        self._l1d_size = l1d_size
        self._l1i_size = l1i_size
        self._l2_size = l2_size
        self._l1d_assoc = l1d_assoc
        self._l1i_assoc = l1i_assoc
        self._l2_assoc = l2_assoc
