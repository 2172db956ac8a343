"""gem5's branch predictors (``src/cpu/pred/BranchPredictor.py``) that the
detailed CPUs take as ``branchPred``: ``LocalBP``, ``TournamentBP`` (the
default) and ``BiModeBP``, with gem5's parameters and defaults. The BTB (4096
entries) and the return address stack (16 entries) are fixed at gem5's default
sizes."""

from sim.objects.cpu import BranchPredictor
from sim.objects.params import Param
from sim.objects.proxy import Parent


class _CountingPredictor(BranchPredictor):
    """What every predictor here has (gem5's ``BranchPredictor`` parameters)."""

    abstract = True
    numThreads = Param.Unsigned(Parent.numThreads, "Number of threads")
    instShiftAmt = Param.Unsigned(2, "Number of bits to shift instructions by")


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
