"""gem5's in-order CPU (``src/cpu/minor/BaseMinorCPU.py``): ``BaseMinorCPU``
with its pipeline parameters and defaults, ``RiscvMinorCPU`` and its
single-ISA alias ``MinorCPU``. ``executeFuncUnits`` is a ``MinorFUPool``
(``sim.objects.minor_fu``), gem5's ``MinorDefaultFUPool`` by default."""

from sim.objects.branch_pred import TournamentBP
from sim.objects.cpu import BaseCPU, RiscvCPU
from sim.objects.minor_fu import MinorDefaultFUPool
from sim.objects.params import Param
from sim.objects.proxy import Parent
from sim.objects.riscv import RiscvInterrupts, RiscvISA, RiscvMMU


class BaseMinorCPU(BaseCPU):
    type = "BaseMinorCPU"
    cxx_class = "gem5::MinorCPU"
    abstract = True

    fetch1FetchLimit = Param.Unsigned(1, "Number of line fetches allowable in flight at once")
    fetch1LineSnapWidth = Param.Unsigned(
        0, "Fetch1 'line' fetch snap size in bytes (0 means use system cache line size)")
    fetch1LineWidth = Param.Unsigned(
        0, "Fetch1 maximum fetch size in bytes (0 means use system cache line size)")
    fetch1ToFetch2ForwardDelay = Param.Cycles(
        1, "Forward cycle delay from Fetch1 to Fetch2 (1 means next cycle)")
    fetch1ToFetch2BackwardDelay = Param.Cycles(
        1, "Backward cycle delay from Fetch2 to Fetch1 for branch prediction signalling")
    fetch2InputBufferSize = Param.Unsigned(
        2, "Size of input buffer to Fetch2 in cycles-worth of insts.")
    fetch2ToDecodeForwardDelay = Param.Cycles(
        1, "Forward cycle delay from Fetch2 to Decode (1 means next cycle)")
    fetch2CycleInput = Param.Bool(
        True, "Allow Fetch2 to cross input lines to generate full output each cycle")
    decodeInputBufferSize = Param.Unsigned(
        3, "Size of input buffer to Decode in cycles-worth of insts.")
    decodeToExecuteForwardDelay = Param.Cycles(
        1, "Forward cycle delay from Decode to Execute (1 means next cycle)")
    decodeInputWidth = Param.Unsigned(
        2, "Width (in instructions) of input to Decode (and implicitly Decode's own width)")
    decodeCycleInput = Param.Bool(
        True, "Allow Decode to pack instructions from more than one input cycle")
    executeInputWidth = Param.Unsigned(2, "Width (in instructions) of input to Execute")
    executeCycleInput = Param.Bool(
        True, "Allow Execute to use instructions from more than one input cycle each cycle")
    executeIssueLimit = Param.Unsigned(2, "Number of issuable instructions in Execute each cycle")
    executeMemoryIssueLimit = Param.Unsigned(
        1, "Number of issuable memory instructions in Execute each cycle")
    executeCommitLimit = Param.Unsigned(
        2, "Number of committable instructions in Execute each cycle")
    executeMemoryCommitLimit = Param.Unsigned(
        1, "Number of committable memory references in Execute each cycle")
    executeInputBufferSize = Param.Unsigned(
        7, "Size of input buffer to Execute in cycles-worth of insts.")
    executeMemoryWidth = Param.Unsigned(
        0, "Width (and snap) in bytes of the data memory interface (0: the cache line size)")
    executeMaxAccessesInMemory = Param.Unsigned(
        2, "Maximum number of concurrent accesses allowed to the memory system")
    executeLSQMaxStoreBufferStoresPerCycle = Param.Unsigned(
        2, "Maximum number of stores that the store buffer can issue per cycle")
    executeLSQRequestsQueueSize = Param.Unsigned(
        1, "Size of LSQ requests queue (address translation queue)")
    executeLSQTransfersQueueSize = Param.Unsigned(
        2, "Size of LSQ transfers queue (memory transaction queue)")
    executeLSQStoreBufferSize = Param.Unsigned(5, "Size of LSQ store buffer")
    executeFuncUnits = Param.MinorFUPool(MinorDefaultFUPool(), "FUs for this processor")
    executeBranchDelay = Param.Cycles(
        1, "Delay from Execute deciding to branch and Fetch1 reacting (1 means next cycle)")
    executeSetTraceTimeOnCommit = Param.Bool(True, "Set inst. trace times to be commit times")
    executeSetTraceTimeOnIssue = Param.Bool(False, "Set inst. trace times to be issue times")
    executeAllowEarlyMemoryIssue = Param.Bool(
        True, "Allow mem refs to be issued to the LSQ before reaching the head of the queue")
    enableIdling = Param.Bool(True, "Enable cycle skipping when the processor is idle")
    branchPred = Param.BranchPredictor(TournamentBP(numThreads=Parent.numThreads),
                                       "Branch Predictor")

    @classmethod
    def memory_mode(cls) -> str:
        return "timing"

    @classmethod
    def support_take_over(cls) -> bool:
        return True

    ArchInterrupts = RiscvInterrupts
    ArchISA = RiscvISA


class RiscvMinorCPU(BaseMinorCPU, RiscvCPU):
    """In-order pipelined CPU: Fetch1, Fetch2 with branch prediction, Decode and
    Execute with a functional-unit pool (gem5's MinorCPU)."""

    ArchMMU = RiscvMMU  # BaseCPU's ArchMMU comes first in the MRO
    mmu = RiscvMMU()


MinorCPU = RiscvMinorCPU
