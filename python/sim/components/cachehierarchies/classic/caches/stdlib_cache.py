"""What gem5's stdlib caches (``L1DCache``, ``L1ICache``, ``L2Cache``,
``MMUCache``) share: a ``Cache`` whose constructor takes the main
parameters, and optionally a prefetcher made from ``PrefetcherCls``."""

from typing import Any

import sim.objects as objects
from sim.components._objects import has_param
from sim.errors import ParamError, UnsupportedError
from sim.objects.params import NULL


def set_prefetcher(cache, prefetcher_cls: Any) -> None:
    """``cache.prefetcher = PrefetcherCls()`` as gem5's stdlib caches do;
    ``None``/``NULL`` leaves the cache without one."""
    if prefetcher_cls is None or prefetcher_cls is NULL:
        if has_param(cache, "prefetcher"):
            cache.prefetcher = NULL
        return
    if not isinstance(prefetcher_cls, type) or not issubclass(prefetcher_cls, objects.SimObject):
        raise ParamError(
            f"{cache.path()}.PrefetcherCls",
            f"is {prefetcher_cls!r}; allowed values: a prefetcher class such as "
            "StridePrefetcher, or None/NULL for no prefetcher",
        )
    if not has_param(cache, "prefetcher"):
        raise UnsupportedError(f"{cache.path()}.prefetcher", "prefetchers are not supported "
                               "by this build's Cache")
    cache.prefetcher = prefetcher_cls()


def default_prefetcher():
    """gem5's default ``PrefetcherCls``: ``StridePrefetcher`` when this build's
    Cache takes prefetchers, else none."""
    stride = getattr(objects, "StridePrefetcher", None)
    return stride if stride is not None and has_param(objects.Cache, "prefetcher") else None


class StdlibCache(objects.Cache):
    """A ``Cache`` built from gem5 stdlib's constructor arguments."""

    abstract = True

    def _setup(self, size, assoc, tag_latency, data_latency, response_latency, mshrs,
               tgts_per_mshr, writeback_clean) -> None:
        self.size = size
        self.assoc = assoc
        self.tag_latency = tag_latency
        self.data_latency = data_latency
        self.response_latency = response_latency
        self.mshrs = mshrs
        self.tgts_per_mshr = tgts_per_mshr
        self.writeback_clean = writeback_clean
