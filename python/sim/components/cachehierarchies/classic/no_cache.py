"""``NoCache``: the cores talk to the memory bus directly (gem5's stdlib class)."""

from sim.components.cachehierarchies.classic.abstract_classic_cache_hierarchy import (
    AbstractClassicCacheHierarchy,
)


class NoCache(AbstractClassicCacheHierarchy):
    """No caches at all."""

    _KIND = "none"

    def __init__(self) -> None:
        pass
