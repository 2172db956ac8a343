"""gem5's configuration objects (``m5.objects``): SimObjects with typed
parameters, proxies and ports, composed into a tree that
:func:`instantiate_tree` resolves, checks and returns as gem5's config.json
(:func:`config_ini` makes config.ini; :func:`write_config` writes both files).

Modules: :mod:`.params` (parameter types), :mod:`.proxy` (``Parent``/``Self``),
:mod:`.ports`, :mod:`.simobject` (the base class), :mod:`.tree` (resolving and
writing the tree), and one module per object family (:mod:`.system`,
:mod:`.clocks`, :mod:`.cpu`, :mod:`.riscv`, :mod:`.riscv_dev`, :mod:`.riscv_fs`,
:mod:`.xbar`, :mod:`.cache`, :mod:`.tags`, :mod:`.replacement_policies`, :mod:`.prefetch`, :mod:`.memory`,
:mod:`.dram`, :mod:`.dram_presets`, :mod:`.process`, :mod:`.traffic_gen`); :mod:`.dot` writes
config.dot and :mod:`.catalogue` lists every type's parameters.
"""

# gem5's ``from m5.objects import *`` also hands scripts ``os`` and ``sys``
# (its modules import them without an ``__all__``); learning_gem5's scripts use
# them without importing them.
import os  # noqa: F401
import sys  # noqa: F401


