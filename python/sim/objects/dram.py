"""gem5's memory controllers and DRAM interfaces (``src/mem/qos/QoSMemCtrl.py``,
``MemCtrl.py``, ``HBMCtrl.py``, ``MemInterface.py`` and ``DRAMInterface.py``).

A ``MemCtrl`` has one response ``port`` and a memory interface ``dram`` (a child
object); the address ``range`` belongs to the interface (an ``AbstractMemory``),
not to the controller. ``HBMCtrl`` drives two pseudo channels, ``dram`` and
``dram_2``. Timings are latencies (ticks in config.json); IDD currents are
amperes and voltages volts, as gem5 writes them.
"""

from sim.objects.clocks import ClockedObject
from sim.objects.memory import AbstractMemory
from sim.objects.params import NULL, Enum, Param, VectorParam
from sim.objects.ports import ResponsePort
from sim.objects.proxy import Parent, Self
from sim.objects.simobject import SimObject


class QoSQPolicy(Enum):
    vals = ["fifo", "lifo", "lrg"]


class MemSched(Enum):
    vals = ["fcfs", "frfcfs"]


class AddrMap(Enum):
    vals = ["RoRaBaChCo", "RoRaBaCoCh", "RoCoRaBaCh"]


class PageManage(Enum):
    vals = ["open", "open_adaptive", "close", "close_adaptive"]


class QoSPolicy(SimObject):
    """Base of gem5's QoS arbitration policies (none is modelled; NULL is the default)."""

    type = "QoSPolicy"
    cxx_class = "gem5::memory::qos::Policy"
    abstract = True


class QoSTurnaroundPolicy(SimObject):
    """Base of gem5's QoS bus-turnaround policies (NULL is the default)."""

    type = "QoSTurnaroundPolicy"
    cxx_class = "gem5::memory::qos::TurnaroundPolicy"
    abstract = True


class QoSMemCtrl(ClockedObject):
    type = "QoSMemCtrl"
    cxx_class = "gem5::memory::qos::MemCtrl"
    abstract = True

    system = Param.System(Parent.any, "system the controller is part of")
    qos_priorities = Param.Unsigned(1, "number of QoS priority levels")
    qos_policy = Param.QoSPolicy(NULL, "QoS arbitration policy for requests")
    qos_turnaround_policy = Param.QoSTurnaroundPolicy(NULL, "QoS-driven turnaround policy")
    qos_q_policy = Param.QoSQPolicy("fifo", "selection among requests of equal QoS")
    qos_syncro_scheduler = Param.Bool(False, "synchronised QoS scheduling")
    qos_priority_escalation = Param.Bool(False, "QoS priority escalation")
    _deprecated_names = {"qos_masters": "qos_requestors"}

    qos_requestors = VectorParam.String([""] * 16,
                                        "requestor names mapped to QoS service parameters")


class MemCtrl(QoSMemCtrl):
    type = "MemCtrl"
    cxx_class = "gem5::memory::MemCtrl"

    # gem5's MemCtrl::init() fatals when the port is unconnected.
    port = ResponsePort("responds to memory requests", required=True)
    dram = Param.MemInterface("the memory interface (DRAM or NVM) behind the controller")
    write_high_thresh_perc = Param.Percent(85, "write-queue fill (%) that forces writes")
    write_low_thresh_perc = Param.Percent(50, "write-queue fill (%) that starts writes "
                                              "when no reads wait")
    min_writes_per_switch = Param.Unsigned(16, "write bursts before turning to reads")
    min_reads_per_switch = Param.Unsigned(16, "read bursts before turning to writes")
    mem_sched_policy = Param.MemSched("frfcfs", "request scheduling policy")
    static_frontend_latency = Param.Latency("10ns", "controller and PHY frontend pipeline "
                                                    "latency")
    static_backend_latency = Param.Latency("10ns", "controller and PHY backend pipeline "
                                                   "latency (reads from the media)")
    command_window = Param.Latency("10ns", "window for counting issued commands")
    disable_sanity_check = Param.Bool(False, "skip the response-queue size check")


class MemInterface(AbstractMemory):
    type = "MemInterface"
    cxx_class = "gem5::memory::MemInterface"
    abstract = True

    write_buffer_size = Param.Unsigned(64, "write queue entries (bursts)")
    read_buffer_size = Param.Unsigned(32, "read queue entries (bursts)")
    addr_mapping = Param.AddrMap("RoRaBaCoCh", "address to row/rank/bank/column mapping")
    device_size = Param.MemorySize("capacity of one device (chip)")
    device_bus_width = Param.Unsigned("data bus width of one device, in bits")
    burst_length = Param.Unsigned("beats per burst")
    device_rowbuffer_size = Param.MemorySize("row buffer (page) size of one device")
    devices_per_rank = Param.Unsigned("devices (chips) per rank")
    ranks_per_channel = Param.Unsigned("ranks per channel")
    banks_per_rank = Param.Unsigned("banks per rank")
    tCK = Param.Latency("clock period")
    tBURST = Param.Latency("time of one burst transfer")
    tWTR = Param.Latency("write-to-read turnaround, same rank")
    tRTW = Param.Latency("read-to-write turnaround, same rank")
    tCS = Param.Latency("rank-to-rank switching time")


