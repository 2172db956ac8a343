"""``PrivateL1CacheHierarchy``: private L1 instruction and data caches per core.

As in gem5's stdlib, both L1s are 8-way (``L1ICache``/``L1DCache`` defaults).
"""

from sim.components.cachehierarchies.classic.abstract_classic_cache_hierarchy import (
    AbstractClassicCacheHierarchy,
)


class PrivateL1CacheHierarchy(AbstractClassicCacheHierarchy):
    """Private L1I and L1D per core, then the memory bus."""

    _KIND = "private_l1"
    _FIELDS = {
        "l1d_size": ("l1d_size", "size"),
        "l1i_size": ("l1i_size", "size"),
        "l1d_assoc": ("l1d_assoc", "assoc"),
        "l1i_assoc": ("l1i_assoc", "assoc"),
    }

    def __init__(self, l1d_size: str, l1i_size: str, membus=None) -> None:
        self._membus = membus
        self._l1d_size = l1d_size
        self._l1i_size = l1i_size
        self._l1d_assoc = 8
        self._l1i_assoc = 8