from sim.objects.cache import (
    ALL_MEMORY,
    AllMemory,
    BaseCache,
    Cache,
    Clusivity,
    MaxAddr,
    NoncoherentCache,
    WriteAllocator,
)
from sim.objects.clocks import (
    ClockDomain,
    ClockedObject,
    DerivedClockDomain,
    PowerModel,
    PowerState,
    PwrState,
    SrcClockDomain,
    VoltageDomain,
)
from sim.objects.branch_pred import (
    LTAGE,
    TAGE,
    BiModeBP,
    BranchTargetBuffer,
    IndirectPredictor,
    LocalBP,
    LoopPredictor,
    LTAGE_TAGE,
    ReturnAddrStack,
    SimpleBTB,
    SimpleIndirectPredictor,
    TAGEBase,
    TournamentBP,
)
from sim.objects.catalogue import declared_params
from sim.objects.func_unit import FUDesc, OpClass, OpDesc
from sim.objects.fu_pool import (
    FP_ALU,
    FP_MultDiv,
    PredALU,
    SIMD_Unit,
    DefaultFUPool,
    FUPool,
    IntALU,
    IntMultDiv,
    IprPort,
    RdWrPort,
    ReadPort,
    WritePort,
)
from sim.objects.minor_cpu import BaseMinorCPU, MinorCPU, RiscvMinorCPU
from sim.objects.o3_cpu import BaseO3CPU, DerivO3CPU, O3CPU, RiscvO3CPU
from sim.objects.minor_fu import (
    MinorDefaultFloatSimdFU,
    MinorDefaultFUPool,
    MinorDefaultIntDivFU,
    MinorDefaultIntFU,
    MinorDefaultIntMulFU,
    MinorDefaultMemFU,
    MinorDefaultMiscFU,
    MinorDefaultPredFU,
    MinorFU,
    MinorFUPool,
    MinorFUTiming,
    MinorOpClass,
    MinorOpClassSet,
    minorMakeOpClassSet,
)
from sim.objects.cpu import (
    AtomicSimpleCPU,
    BaseAtomicSimpleCPU,
    BaseCPU,
    BaseSimpleCPU,
    BaseTimingSimpleCPU,
    BranchPredictor,
    CheckerCPU,
    RiscvAtomicSimpleCPU,
    RiscvCPU,
    RiscvTimingSimpleCPU,
    TimingSimpleCPU,
)
from sim.objects.dram import (
    AddrMap,
    DRAMInterface,
    HBMCtrl,
    MemCtrl,
    MemInterface,
    MemSched,
    NVMInterface,
    PageManage,
    QoSMemCtrl,
    QoSPolicy,
    QoSQPolicy,
    QoSTurnaroundPolicy,
)
from sim.objects.dram_presets import (
    DDR3_1600_8x8,
    DDR3_2133_8x8,
    DDR4_2400_4x16,
    DDR4_2400_8x8,
    DDR4_2400_16x4,
    DDR5_4400_4x8,
    DDR5_6400_4x8,
    DDR5_8400_4x8,
    GDDR5_4000_2x32,
    HBM_1000_4H_1x64,
    HBM_1000_4H_1x128,
    HBM_2000_4H_1x64,
    HMC_2500_1x32,
    LPDDR2_S4_1066_1x32,
    LPDDR3_1600_1x32,
    LPDDR5_5500_1x16_8B_BL32,
    LPDDR5_5500_1x16_BG_BL16,
    LPDDR5_5500_1x16_BG_BL32,
    LPDDR5_6400_1x16_8B_BL32,
    LPDDR5_6400_1x16_BG_BL16,
    LPDDR5_6400_1x16_BG_BL32,
    WideIO_200_1x128,
)
from sim.objects.dot import config_dot
from sim.objects.external import ExternalSlave
from sim.objects.other_isas import *  # noqa: F401,F403  (X86TimingSimpleCPU, ArmCPU, ...)
from sim.objects.memory import AbstractMemory, SimpleMemory
from sim.objects.params import NULL, AddrRange, Enum, Param, ScopedEnum, VectorParam
from sim.objects.prefetch import (
    BaseCacheCompressor,
    BasePrefetcher,
    MultiPrefetcher,
    QueuedPrefetcher,
    StridePrefetcher,
    StridePrefetcherHashedSetAssociative,
    TaggedPrefetcher,
)
from sim.objects.ports import (
    PortError,
    RequestPort,
    ResponsePort,
    VectorRequestPort,
    VectorResponsePort,
)
from sim.objects.process import (
    ByteOrder,
    EmulatedDriver,
    Process,
    RiscvEmuLinux,
    RiscvSEWorkload,
    SEWorkload,
    StubWorkload,
    Workload,
)
from sim.objects.proxy import Parent, Self
from sim.objects.replacement_policies import (
    BaseReplacementPolicy,
    BIPRP,
    BRRIPRP,
    DRRIPRP,
    DuelingRP,
    FIFORP,
    LFURP,
    LIPRP,
    LRURP,
    MRURP,
    NRURP,
    RandomRP,
    RRIPRP,
    SecondChanceRP,
    SHiPMemRP,
    SHiPPCRP,
    SHiPRP,
    TreePLRURP,
    WeightedLRURP,
)
from sim.objects.riscv import (
    BaseInterrupts,
    BaseISA,
    BaseMMU,
    BasePMAChecker,
    BaseTLB,
    ExeTracer,
    InstDecoder,
    InstDisassembler,
    InstTracer,
    PMAChecker,
    PMP,
    PrivilegeModeSet,
    RiscvDecoder,
    RiscvInterrupts,
    RiscvISA,
    RiscvMMU,
    RiscvPagetableWalker,
    RiscvTLB,
    RiscvType,
    TypeTLB,
)
from sim.objects.riscv_dev import (
    BasicPioDevice,
    Clint,
    CowDiskImage,
    DiskImage,
    GoldfishRTC,
    PioDevice,
    Plic,
    PlicBase,
    PlicIntDevice,
    RawDiskImage,
    RiscvMmioVirtIO,
    RiscvTestFinisher,
    RiscvUart8250,
    SerialDevice,
    Terminal,
    TerminalDump,
    Uart,
    Uart8250,
    VirtIOBlock,
    VirtIODeviceBase,
    VirtIODummyDevice,
)
from sim.objects.riscv_fs import RiscvBareMetal, RiscvBootloaderKernelWorkload
from sim.objects.simobject import SimObject, UnknownAttributeError
from sim.objects.system import (
    DVFSHandler,
    MemoryMode,
    RedirectPath,
    Root,
    SubSystem,
    System,
    ThermalDomain,
    ThermalModel,
)
from sim.objects.tags import (
    FALRU,
    BaseIndexingPolicy,
    BaseSetAssoc,
    BaseTags,
    PartitionManager,
    SetAssociative,
    SkewedAssociative,
)
from sim.objects.traffic_gen import (
    BaseTrafficGen,
    PortTerminator,
    PyTrafficGen,
    StreamGenType,
    TrafficPhase,
)
from sim.objects.tree import config_ini, instantiate_tree, resolve_tree, write_config
from sim.objects.values import (
    Addr,
    Counter,
    Current,
    Cycles,
    Energy,
    Float,
    MemoryBandwidth,
    MemorySize,
    MemorySize32,
    NetworkBandwidth,
    Percent,
    Temperature,
    Tick,
    UInt32,
    UInt64,
    Unsigned,
    Voltage,
)
from sim.objects.xbar import (
    BaseXBar,
    CoherentXBar,
    IOXBar,
    L2XBar,
    NoncoherentXBar,
    SnoopFilter,
    SystemXBar,
)
