"""gem5's out-of-order CPU (``src/cpu/o3/BaseO3CPU.py``): ``BaseO3CPU`` with
its pipeline parameters and defaults, ``RiscvO3CPU`` and its single-ISA
aliases ``O3CPU`` and ``DerivO3CPU``. ``fuPool`` is an ``FUPool``
(``sim.objects.fu_pool``), gem5's ``DefaultFUPool`` by default."""

from sim.objects.branch_pred import TournamentBP
from sim.objects.fu_pool import DefaultFUPool
from sim.objects.cpu import BaseCPU, RiscvCPU
from sim.objects.params import Param
from sim.objects.proxy import Parent
from sim.objects.riscv import RiscvInterrupts, RiscvISA, RiscvMMU


class BaseO3CPU(BaseCPU):
    type = "BaseO3CPU"
    cxx_class = "gem5::o3::CPU"
    abstract = True

    activity = Param.Unsigned(0, "Initial count")
    cacheStorePorts = Param.Unsigned(200, "Cache Ports. Constrains stores only.")
    cacheLoadPorts = Param.Unsigned(200, "Cache Ports. Constrains loads only.")
    decodeToFetchDelay = Param.Cycles(1, "Decode to fetch delay")
    renameToFetchDelay = Param.Cycles(1, "Rename to fetch delay")
    iewToFetchDelay = Param.Cycles(1, "Issue/Execute/Writeback to fetch delay")
    commitToFetchDelay = Param.Cycles(1, "Commit to fetch delay")
    fetchWidth = Param.Unsigned(8, "Fetch width")
    fetchBufferSize = Param.Unsigned(64, "Fetch buffer size in bytes")
    fetchQueueSize = Param.Unsigned(32, "Fetch queue size in micro-ops per-thread")
    renameToDecodeDelay = Param.Cycles(1, "Rename to decode delay")
    iewToDecodeDelay = Param.Cycles(1, "Issue/Execute/Writeback to decode delay")
    commitToDecodeDelay = Param.Cycles(1, "Commit to decode delay")
    fetchToDecodeDelay = Param.Cycles(1, "Fetch to decode delay")
    decodeWidth = Param.Unsigned(8, "Decode width")
    iewToRenameDelay = Param.Cycles(1, "Issue/Execute/Writeback to rename delay")
    commitToRenameDelay = Param.Cycles(1, "Commit to rename delay")
    decodeToRenameDelay = Param.Cycles(1, "Decode to rename delay")
    renameWidth = Param.Unsigned(8, "Rename width")
    commitToIEWDelay = Param.Cycles(1, "Commit to Issue/Execute/Writeback delay")
    renameToIEWDelay = Param.Cycles(2, "Rename to Issue/Execute/Writeback delay")
    issueToExecuteDelay = Param.Cycles(
        1, "Issue to execute delay (internal to the IEW stage)")
    dispatchWidth = Param.Unsigned(8, "Dispatch width")
    issueWidth = Param.Unsigned(8, "Issue width")
    wbWidth = Param.Unsigned(8, "Writeback width")
    iewToCommitDelay = Param.Cycles(1, "Issue/Execute/Writeback to commit delay")
    renameToROBDelay = Param.Cycles(1, "Rename to reorder buffer delay")
    commitWidth = Param.Unsigned(8, "Commit width")
    squashWidth = Param.Unsigned(8, "Squash width")
    trapLatency = Param.Cycles(13, "Trap latency")
    fetchTrapLatency = Param.Cycles(1, "Fetch trap latency")
    backComSize = Param.Unsigned(5, "Time buffer size for backwards communication")
    forwardComSize = Param.Unsigned(5, "Time buffer size for forward communication")
    LQEntries = Param.Unsigned(32, "Number of load queue entries")
    SQEntries = Param.Unsigned(32, "Number of store queue entries")
    LSQDepCheckShift = Param.Unsigned(4, "Number of places to shift addr before check")
    LSQCheckLoads = Param.Bool(
        True, "Should dependency violations be checked for loads & stores or just stores")
    store_set_clear_period = Param.Unsigned(
        250000, "Number of load/store insts before the dep predictor should be invalidated")
    LFSTSize = Param.Unsigned(1024, "Last fetched store table size")
    SSITSize = Param.Unsigned(1024, "Store set ID table size")
    numRobs = Param.Unsigned(1, "Number of Reorder Buffers")
    numPhysIntRegs = Param.Unsigned(256, "Number of physical integer registers")
    numPhysFloatRegs = Param.Unsigned(256, "Number of physical floating point registers")
    numPhysVecRegs = Param.Unsigned(256, "Number of physical vector registers")
    numPhysVecPredRegs = Param.Unsigned(32, "Number of physical predicate registers")
    numPhysMatRegs = Param.Unsigned(2, "Number of physical matrix registers")
    numPhysCCRegs = Param.Unsigned(0, "Number of physical cc registers")
    numIQEntries = Param.Unsigned(64, "Number of instruction queue entries")
    numROBEntries = Param.Unsigned(192, "Number of reorder buffer entries")
    fuPool = Param.FUPool(DefaultFUPool(), "Functional Unit pool")
    smtNumFetchingThreads = Param.Unsigned(1, "SMT Number of Fetching Threads")
    needsTSO = Param.Bool(False, "Enable TSO Memory model")
    branchPred = Param.BranchPredictor(TournamentBP(numThreads=Parent.numThreads),
                                       "Branch Predictor")

    @classmethod
    def memory_mode(cls) -> str:
        return "timing"

    @classmethod
    def require_caches(cls) -> bool:
        return True

    @classmethod
    def support_take_over(cls) -> bool:
        return True

    ArchInterrupts = RiscvInterrupts
    ArchISA = RiscvISA


class RiscvO3CPU(BaseO3CPU, RiscvCPU):
    """Out-of-order CPU: fetch with branch prediction, rename onto physical
    registers, an issue queue, a load/store queue with store sets, a reorder
    buffer and in-order commit (gem5's O3CPU)."""

    ArchMMU = RiscvMMU  # BaseCPU's ArchMMU comes first in the MRO
    mmu = RiscvMMU()


O3CPU = RiscvO3CPU
DerivO3CPU = RiscvO3CPU
