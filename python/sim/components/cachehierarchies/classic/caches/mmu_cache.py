"""``MMUCache``: gem5 stdlib's page-table walker cache. The SE-mode CPUs here
have no walker ports, so the hierarchies do not build these yet (they come
with full system); the class exists for scripts that name it."""

from sim.components.cachehierarchies.classic.caches.stdlib_cache import StdlibCache


class MMUCache(StdlibCache):
    """gem5's stdlib ``MMUCache``: 4-way, 1-cycle latencies, 20 MSHRs of 12
    targets, writeback_clean=True, no prefetcher."""

    def __init__(self, size: str, assoc: int = 4, tag_latency: int = 1,
                 data_latency: int = 1, response_latency: int = 1, mshrs: int = 20,
                 tgts_per_mshr: int = 12, writeback_clean: bool = True):
        super().__init__()
        self._setup(size, assoc, tag_latency, data_latency, response_latency, mshrs,
                    tgts_per_mshr, writeback_clean)
