"""gem5's cache replacement policies (``src/mem/cache/replacement_policies/
ReplacementPolicies.py``). A cache's ``replacement_policy`` child defaults to
``LRURP``; its tags refer to that object (``Parent.replacement_policy``).
Subclasses that only change a default (``RRIPRP``, ``NRURP``, ``LIPRP``) keep
their base's config ``type``, as in gem5."""

from sim.objects.params import Param
from sim.objects.proxy import Parent
from sim.objects.simobject import SimObject


class BaseReplacementPolicy(SimObject):
    type = "BaseReplacementPolicy"
    cxx_class = "gem5::replacement_policy::Base"
    abstract = True


class DuelingRP(BaseReplacementPolicy):
    type = "DuelingRP"
    cxx_class = "gem5::replacement_policy::Dueling"

    constituency_size = Param.Unsigned("entries in a region holding one sample")
    team_size = Param.Unsigned("entries of a sampling set that belong to one team")
    replacement_policy_a = Param.BaseReplacementPolicy("the first competing policy")
    replacement_policy_b = Param.BaseReplacementPolicy("the second competing policy")


class FIFORP(BaseReplacementPolicy):
    type = "FIFORP"
    cxx_class = "gem5::replacement_policy::FIFO"


class SecondChanceRP(FIFORP):
    type = "SecondChanceRP"
    cxx_class = "gem5::replacement_policy::SecondChance"


class LFURP(BaseReplacementPolicy):
    type = "LFURP"
    cxx_class = "gem5::replacement_policy::LFU"


class LRURP(BaseReplacementPolicy):
    type = "LRURP"
    cxx_class = "gem5::replacement_policy::LRU"


class BIPRP(LRURP):
    type = "BIPRP"
    cxx_class = "gem5::replacement_policy::BIP"

    btp = Param.Percent(3, "share (%) of insertions made at the MRU position")


class LIPRP(BIPRP):
    btp = 0


class MRURP(BaseReplacementPolicy):
    type = "MRURP"
    cxx_class = "gem5::replacement_policy::MRU"


class RandomRP(BaseReplacementPolicy):
    type = "RandomRP"
    cxx_class = "gem5::replacement_policy::Random"


class BRRIPRP(BaseReplacementPolicy):
    type = "BRRIPRP"
    cxx_class = "gem5::replacement_policy::BRRIP"

    num_bits = Param.Int(2, "bits of each re-reference prediction value")
    hit_priority = Param.Bool(False, "evict first the blocks without recent hits")
    btp = Param.Percent(3, "share (%) of insertions made with a long RRPV")


class RRIPRP(BRRIPRP):
    btp = 100


class NRURP(BRRIPRP):
    btp = 100
    num_bits = 1


class SHiPRP(BRRIPRP):
    type = "SHiPRP"
    cxx_class = "gem5::replacement_policy::SHiP"
    abstract = True

    shct_size = Param.Unsigned(16384, "entries of the signature history counter table")
    insertion_threshold = Param.Percent(1, "share (%) at which an entry changes its "
                                           "insertion policy")
    hit_priority = True
    btp = 0


class SHiPMemRP(SHiPRP):
    type = "SHiPMemRP"
    cxx_class = "gem5::replacement_policy::SHiPMem"


class SHiPPCRP(SHiPRP):
    type = "SHiPPCRP"
    cxx_class = "gem5::replacement_policy::SHiPPC"


class TreePLRURP(BaseReplacementPolicy):
    type = "TreePLRURP"
    cxx_class = "gem5::replacement_policy::TreePLRU"

    num_leaves = Param.Int(Parent.assoc, "leaves of each tree (the associativity)")


class WeightedLRURP(LRURP):
    type = "WeightedLRURP"
    cxx_class = "gem5::replacement_policy::WeightedLRU"


class DRRIPRP(DuelingRP):
    replacement_policy_a = BRRIPRP()
    replacement_policy_b = RRIPRP()
