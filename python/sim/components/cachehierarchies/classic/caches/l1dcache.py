"""``L1DCache``: gem5 stdlib's L1 data cache
(``gem5.components.cachehierarchies.classic.caches.l1dcache``)."""

from typing import Any

from sim.components.cachehierarchies.classic.caches.stdlib_cache import (
    StdlibCache,
    default_prefetcher,
    set_prefetcher,
)

_DEFAULT = object()


class L1DCache(StdlibCache):
    """gem5's stdlib ``L1DCache``: 8-way, tag/data/response latencies 1/1/1
    cycles, 16 MSHRs of 20 targets, writeback_clean=False, a
    ``StridePrefetcher``."""

    def __init__(
        self,
        size: str,
        assoc: int = 8,
        tag_latency: int = 1,
        data_latency: int = 1,
        response_latency: int = 1,
        mshrs: int = 16,
        tgts_per_mshr: int = 20,
        writeback_clean: bool = False,
        PrefetcherCls: Any = _DEFAULT,
    ):
        super().__init__()
        self._setup(size, assoc, tag_latency, data_latency, response_latency, mshrs,
                    tgts_per_mshr, writeback_clean)
        set_prefetcher(self, default_prefetcher() if PrefetcherCls is _DEFAULT else PrefetcherCls)
