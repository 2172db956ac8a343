"""gem5's cache tag stores and indexing policies (``src/mem/cache/tags/Tags.py``
and ``indexing_policies/IndexingPolicies.py``). A cache's ``tags`` child
defaults to ``BaseSetAssoc`` with a ``SetAssociative`` indexing policy; both
take the cache's size, associativity, latency and line size through ``Parent``
proxies, so one setting on the cache reaches them."""

from sim.objects.clocks import ClockedObject
from sim.objects.params import NULL, Param
from sim.objects.proxy import Parent
from sim.objects.simobject import SimObject


class PartitionManager(SimObject):
    """Base of gem5's cache partitioning managers (NULL is the default)."""

    type = "PartitionManager"
    cxx_class = "gem5::partitioning_policy::PartitionManager"
    abstract = True


class BaseIndexingPolicy(SimObject):
    type = "BaseIndexingPolicy"
    cxx_class = "gem5::BaseIndexingPolicy"
    abstract = True

    size = Param.MemorySize(Parent.size, "capacity in bytes")
    entry_size = Param.Int(Parent.entry_size, "bytes per entry")
    assoc = Param.Int(Parent.assoc, "associativity")


class SetAssociative(BaseIndexingPolicy):
    type = "SetAssociative"
    cxx_class = "gem5::SetAssociative"


class SkewedAssociative(BaseIndexingPolicy):
    type = "SkewedAssociative"
    cxx_class = "gem5::SkewedAssociative"


class BaseTags(ClockedObject):
    type = "BaseTags"
    cxx_class = "gem5::BaseTags"
    abstract = True

    system = Param.System(Parent.any, "system the tags belong to")
    size = Param.MemorySize(Parent.size, "capacity in bytes")
    block_size = Param.Int(Parent.cache_line_size, "block size in bytes")
    tag_latency = Param.Cycles(Parent.tag_latency, "tag lookup latency")
    warmup_percentage = Param.Percent(Parent.warmup_percentage,
                                      "share (%) of tags touched to warm up")
    sequential_access = Param.Bool(Parent.sequential_access,
                                   "access tags, then data, sequentially")
    indexing_policy = Param.BaseIndexingPolicy(SetAssociative(), "indexing policy")
    partitioning_manager = Param.PartitionManager(Parent.partitioning_manager,
                                                  "cache partitioning manager")
    entry_size = Param.Int(Parent.cache_line_size, "bytes per indexed entry")


class BaseSetAssoc(BaseTags):
    type = "BaseSetAssoc"
    cxx_class = "gem5::BaseSetAssoc"

    assoc = Param.Int(Parent.assoc, "associativity")
    replacement_policy = Param.BaseReplacementPolicy(Parent.replacement_policy,
                                                     "replacement policy")


class FALRU(BaseTags):
    type = "FALRU"
    cxx_class = "gem5::FALRU"

    min_tracked_cache_size = Param.MemorySize("128KiB", "smallest cache size whose "
                                                        "statistics are tracked")
    indexing_policy = NULL
