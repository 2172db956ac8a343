"""``L2Cache``: gem5 stdlib's L2 cache (``gem5.components.cachehierarchies.classic.caches.l2cache``)."""

from typing import Optional, Type

from sim.components.cachehierarchies.classic.caches.abstract_classic_cache import (
    AbstractClassicCache,
)
from sim.components.cachehierarchies.classic.caches.prefetchers import (
    BasePrefetcher,
    StridePrefetcher,
)


class L2Cache(AbstractClassicCache):
    """gem5's stdlib ``L2Cache`` with gem5's defaults: 16-way, tag/data/response
    latencies 10/10/1 cycles, 20 MSHRs of 12 targets, writeback_clean=True, a
    ``StridePrefetcher``. ``PrefetcherCls=None`` (or ``NULL``) builds it
    without a prefetcher."""

    def __init__(
        self,
        size: str,
        assoc: int = 16,
        tag_latency: int = 10,
        data_latency: int = 10,
        response_latency: int = 1,
        mshrs: int = 20,
        tgts_per_mshr: int = 12,
        writeback_clean: bool = True,
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
