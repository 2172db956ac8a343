"""``L1DCache``: gem5 stdlib's L1 data cache (``gem5.components.cachehierarchies.classic.caches.l1dcache``)."""

from typing import Optional, Type

from sim.components.cachehierarchies.classic.caches.abstract_classic_cache import (
    AbstractClassicCache,
)
from sim.components.cachehierarchies.classic.caches.prefetchers import (
    BasePrefetcher,
    StridePrefetcher,
)


class L1DCache(AbstractClassicCache):
    """gem5's stdlib ``L1DCache`` with gem5's defaults: 8-way, tag/data/response
    latencies 1/1/1 cycles, 16 MSHRs of 20 targets, writeback_clean=False, a
    ``StridePrefetcher``. ``PrefetcherCls=None`` (or ``NULL``) builds it
    without a prefetcher."""

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
        PrefetcherCls: Optional[Type[BasePrefetcher]] = StridePrefetcher,
    ) -> None:
        super().__init__(
            size,
            assoc,
            tag_latency,
            data_latency,
            response_latency,
            mshrs,
            tgts_per_mshr,
            writeback_clean,
            PrefetcherCls,
        )
