"""Hardware prefetchers a cache takes (gem5's ``m5.objects`` prefetchers).

Only gem5's ``StridePrefetcher`` exists, with gem5's default parameters (degree 4,
a 64-entry 4-way PC table, 3-bit confidence starting at 4, threshold 50%, a queue
of 32); they cannot be changed yet. Pass ``PrefetcherCls=None`` (or ``NULL``, as
gem5 scripts write it) to a cache for no prefetcher.
"""

from sim.params import NULL  # noqa: F401  (re-exported: gem5's m5.params.NULL)


class BasePrefetcher:
    """Base of the prefetchers (gem5's ``BasePrefetcher``)."""

    #: Name given to the simulator and shown in config.ini.
    _NATIVE = ""


class StridePrefetcher(BasePrefetcher):
    """gem5's ``StridePrefetcher`` with its default parameters: per instruction,
    once the same stride is seen, prefetch the next 4 lines along it. Trained on
    demand misses and on hits to prefetched lines.

    On an instruction cache it never prefetches (as in gem5): a fetch's PC is the
    address it fetches, so no stride between two accesses of one PC exists. On an
    L2 it learns from the L1s' misses (they carry the PC), not from their
    prefetches (they carry none)."""

    _NATIVE = "StridePrefetcher"

    def __init__(self) -> None:
        pass
