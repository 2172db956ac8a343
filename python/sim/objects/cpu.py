"""The simple CPUs (gem5's ``src/cpu/BaseCPU.py``, ``src/cpu/simple`` and
``src/arch/riscv/RiscvCPU.py``).

gem5 names the RISC-V models ``RiscvAtomicSimpleCPU`` and ``RiscvTimingSimpleCPU``
and, in a build with one ISA, exports them as ``AtomicSimpleCPU`` and
``TimingSimpleCPU``; their config ``type`` is the ISA-neutral base's
(``BaseTimingSimpleCPU``). A RISC-V CPU has a ``RiscvMMU`` child from the start;
``createThreads()`` and ``createInterruptController()`` add the per-thread ISA,
decoder and interrupt objects, and the ``connect*``/``add*Caches`` methods wire
ports as gem5's BaseCPU does.
"""

from typing import Any, List, Optional

from sim.errors import ParamError
from sim.objects.clocks import ClockedObject
from sim.objects.params import NULL, Param, VectorParam
from sim.objects.ports import RequestPort
from sim.objects.proxy import Parent
from sim.objects.simobject import SimObject
from sim.objects.riscv import (
    BaseMMU,
    ExeTracer,
    RiscvDecoder,
    RiscvInterrupts,
    RiscvISA,
    RiscvMMU,
)


class ThreadSetupError(ParamError, RuntimeError):
    """``createThreads`` on a CPU whose ISA objects or decoders do not fit
    (a RuntimeError, as gem5 raises)."""


