"""gem5's hardware prefetchers (``src/mem/cache/prefetch/Prefetcher.py``) and
the cache compressor base (``src/mem/cache/compressors/Compressors.py``).
A cache's ``prefetcher`` and ``compressor`` are NULL unless set;
``StridePrefetcher`` carries its own PC table, indexed by a hashed
set-associative policy sized from the prefetcher's ``table_*`` parameters and
replaced by ``RandomRP``, as in gem5 v24."""

from sim.objects.clocks import ClockedObject
from sim.objects.params import Param, VectorParam
from sim.objects.proxy import Parent
from sim.objects.replacement_policies import RandomRP
from sim.objects.simobject import SimObject
from sim.objects.tags import SetAssociative


class BaseCacheCompressor(SimObject):
    """Base of gem5's cache compressors (none is modelled; NULL is the default)."""

    type = "BaseCacheCompressor"
    cxx_class = "gem5::compression::Base"
    abstract = True


class BasePrefetcher(ClockedObject):
    type = "BasePrefetcher"
    cxx_class = "gem5::prefetch::Base"
    abstract = True

    sys = Param.System(Parent.any, "system the prefetcher belongs to")
    block_size = Param.Int(Parent.cache_line_size, "block size in bytes")
    on_miss = Param.Bool(False, "observe misses only")
    on_read = Param.Bool(True, "observe reads")
    on_write = Param.Bool(True, "observe writes")
    on_data = Param.Bool(True, "observe data accesses")
    on_inst = Param.Bool(True, "observe instruction fetches")
    prefetch_on_access = Param.Bool(False, "observe every access, not only misses")
    prefetch_on_pf_hit = Param.Bool(True, "observe hits on prefetched lines")
    use_virtual_addresses = Param.Bool(False, "train on virtual addresses")
    page_bytes = Param.MemorySize("4KiB", "page size for virtual-address prefetching")


class MultiPrefetcher(BasePrefetcher):
    type = "MultiPrefetcher"
    cxx_class = "gem5::prefetch::Multi"

    prefetchers = VectorParam.BasePrefetcher([], "the prefetchers combined")


class QueuedPrefetcher(BasePrefetcher):
    type = "QueuedPrefetcher"
    cxx_class = "gem5::prefetch::Queued"
    abstract = True

    latency = Param.Int(1, "cycles before a generated prefetch is issued")
    queue_size = Param.Int(32, "most prefetches queued")
    max_prefetch_requests_with_pending_translation = Param.Int(
        32, "most queued prefetches waiting for a translation")
    queue_squash = Param.Bool(True, "drop a queued prefetch on a demand access to its line")
    queue_filter = Param.Bool(True, "do not queue a prefetch already queued")
    cache_snoop = Param.Bool(False, "drop prefetches of lines the cache holds")
    tag_prefetch = Param.Bool(True, "tag prefetches with the PC that caused them")
    throttle_control_percentage = Param.Percent(
        0, "share (%) of prefetches throttled by the prefetcher's accuracy")


class StridePrefetcherHashedSetAssociative(SetAssociative):
    type = "StridePrefetcherHashedSetAssociative"
    cxx_class = "gem5::prefetch::StridePrefetcherHashedSetAssociative"


class StridePrefetcher(QueuedPrefetcher):
    type = "StridePrefetcher"
    cxx_class = "gem5::prefetch::Stride"

    on_inst = False
    confidence_counter_bits = Param.Unsigned(3, "bits of the confidence counter")
    initial_confidence = Param.Unsigned(4, "confidence of a new entry")
    confidence_threshold = Param.Percent(50, "confidence (%) needed to prefetch")
    use_requestor_id = Param.Bool(True, "keep history per requestor")
    degree = Param.Int(4, "prefetches generated per trigger")
    distance = Param.Unsigned(0, "strides skipped ahead of the first prefetch (0: none)")
    table_assoc = Param.Int(4, "associativity of the PC table")
    table_entries = Param.MemorySize("64", "entries of the PC table")
    table_indexing_policy = Param.BaseIndexingPolicy(
        StridePrefetcherHashedSetAssociative(entry_size=1, assoc=Parent.table_assoc,
                                             size=Parent.table_entries),
        "indexing policy of the PC table")
    table_replacement_policy = Param.BaseReplacementPolicy(
        RandomRP(), "replacement policy of the PC table")


class TaggedPrefetcher(QueuedPrefetcher):
    type = "TaggedPrefetcher"
    cxx_class = "gem5::prefetch::Tagged"

    degree = Param.Int(2, "prefetches generated per trigger")