class NVMInterface(MemInterface):
    """gem5's non-volatile memory interface; not modelled. It is declared
    (abstract, so no script can build one) because configuration scripts test
    their memory classes against it (``issubclass(intf, NVMInterface)``)."""

    type = "NVMInterface"
    cxx_class = "gem5::memory::NVMInterface"
    abstract = True


class DRAMInterface(MemInterface):
    type = "DRAMInterface"
    cxx_class = "gem5::memory::DRAMInterface"

    page_policy = Param.PageManage("open_adaptive", "row buffer management policy")
    max_accesses_per_row = Param.Unsigned(16, "accesses to a row before it is closed")
    bank_groups_per_rank = Param.Unsigned(0, "bank groups per rank (0: none)")
    enable_dram_powerdown = Param.Bool(False, "model power-down states")
    dll = Param.Bool(True, "whether the device has a DLL")
    tRCD = Param.Latency("activate to read delay")
    tRCD_WR = Param.Latency(Self.tRCD, "activate to write delay")
    tCL = Param.Latency("read CAS latency")
    tCWL = Param.Latency(Self.tCL, "write CAS latency")
    tRP = Param.Latency("precharge time")
    tRAS = Param.Latency("activate to precharge delay")
    tWR = Param.Latency("write recovery time")
    tRTP = Param.Latency("read to precharge delay")
    tBURST_MAX = Param.Latency(Self.tBURST, "longest column access delay")
    tBURST_MIN = Param.Latency(Self.tBURST, "shortest delay between bursts")
    tCCD_L = Param.Latency("0ns", "CAS to CAS delay within a bank group")
    tCCD_L_WR = Param.Latency(Self.tCCD_L, "write to write delay within a bank group")
    tRFC = Param.Latency("refresh cycle time")
    tREFI = Param.Latency("refresh interval")
    tWTR_L = Param.Latency(Self.tWTR, "write-to-read turnaround within a bank group")
    tPPD = Param.Latency("0ns", "precharge to precharge delay")
    tAAD = Param.Latency(Self.tCK, "longest gap between the two cycles of an activate")
    two_cycle_activate = Param.Bool(False, "activates take two command cycles")
    tRRD = Param.Latency("activate to activate delay")
    tRRD_L = Param.Latency("0ns", "activate to activate delay within a bank group")
    tXAW = Param.Latency("window of activation_limit activates")
    activation_limit = Param.Unsigned("activates allowed in tXAW")
    tXP = Param.Latency("0ns", "power-down exit delay")
    tXPDLL = Param.Latency("0ns", "power-down exit delay with the DLL locked")
    tXS = Param.Latency("0ns", "self-refresh exit delay")
    tXSDLL = Param.Latency("0ns", "self-refresh exit delay with the DLL")
    beats_per_clock = Param.Unsigned(2, "data beats per clock")
    data_clock_sync = Param.Bool(False, "whether data-clock synchronisation commands are needed")
    IDD0 = Param.Current("0mA", "activate-precharge current")
    IDD02 = Param.Current("0mA", "activate-precharge current on VDD2")
    IDD2P0 = Param.Current("0mA", "precharge power-down current, slow exit")
    IDD2P02 = Param.Current("0mA", "precharge power-down current, slow exit, on VDD2")
    IDD2P1 = Param.Current("0mA", "precharge power-down current, fast exit")
    IDD2P12 = Param.Current("0mA", "precharge power-down current, fast exit, on VDD2")
    IDD2N = Param.Current("0mA", "precharge standby current")
    IDD2N2 = Param.Current("0mA", "precharge standby current on VDD2")
    IDD3P0 = Param.Current("0mA", "active power-down current, slow exit")
    IDD3P02 = Param.Current("0mA", "active power-down current, slow exit, on VDD2")
    IDD3P1 = Param.Current("0mA", "active power-down current, fast exit")
    IDD3P12 = Param.Current("0mA", "active power-down current, fast exit, on VDD2")
    IDD3N = Param.Current("0mA", "active standby current")
    IDD3N2 = Param.Current("0mA", "active standby current on VDD2")
    IDD4R = Param.Current("0mA", "burst read current")
    IDD4R2 = Param.Current("0mA", "burst read current on VDD2")
    IDD4W = Param.Current("0mA", "burst write current")
    IDD4W2 = Param.Current("0mA", "burst write current on VDD2")
    IDD5 = Param.Current("0mA", "refresh current")
    IDD52 = Param.Current("0mA", "refresh current on VDD2")
    IDD6 = Param.Current("0mA", "self-refresh current")
    IDD62 = Param.Current("0mA", "self-refresh current on VDD2")
    VDD = Param.Voltage("0V", "main supply voltage")
    VDD2 = Param.Voltage("0V", "second supply voltage")

    def controller(self) -> MemCtrl:
        """A ``MemCtrl`` with this interface as its ``dram`` (as gem5's)."""
        controller = MemCtrl()
        controller.dram = self
        return controller


class HBMCtrl(MemCtrl):
    """A controller of two HBM pseudo channels: ``dram`` and ``dram_2``."""

    type = "HBMCtrl"
    cxx_class = "gem5::memory::HBMCtrl"

    dram_2 = Param.DRAMInterface("the second pseudo channel's interface")
    min_reads_per_switch = 64
    min_writes_per_switch = 64