class BaseCPU(ClockedObject):
    type = "BaseCPU"
    cxx_class = "gem5::BaseCPU"
    abstract = True

    system = Param.System(Parent.any, "system object")
    cpu_id = Param.Int(-1, "CPU identifier")
    socket_id = Param.Unsigned(0, "Physical Socket identifier")
    numThreads = Param.Unsigned(1, "number of HW thread contexts")
    pwr_gating_latency = Param.Cycles(300, "Latency to enter power gating state")
    power_gating_on_idle = Param.Bool(False, "Go to the OFF power state when idle")
    function_trace = Param.Bool(False, "Enable function trace")
    function_trace_start = Param.Tick(0, "Tick to start function trace")
    checker = Param.BaseCPU(NULL, "checker CPU")
    syscallRetryLatency = Param.Cycles(10000, "Cycles to wait until retry")
    do_checkpoint_insts = Param.Bool(True, "enable checkpoint pseudo instructions")
    do_statistics_insts = Param.Bool(True, "enable statistics pseudo instructions")
    workload = VectorParam.Process([], "processes to run")
    mmu = Param.BaseMMU(NULL, "memory management unit")
    interrupts = VectorParam.BaseInterrupts([], "interrupt controllers, one per thread")
    isa = VectorParam.BaseISA([], "ISA objects, one per thread")
    decoder = VectorParam.InstDecoder([], "decoders, one per thread")
    max_insts_all_threads = Param.Counter(0, "terminate when all threads reach this count")
    max_insts_any_thread = Param.Counter(0, "terminate when any thread reaches this count")
    simpoint_start_insts = VectorParam.Counter([], "starting instruction counts of simpoints")
    progress_interval = Param.Frequency("0Hz", "frequency to print out the progress message")
    switched_out = Param.Bool(False, "Leave the CPU switched out after startup")
    tracer = Param.InstTracer(ExeTracer(), "instruction tracer")

    # gem5 fails at the first fetch or load through an unconnected port; the
    # tree's check reports it before anything runs.
    icache_port = RequestPort("Instruction Port", required=True)
    dcache_port = RequestPort("Data Port", required=True)

    # The ISA's parts (gem5's RiscvCPU mix-in; RISC-V is the only ISA here).
    ArchISA = RiscvISA
    ArchMMU: Any = BaseMMU
    ArchDecoder = RiscvDecoder
    ArchInterrupts = RiscvInterrupts

    _cached_port_names = ["icache_port", "dcache_port"]

    @classmethod
    def memory_mode(cls) -> str:
        """The memory mode the CPU model needs (``system.mem_mode``)."""
        return "invalid"

    @classmethod
    def require_caches(cls) -> bool:
        return False

    @classmethod
    def support_take_over(cls) -> bool:
        return False

    def __init__(self, **kwargs: Any):
        super().__init__(**kwargs)
        self.power_state.possible_states = ["ON", "CLK_GATED", "OFF"]
        # Ports that connectCachedPorts wires, as paths from the CPU; the
        # table walkers' ports join them (gem5's BaseCPU.__init__).
        self._cached_ports = list(self._cached_port_names) + self.ArchMMU.walkerPorts()
        # RISC-V interrupt controllers have no pio/int_requestor ports.
        self._uncached_interrupt_response_ports: List[str] = []
        self._uncached_interrupt_request_ports: List[str] = []

    def addCheckerCpu(self) -> None:
        """gem5's hook for a checker CPU: the simple CPUs have none (as in gem5,
        where only some ISAs' detailed CPUs add one)."""

    def createThreads(self) -> None:
        """One ISA object (unless set already, one per thread) and one decoder
        per thread, as gem5's ``createThreads``."""
        if len(self.isa) == 0:
            self.isa = [self.ArchISA() for _ in range(self.numThreads)]
        elif len(self.isa) != self.numThreads:
            raise ThreadSetupError(f"{self.path()}.isa", f"has {len(self.isa)} ISA objects for "
                                                  f"numThreads={self.numThreads}; "
                                                  f"they must be equal")
        if len(self.decoder) != 0:
            raise ThreadSetupError(f"{self.path()}.decoder",
                             "is set already; createThreads makes the decoders")
        self.decoder = [self.ArchDecoder(isa=isa) for isa in self.isa]
        if self.checker is not NULL:
            self.checker.createThreads()

    def createInterruptController(self) -> None:
        """One interrupt controller per thread."""
        self.interrupts = [self.ArchInterrupts() for _ in range(self.numThreads)]

    def _port_at(self, path: str) -> Any:
        node: Any = self
        for part in path.split("."):
            node = getattr(node, part)
        return node

    def _connect_paths(self, paths: List[str], peer: Any) -> None:
        for path in paths:
            owner_path, _, port = path.rpartition(".")
            owner = self._port_at(owner_path) if owner_path else self
            setattr(owner, port, peer)

    def connectCachedPorts(self, in_ports: Any) -> None:
        """Connect every cached port (the L1s' ``mem_side`` once
        ``addPrivateSplitL1Caches`` ran, else the CPU's own) to ``in_ports``."""
        self._connect_paths(self._cached_ports, in_ports)

    def connectUncachedPorts(self, in_ports: Any, out_ports: Any) -> None:
        """Connect the interrupt controllers' ports (none on RISC-V)."""
        self._connect_paths(self._uncached_interrupt_response_ports, out_ports)
        self._connect_paths(self._uncached_interrupt_request_ports, in_ports)

    def connectAllPorts(self, cached_in: Any, uncached_in: Any = None,
                        uncached_out: Any = None) -> None:
        self.connectCachedPorts(cached_in)
        self.connectUncachedPorts(uncached_in, uncached_out)

    def connectBus(self, bus: Any) -> None:
        """Connect the CPU's ports to a crossbar ``bus``."""
        self.connectAllPorts(bus.cpu_side_ports, bus.cpu_side_ports, bus.mem_side_ports)

    def addPrivateSplitL1Caches(self, ic: Any, dc: Any, iwc: Optional[Any] = None,
                                dwc: Optional[Any] = None) -> None:
        """Make ``ic``/``dc`` the CPU's ``icache``/``dcache`` children in front of
        its ports; the caches' ``mem_side`` (and the walkers' ports, or the
        walker caches ``iwc``/``dwc``) become the cached ports."""
        self.icache = ic
        self.dcache = dc
        self.icache_port = ic.cpu_side
        self.dcache_port = dc.cpu_side
        self._cached_ports = ["icache.mem_side", "dcache.mem_side"]
        if iwc and dwc:
            self.itb_walker_cache = iwc
            self.dtb_walker_cache = dwc
            self.mmu.connectWalkerPorts(iwc.cpu_side, dwc.cpu_side)
            self._cached_ports += ["itb_walker_cache.mem_side", "dtb_walker_cache.mem_side"]
        else:
            self._cached_ports += self.ArchMMU.walkerPorts()
        if self.checker is not NULL:
            self._cached_ports += ["checker." + p for p in self.ArchMMU.walkerPorts()]

    def addTwoLevelCacheHierarchy(self, ic: Any, dc: Any, l2c: Any, iwc: Optional[Any] = None,
                                  dwc: Optional[Any] = None, xbar: Optional[Any] = None) -> None:
        """Private L1s, an ``L2XBar`` ``toL2Bus`` (or ``xbar``) and a private
        ``l2cache`` whose ``mem_side`` becomes the cached port."""
        from sim.objects.xbar import L2XBar

        self.addPrivateSplitL1Caches(ic, dc, iwc, dwc)
        self.toL2Bus = xbar if xbar else L2XBar()
        self.connectCachedPorts(self.toL2Bus.cpu_side_ports)
        self.l2cache = l2c
        self.toL2Bus.mem_side_ports = self.l2cache.cpu_side
        self._cached_ports = ["l2cache.mem_side"]


