"""gem5's branch predictors (``src/cpu/pred/BranchPredictor.py``) that the
detailed CPUs take as ``branchPred``: ``LocalBP``, ``TournamentBP`` (the
default), ``BiModeBP``, ``TAGE`` and ``LTAGE``, each with a ``SimpleBTB``, a
``ReturnAddrStack`` and a ``SimpleIndirectPredictor`` (the last two may be
NULL), with gem5's parameters and defaults."""

from sim.objects.cpu import BranchPredictor
from sim.objects.params import Param, VectorParam
from sim.objects.proxy import Parent
from sim.objects.simobject import SimObject


class ReturnAddrStack(SimObject):
    type = "ReturnAddrStack"
    cxx_class = "gem5::branch_prediction::ReturnAddrStack"

    numThreads = Param.Unsigned(Parent.numThreads, "Number of threads")
    numEntries = Param.Unsigned(16, "Number of RAS entries")


class BranchTargetBuffer(SimObject):
    type = "BranchTargetBuffer"
    cxx_class = "gem5::branch_prediction::BranchTargetBuffer"
    abstract = True

    numThreads = Param.Unsigned(Parent.numThreads, "Number of threads")


class SimpleBTB(BranchTargetBuffer):
    type = "SimpleBTB"
    cxx_class = "gem5::branch_prediction::SimpleBTB"

    numEntries = Param.Unsigned(4096, "Number of BTB entries")
    tagBits = Param.Unsigned(16, "Size of the BTB tags, in bits")
    instShiftAmt = Param.Unsigned(Parent.instShiftAmt, "Number of bits to shift instructions by")


class IndirectPredictor(SimObject):
    type = "IndirectPredictor"
    cxx_class = "gem5::branch_prediction::IndirectPredictor"
    abstract = True

    numThreads = Param.Unsigned(Parent.numThreads, "Number of threads")


class SimpleIndirectPredictor(IndirectPredictor):
    type = "SimpleIndirectPredictor"
    cxx_class = "gem5::branch_prediction::SimpleIndirectPredictor"

    indirectHashGHR = Param.Bool(True, "Hash branch predictor GHR")
    indirectHashTargets = Param.Bool(True, "Hash path history targets")
    indirectSets = Param.Unsigned(256, "Cache sets for indirect predictor")
    indirectWays = Param.Unsigned(2, "Ways for indirect predictor")
    indirectTagSize = Param.Unsigned(16, "Indirect target cache tag bits")
    indirectPathLength = Param.Unsigned(3, "Previous indirect targets to use for path history")
    speculativePathLength = Param.Unsigned(
        256, "Additional buffer space to store speculative path history")
    indirectGHRBits = Param.Unsigned(13, "Indirect GHR number of bits")
    instShiftAmt = Param.Unsigned(2, "Number of bits to shift instructions by")


class _CountingPredictor(BranchPredictor):
    """What every predictor here has (gem5's ``BranchPredictor`` parameters)."""

    abstract = True
    numThreads = Param.Unsigned(Parent.numThreads, "Number of threads")
    instShiftAmt = Param.Unsigned(2, "Number of bits to shift instructions by")
    requiresBTBHit = Param.Bool(
        False, "Requires the BTB to hit for returns and indirect branches")
    btb = Param.BranchTargetBuffer(SimpleBTB(), "Branch target buffer (BTB)")
    ras = Param.ReturnAddrStack(
        ReturnAddrStack(), "Return address stack, set to NULL to disable RAS.")
    indirectBranchPred = Param.IndirectPredictor(
        SimpleIndirectPredictor(),
        "Indirect branch predictor, set to NULL to disable indirect predictions")


class LocalBP(_CountingPredictor):
    type = "LocalBP"
    cxx_class = "gem5::branch_prediction::LocalBP"

    localPredictorSize = Param.Unsigned(2048, "Size of local predictor")
    localCtrBits = Param.Unsigned(2, "Bits per counter")


class TournamentBP(_CountingPredictor):
    type = "TournamentBP"
    cxx_class = "gem5::branch_prediction::TournamentBP"

    localPredictorSize = Param.Unsigned(2048, "Size of local predictor")
    localCtrBits = Param.Unsigned(2, "Bits per counter")
    localHistoryTableSize = Param.Unsigned(2048, "size of local history table")
    globalPredictorSize = Param.Unsigned(8192, "Size of global predictor")
    globalCtrBits = Param.Unsigned(2, "Bits per counter")
    choicePredictorSize = Param.Unsigned(8192, "Size of choice predictor")
    choiceCtrBits = Param.Unsigned(2, "Bits of choice counters")


class BiModeBP(_CountingPredictor):
    type = "BiModeBP"
    cxx_class = "gem5::branch_prediction::BiModeBP"

    globalPredictorSize = Param.Unsigned(8192, "Size of global predictor")
    globalCtrBits = Param.Unsigned(2, "Bits per counter")
    choicePredictorSize = Param.Unsigned(8192, "Size of choice predictor")
    choiceCtrBits = Param.Unsigned(2, "Bits of choice counters")


