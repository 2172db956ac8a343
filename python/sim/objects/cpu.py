"""The simple CPUs (gem5's ``src/cpu/BaseCPU.py`` and ``src/cpu/simple``).

gem5 names the RISC-V models ``RiscvAtomicSimpleCPU`` and ``RiscvTimingSimpleCPU``
and, in a build with one ISA, exports them as ``AtomicSimpleCPU`` and
``TimingSimpleCPU``; their config ``type`` is the ISA-neutral base's
(``BaseTimingSimpleCPU``).
"""

from sim.objects.clocks import ClockedObject
from sim.objects.params import NULL, Param, VectorParam
from sim.objects.ports import RequestPort
from sim.objects.proxy import Parent


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
    max_insts_all_threads = Param.Counter(0, "terminate when all threads reach this count")
    max_insts_any_thread = Param.Counter(0, "terminate when any thread reaches this count")
    simpoint_start_insts = VectorParam.Counter([], "starting instruction counts of simpoints")
    progress_interval = Param.Frequency("0Hz", "frequency to print out the progress message")
    switched_out = Param.Bool(False, "Leave the CPU switched out after startup")

    # gem5 fails at the first fetch or load through an unconnected port; the
    # tree's check reports it before anything runs.
    icache_port = RequestPort("Instruction Port", required=True)
    dcache_port = RequestPort("Data Port", required=True)


class BaseSimpleCPU(BaseCPU):
    type = "BaseSimpleCPU"
    cxx_class = "gem5::BaseSimpleCPU"
    abstract = True


class BaseAtomicSimpleCPU(BaseSimpleCPU):
    type = "BaseAtomicSimpleCPU"
    cxx_class = "gem5::AtomicSimpleCPU"
    abstract = True

    width = Param.Int(1, "CPU width")
    simulate_data_stalls = Param.Bool(False, "Simulate dcache stall cycles")
    simulate_inst_stalls = Param.Bool(False, "Simulate icache stall cycles")


class BaseTimingSimpleCPU(BaseSimpleCPU):
    type = "BaseTimingSimpleCPU"
    cxx_class = "gem5::TimingSimpleCPU"
    abstract = True


class RiscvAtomicSimpleCPU(BaseAtomicSimpleCPU):
    pass


class RiscvTimingSimpleCPU(BaseTimingSimpleCPU):
    pass


AtomicSimpleCPU = RiscvAtomicSimpleCPU
TimingSimpleCPU = RiscvTimingSimpleCPU
