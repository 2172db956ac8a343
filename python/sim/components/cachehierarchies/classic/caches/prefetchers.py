"""Prefetchers a stdlib cache takes (``PrefetcherCls``): gem5's
``StridePrefetcher`` from ``sim.objects``. ``PrefetcherCls=None`` (or
``NULL``) builds a cache without one."""

import sim.objects as objects
from sim.objects.params import NULL  # noqa: F401  (gem5's m5.params.NULL)

StridePrefetcher = getattr(objects, "StridePrefetcher", None)
BasePrefetcher = getattr(objects, "BasePrefetcher", None)
