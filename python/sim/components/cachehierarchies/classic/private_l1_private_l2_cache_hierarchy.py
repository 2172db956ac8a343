"""``PrivateL1PrivateL2CacheHierarchy``: private L1s and a private L2 per core.

Associativities are gem5's effective ones: 8-way L1s and a 16-way L2 (the
``L2Cache`` default; gem5 builds its L2s without passing an associativity).
"""

from sim.components.cachehierarchies.classic.abstract_classic_cache_hierarchy import (
    AbstractClassicCacheHierarchy,
)


class PrivateL1PrivateL2CacheHierarchy(AbstractClassicCacheHierarchy):
    """Private L1I, L1D and L2 per core, then the memory bus."""

    _KIND = "private_l1_private_l2"
    _FIELDS = {
        "l1d_size": ("l1d_size", "size"),
        "l1i_size": ("l1i_size", "size"),
        "l2_size": ("l2_size", "size"),
        "l1d_assoc": ("l1d_assoc", "assoc"),
        "l1i_assoc": ("l1i_assoc", "assoc"),
        "l2_assoc": ("l2_assoc", "assoc"),
    }

    def __init__(self, l1d_size: str, l1i_size: str, l2_size: str, membus=None) -> None:
        self._membus = membus
        self._l1d_size = l1d_size
        self._l1i_size = l1i_size
        self._l2_size = l2_size
        self._l1d_assoc = 8
        self._l1i_assoc = 8
        self._l2_assoc = 16
