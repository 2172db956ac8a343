"""The classic cache (gem5's ``src/mem/cache/Cache.py``) with gem5 v24's
children: ``tags`` (a ``BaseSetAssoc`` that reads the cache's size, assoc and
latencies through ``Parent`` proxies), ``replacement_policy`` (``LRURP``), and
the NULL-by-default ``prefetcher``, ``compressor`` and ``partitioning_manager``."""

from sim.objects.clocks import ClockedObject
from sim.objects.params import NULL, AddrRange, Enum, Param, VectorParam
from sim.objects.ports import RequestPort, ResponsePort
from sim.objects.proxy import Parent
from sim.objects.replacement_policies import LRURP
from sim.objects.simobject import SimObject
from sim.objects.tags import BaseSetAssoc

MAX_ADDR = (1 << 64) - 1
ALL_MEMORY = AddrRange(0, MAX_ADDR)
"""gem5's ``AllMemory``: ``AddrRange(0, MaxAddr)``."""
MaxAddr, AllMemory = MAX_ADDR, ALL_MEMORY  # gem5's spellings (m5.params)


class Clusivity(Enum):
    vals = ["mostly_incl", "mostly_excl"]


class WriteAllocator(SimObject):
    type = "WriteAllocator"
    cxx_class = "gem5::WriteAllocator"

    coalesce_limit = Param.Unsigned(2, "Consecutive lines written before delaying")
    no_allocate_limit = Param.Unsigned(12, "Consecutive lines written before not allocating")
    delay_threshold = Param.Unsigned(8, "Number of delay quanta imposed on an MSHR")
    block_size = Param.Int(Parent.cache_line_size, "block size in bytes")


class BaseCache(ClockedObject):
    type = "BaseCache"
    cxx_class = "gem5::BaseCache"
    abstract = True

    size = Param.MemorySize("Capacity")
    assoc = Param.Unsigned("Associativity")
    tag_latency = Param.Cycles("Tag lookup latency")
    data_latency = Param.Cycles("Data access latency")
    response_latency = Param.Cycles("Latency for the return path on a miss")
    warmup_percentage = Param.Percent(0, "Percentage of tags to be touched to warm up")
    max_miss_count = Param.Counter(0, "Number of misses to handle before calling exit")
    mshrs = Param.Unsigned("Number of MSHRs (max outstanding requests)")
    demand_mshr_reserve = Param.Unsigned(1, "MSHRs reserved for demand access")
    tgts_per_mshr = Param.Unsigned("Max number of accesses per MSHR")
    write_buffers = Param.Unsigned(8, "Number of write buffers")
    is_read_only = Param.Bool(False, "Is this cache read only (e.g. inst)")
    prefetcher = Param.BasePrefetcher(NULL, "prefetcher attached to the cache")
    tags = Param.BaseTags(BaseSetAssoc(), "tag store")
    replacement_policy = Param.BaseReplacementPolicy(LRURP(), "replacement policy")
    partitioning_manager = Param.PartitionManager(NULL, "cache partitioning manager")
    compressor = Param.BaseCacheCompressor(NULL, "cache compressor")
    replace_expansions = Param.Bool(True, "Apply replacement policy on a data expansion")
    move_contractions = Param.Bool(True, "Try to co-allocate blocks that contract")
    sequential_access = Param.Bool(False, "Whether to access tags and data sequentially")
    addr_ranges = VectorParam.AddrRange([ALL_MEMORY], "Address range for the CPU-side port")
    system = Param.System(Parent.any, "System we belong to")
    writeback_clean = Param.Bool(False, "Writeback clean lines")
    clusivity = Param.Clusivity("mostly_incl", "Clusivity with upstream cache")
    write_allocator = Param.WriteAllocator(NULL, "Write allocator")

    # gem5's BaseCache::init() fatals when either side is unconnected.
    cpu_side = ResponsePort("Upstream port closer to the CPU and/or device", required=True)
    mem_side = RequestPort("Downstream port closer to memory", required=True)


class Cache(BaseCache):
    type = "Cache"
    cxx_class = "gem5::Cache"


class NoncoherentCache(BaseCache):
    type = "NoncoherentCache"
    cxx_class = "gem5::NoncoherentCache"

    writeback_clean = False
