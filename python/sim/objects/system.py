"""The root of the tree and the system (gem5's ``src/sim/Root.py``, ``System.py``)."""

from sim.objects.params import NULL, Enum, Param, VectorParam
from sim.objects.process import StubWorkload
from sim.objects.ports import RequestPort
from sim.objects.proxy import Parent, Self
from sim.objects.simobject import SimObject


class MemoryMode(Enum):
    vals = ["invalid", "atomic", "timing", "atomic_noncaching"]


class Root(SimObject):
    """The top of the tree, named ``root``; its children are named without it
    (``system``, not ``root.system``)."""

    type = "Root"
    cxx_class = "gem5::Root"

    eventq_index = 0

    sim_quantum = Param.Tick(0, "simulation quantum")
    full_system = Param.Bool("if this is a full system simulation")
    time_sync_enable = Param.Bool(False, "whether time syncing is enabled")
    time_sync_period = Param.Clock("100ms", "how often to sync with real time")
    time_sync_spin_threshold = Param.Clock("100us", "when less than this much time is left, spin")

    _instance = None  # the Root m5.instantiate() builds: the last one made

    def __init__(self, **kwargs):
        super().__init__(**kwargs)
        self._name = "root"
        Root._instance = self

    @classmethod
    def getInstance(cls):
        """The Root object (gem5's singleton accessor); ``None`` before one exists."""
        return Root._instance

    @classmethod
    def _reset_instance(cls):
        Root._instance = None


class DVFSHandler(SimObject):
    """Dynamic voltage and frequency scaling of clock domains (off by default)."""

    type = "DVFSHandler"
    cxx_class = "gem5::DVFSHandler"

    domains = VectorParam.SrcClockDomain([], "the clock domains it controls")
    sys_clk_domain = Param.SrcClockDomain(Parent.clk_domain,
                                          "clock domain the handler runs in")
    enable = Param.Bool(False, "whether the handler acts")
    transition_latency = Param.Latency("100us", "latency of a performance-level change")


class System(SimObject):
    type = "System"
    cxx_class = "gem5::System"

    system_port = RequestPort("System port")
    memories = VectorParam.AbstractMemory(Self.all, "every memory in the system")
    thermal_model = Param.ThermalModel(NULL, "thermal model")
    thermal_components = VectorParam.SimObject([], "the system's thermal components")
    redirect_paths = VectorParam.RedirectPath([], "file-system path redirections")
    mem_mode = Param.MemoryMode("atomic", "The mode the memory system is in")
    mmap_using_noreserve = Param.Bool(False, "mmap the backing store without reserving swap")
    mem_ranges = VectorParam.AddrRange([], "Ranges that constitute main memory")
    workload = Param.Workload(StubWorkload(), "workload the system runs")
    shadow_rom_ranges = VectorParam.AddrRange([], "Ranges backed by a shadowed ROM")
    shared_backstore = Param.String("", "backstore's shmem segment filename")
    auto_unlink_shared_backstore = Param.Bool(False, "remove the shmem segment file at exit")
    cache_line_size = Param.Unsigned(64, "Cache line size in bytes")
    exit_on_work_items = Param.Bool(False, "Exit the simulation loop on work item annotations")
    work_item_id = Param.Int(-1, "specific work item id")
    num_work_ids = Param.Int(16, "Number of distinct work item types")
    work_begin_cpu_id_exit = Param.Int(-1, "work started on specific id, now exit simulation")
    work_begin_ckpt_count = Param.Counter(0, "checkpoint when work item begin count is reached")
    work_begin_exit_count = Param.Counter(0, "exit when work item begin count is reached")
    work_end_ckpt_count = Param.Counter(0, "checkpoint when work item end count is reached")
    work_end_exit_count = Param.Counter(0, "exit when work item end count is reached")
    work_cpus_ckpt_count = Param.Counter(0, "checkpoint when active cpu count is reached")
    init_param = Param.UInt64(0, "numerical value to pass into simulator")
    readfile = Param.String("", "file to read startup script from")
    symbolfile = Param.String("", "file to get the symbols from")
    multi_thread = Param.Bool(False, "Supports multi-threaded CPUs?")
    dvfs_handler = DVFSHandler()
    m5ops_base = Param.Addr(0, "Base of the 64KiB PA range used for memory-mapped m5ops")


class SubSystem(SimObject):
    """A grouping object with no behaviour of its own (gem5's ``SubSystem``)."""

    type = "SubSystem"
    cxx_class = "gem5::SubSystem"

    thermal_domain = Param.ThermalDomain(NULL, "thermal domain")


class ThermalDomain(SimObject):
    """A thermal domain (gem5's ``src/sim/power/ThermalDomain.py``)."""

    type = "ThermalDomain"
    cxx_class = "gem5::ThermalDomain"

    initial_temperature = Param.Temperature("25.0C", "temperature at the start")


class ThermalModel(SimObject):
    """Base of gem5's thermal model (not modelled; NULL is the default)."""

    type = "ThermalModel"
    cxx_class = "gem5::ThermalModel"
    abstract = True


class RedirectPath(SimObject):
    """A guest path redirected to host paths in syscall emulation."""

    type = "RedirectPath"
    cxx_class = "gem5::RedirectPath"

    app_path = Param.String("/", "the path as the guest sees it")
    host_paths = VectorParam.String(["/"], "host paths tried in order")