class TAGEBase(SimObject):
    type = "TAGEBase"
    cxx_class = "gem5::branch_prediction::TAGEBase"

    numThreads = Param.Unsigned(Parent.numThreads, "Number of threads")
    instShiftAmt = Param.Unsigned(Parent.instShiftAmt, "Number of bits to shift instructions by")
    nHistoryTables = Param.Unsigned(7, "Number of history tables")
    minHist = Param.Unsigned(5, "Minimum history size of TAGE")
    maxHist = Param.Unsigned(130, "Maximum history size of TAGE")
    tagTableTagWidths = VectorParam.Unsigned(
        [0, 9, 9, 10, 10, 11, 11, 12], "Tag size in TAGE tag tables")
    logTagTableSizes = VectorParam.Int([13, 9, 9, 9, 9, 9, 9, 9], "Log2 of TAGE table sizes")
    logRatioBiModalHystEntries = Param.Unsigned(
        2, "Log num of prediction entries for a shared hysteresis bit for the Bimodal")
    tagTableCounterBits = Param.Unsigned(3, "Number of tag table counter bits")
    tagTableUBits = Param.Unsigned(2, "Number of tag table u bits")
    histBufferSize = Param.Unsigned(
        2097152, "A large number to track all branch histories(2MEntries default)")
    pathHistBits = Param.Unsigned(16, "Path history size")
    logUResetPeriod = Param.Unsigned(
        18, "Log period in number of branches to reset TAGE useful counters")
    numUseAltOnNa = Param.Unsigned(1, "Number of USE_ALT_ON_NA counters")
    initialTCounterValue = Param.Int(1 << 17, "Initial value of tCounter")
    useAltOnNaBits = Param.Unsigned(4, "Size of the USE_ALT_ON_NA counter(s)")
    maxNumAlloc = Param.Unsigned(1, "Max number of TAGE entries allocted on mispredict")
    noSkip = VectorParam.Bool([], "Vector of enabled TAGE tables")
    speculativeHistUpdate = Param.Bool(True, "Use speculative update for histories")


class TAGE(_CountingPredictor):
    """TAGE as in https://www.jilp.org/vol8/v8paper1.pdf (8C-TAGE, 63.5 Kbits)."""

    type = "TAGE"
    cxx_class = "gem5::branch_prediction::TAGE"

    tage = Param.TAGEBase(TAGEBase(), "Tage object")


class LTAGE_TAGE(TAGEBase):
    nHistoryTables = 12
    minHist = 4
    maxHist = 640
    tagTableTagWidths = [0, 7, 7, 8, 8, 9, 10, 11, 12, 12, 13, 14, 15]
    logTagTableSizes = [14, 10, 10, 11, 11, 11, 11, 10, 10, 10, 10, 9, 9]
    logUResetPeriod = 19


class LoopPredictor(SimObject):
    type = "LoopPredictor"
    cxx_class = "gem5::branch_prediction::LoopPredictor"

    logSizeLoopPred = Param.Unsigned(8, "Log size of the loop predictor")
    withLoopBits = Param.Unsigned(7, "Size of the WITHLOOP counter")
    loopTableAgeBits = Param.Unsigned(8, "Number of age bits per loop entry")
    loopTableConfidenceBits = Param.Unsigned(2, "Number of confidence bits per loop entry")
    loopTableTagBits = Param.Unsigned(14, "Number of tag bits per loop entry")
    loopTableIterBits = Param.Unsigned(14, "Nuber of iteration bits per loop")
    logLoopTableAssoc = Param.Unsigned(2, "Log loop predictor associativity")
    useSpeculation = Param.Bool(False, "Use speculation")
    useHashing = Param.Bool(False, "Use hashing")
    useDirectionBit = Param.Bool(False, "Use direction info")
    restrictAllocation = Param.Bool(False, "Restrict the allocation conditions")
    initialLoopIter = Param.Unsigned(1, "Initial iteration number")
    initialLoopAge = Param.Unsigned(255, "Initial age value")
    optionalAgeReset = Param.Bool(True, "Reset age bits optionally in some cases")


class LTAGE(TAGE):
    type = "LTAGE"
    cxx_class = "gem5::branch_prediction::LTAGE"

    tage = LTAGE_TAGE()
    loop_predictor = Param.LoopPredictor(LoopPredictor(), "Loop predictor")


__all__ = ["ReturnAddrStack", "BranchTargetBuffer", "SimpleBTB", "IndirectPredictor",
           "SimpleIndirectPredictor", "LocalBP", "TournamentBP", "BiModeBP", "TAGEBase",
           "TAGE", "LTAGE_TAGE", "LoopPredictor", "LTAGE"]
