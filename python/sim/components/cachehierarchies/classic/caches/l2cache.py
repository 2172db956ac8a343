"""``L2Cache``: gem5 stdlib's L2 cache
(``gem5.components.cachehierarchies.classic.caches.l2cache``)."""

from typing import Any

from sim.components.cachehierarchies.classic.caches.stdlib_cache import (
    StdlibCache,
    default_prefetcher,
    set_prefetcher,
)

_DEFAULT = object()


class L2Cache(StdlibCache):
    """gem5's stdlib ``L2Cache``: 16-way, tag/data/response latencies 10/10/1
    cycles, 20 MSHRs of 12 targets, writeback_clean=False, mostly inclusive, a
    ``StridePrefetcher``."""

    def __init__(
        self,
        size: str,
        assoc: int = 16,
        tag_latency: int = 10,
        data_latency: int = 10,
        response_latency: int = 1,
        mshrs: int = 20,
        tgts_per_mshr: int = 12,
        writeback_clean: bool = False,
        clusivity: str = "mostly_incl",
        PrefetcherCls: Any = _DEFAULT,
    ):
        super().__init__()
        self._setup(size, assoc, tag_latency, data_latency, response_latency, mshrs,
                    tgts_per_mshr, writeback_clean)
        self.clusivity = clusivity
        set_prefetcher(self, default_prefetcher() if PrefetcherCls is _DEFAULT else PrefetcherCls)