class BranchPredictor(SimObject):
    """Base of gem5's branch predictors (the simple CPUs default to none)."""

    type = "BranchPredictor"
    cxx_class = "gem5::branch_prediction::BPredUnit"
    abstract = True


class BaseSimpleCPU(BaseCPU):
    type = "BaseSimpleCPU"
    cxx_class = "gem5::BaseSimpleCPU"
    abstract = True

    branchPred = Param.BranchPredictor(NULL, "branch predictor")


class BaseAtomicSimpleCPU(BaseSimpleCPU):
    type = "BaseAtomicSimpleCPU"
    cxx_class = "gem5::AtomicSimpleCPU"
    abstract = True

    width = Param.Int(1, "CPU width")
    simulate_data_stalls = Param.Bool(False, "Simulate dcache stall cycles")
    simulate_inst_stalls = Param.Bool(False, "Simulate icache stall cycles")

    @classmethod
    def memory_mode(cls) -> str:
        return "atomic"

    @classmethod
    def support_take_over(cls) -> bool:
        return True


class BaseTimingSimpleCPU(BaseSimpleCPU):
    type = "BaseTimingSimpleCPU"
    cxx_class = "gem5::TimingSimpleCPU"
    abstract = True

    @classmethod
    def memory_mode(cls) -> str:
        return "timing"

    @classmethod
    def support_take_over(cls) -> bool:
        return True


class CheckerCPU(BaseCPU):
    """gem5's checker CPU base (a CPU that re-executes another's instructions);
    none is modelled, and configuration scripts exclude its subclasses from
    their CPU lists by it."""

    type = "CheckerCPU"
    cxx_class = "gem5::CheckerCPU"
    abstract = True


class RiscvCPU:
    """gem5's RISC-V CPU mixin (``src/arch/riscv/RiscvCPU.py``): the ISA's
    decoder, MMU, interrupt and ISA classes; scripts test ``issubclass(cls,
    RiscvCPU)`` to learn a CPU model's ISA."""

    ArchDecoder = RiscvDecoder
    ArchMMU = RiscvMMU
    ArchInterrupts = RiscvInterrupts
    ArchISA = RiscvISA


class RiscvAtomicSimpleCPU(BaseAtomicSimpleCPU, RiscvCPU):
    """Simple CPU model executing a configurable number of instructions per
    cycle; memory accesses complete atomically (gem5's AtomicSimpleCPU)."""

    ArchMMU = RiscvMMU  # BaseCPU's ArchMMU comes first in the MRO
    mmu = RiscvMMU()


class RiscvTimingSimpleCPU(BaseTimingSimpleCPU, RiscvCPU):
    """Simple CPU model that stalls on each memory access until its timing
    response arrives (gem5's TimingSimpleCPU)."""

    ArchMMU = RiscvMMU  # BaseCPU's ArchMMU comes first in the MRO
    mmu = RiscvMMU()


AtomicSimpleCPU = RiscvAtomicSimpleCPU
TimingSimpleCPU = RiscvTimingSimpleCPU
