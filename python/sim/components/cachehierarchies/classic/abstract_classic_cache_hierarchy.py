"""What the classic hierarchies share: their caches, checked when the board is built.

A hierarchy keeps one cache of each kind as a template for every core (``l1d``,
``l1i`` and, with an L2, ``l2``): gem5 stdlib's ``L1DCache``, ``L1ICache`` and
``L2Cache`` built from the sizes (and associativities) given, so every other
parameter is gem5's default. Replace one before building the board to change
it (``hierarchy.l1d = L1DCache("32KiB", tag_latency=3)``); errors name the
parameter as ``board.cache_hierarchy.l1d.tag_latency``. Sizes are checked with
the simulator's unit parser; geometry rules (a power-of-two number of sets, for
instance) are checked by the simulator and reported with the same paths.
"""

from typing import Tuple

from sim import params
from sim.components.cachehierarchies.abstract_cache_hierarchy import AbstractCacheHierarchy
from sim.components.cachehierarchies.classic.caches.abstract_classic_cache import (
    AbstractClassicCache,
)


class AbstractClassicCacheHierarchy(AbstractCacheHierarchy):
    """A classic (non-Ruby) hierarchy."""

    _KIND = ""
    #: The cache attributes this hierarchy has ("l1d", "l1i", "l2").
    _LEVELS: Tuple[str, ...] = ()

    def _check(self, path: str) -> dict:
        if getattr(self, "_membus", None) is not None:
            raise params.UnsupportedError(
                f"{path}.membus", "a custom memory bus is not supported yet (leave it unset)"
            )
        config = {"kind": self._KIND}
        for level in self._LEVELS:
            cache = getattr(self, level)
            where = f"{path}.{level}"
            if not isinstance(cache, AbstractClassicCache):
                raise params.ParamError(
                    where, f"expected an L1DCache, L1ICache or L2Cache, got {cache!r}"
                )
            config[level] = cache._check(where)
        return config
