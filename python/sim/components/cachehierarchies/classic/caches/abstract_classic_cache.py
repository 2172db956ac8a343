"""What :class:`~.l1dcache.L1DCache`, :class:`~.l1icache.L1ICache` and
:class:`~.l2cache.L2Cache` share: gem5's ``Cache`` parameters this simulator
models, checked when the board is built."""

from typing import Any

from sim import params
from sim.components.cachehierarchies.classic.caches.prefetchers import BasePrefetcher

def _prefetcher(path: str, value: Any) -> str:
    """The native prefetcher name of ``value``: a prefetcher class or instance, or
    ``None``/``NULL`` for none."""
    if value is None or value is params.NULL:
        return "Null"
    cls = value if isinstance(value, type) else type(value)
    if issubclass(cls, BasePrefetcher) and cls._NATIVE:
        return cls._NATIVE
    raise params.ParamError(
        path,
        f"is {value!r}; allowed values: StridePrefetcher (the class or an instance), "
        "or None/NULL for no prefetcher",
    )


def _integer(path: str, name: str, value: Any) -> int:
    """Check the integer parameter ``name`` of the cache at ``path`` against the
    simulator's limit of that name."""
    return params.integer(f"{path}.{name}", value, *params.limit(name))


class AbstractClassicCache:
    """A classic cache's parameters (gem5 ``Cache`` SimObject attributes).

    Attributes may be changed after construction, as in gem5 (``cache.mshrs =
    8``); ``prefetcher`` holds the prefetcher (a :class:`StridePrefetcher`
    instance, or ``NULL``). With ``writeback_clean`` clean victims leave as
    ``WritebackClean`` (allocated by the cache below, as in gem5) instead of
    ``CleanEvict``."""

    def __init__(
        self,
        size: str,
        assoc: int,
        tag_latency: int,
        data_latency: int,
        response_latency: int,
        mshrs: int,
        tgts_per_mshr: int,
        writeback_clean: bool,
        PrefetcherCls: Any,
    ) -> None:
        self.size = size
        self.assoc = assoc
        self.tag_latency = tag_latency
        self.data_latency = data_latency
        self.response_latency = response_latency
        self.mshrs = mshrs
        self.tgts_per_mshr = tgts_per_mshr
        self.writeback_clean = writeback_clean
        # gem5 writes `self.prefetcher = PrefetcherCls()`; NULL() is NULL there too.
        if isinstance(PrefetcherCls, type) and issubclass(PrefetcherCls, BasePrefetcher):
            self.prefetcher = PrefetcherCls()
        elif PrefetcherCls is None:
            self.prefetcher = params.NULL
        else:
            self.prefetcher = PrefetcherCls  # checked at build, with its path

    def _check(self, path: str) -> dict:
        """Validate every parameter (``path`` names the cache in errors) and return
        the native cache config (``CacheConfig`` in ``sim/_native.pyi``)."""
        if not isinstance(self.writeback_clean, bool):
            raise params.ParamError(
                f"{path}.writeback_clean",
                f"expected True or False, got {self.writeback_clean!r}",
            )
        return {
            "size": params.size(f"{path}.size", self.size),
            "assoc": _integer(path, "assoc", self.assoc),
            "tag_latency": _integer(path, "tag_latency", self.tag_latency),
            "data_latency": _integer(path, "data_latency", self.data_latency),
            "response_latency": _integer(path, "response_latency", self.response_latency),
            "mshrs": _integer(path, "mshrs", self.mshrs),
            "tgts_per_mshr": _integer(path, "tgts_per_mshr", self.tgts_per_mshr),
            "writeback_clean": self.writeback_clean,
            "prefetcher": _prefetcher(f"{path}.prefetcher", self.prefetcher),
        }

    def __repr__(self) -> str:
        return f"{type(self).__name__}(size={self.size!r}, assoc={self.assoc!r})"
