"""gem5's configuration objects (``m5.objects``): SimObjects with typed
parameters, proxies and ports, composed into a tree that
:func:`instantiate_tree` resolves, checks and returns as gem5's config.json
(:func:`config_ini` makes config.ini; :func:`write_config` writes both files).

Modules: :mod:`.params` (parameter types), :mod:`.proxy` (``Parent``/``Self``),
:mod:`.ports`, :mod:`.simobject` (the base class), :mod:`.tree` (resolving and
writing the tree), and one module per object family (:mod:`.system`,
:mod:`.clocks`, :mod:`.cpu`, :mod:`.xbar`, :mod:`.cache`, :mod:`.memory`,
:mod:`.process`).
"""

from sim.objects.cache import BaseCache, Cache, Clusivity, NoncoherentCache, WriteAllocator
from sim.objects.clocks import (
    ClockDomain,
    ClockedObject,
    DerivedClockDomain,
    SrcClockDomain,
    VoltageDomain,
)
from sim.objects.cpu import (
    AtomicSimpleCPU,
    BaseAtomicSimpleCPU,
    BaseCPU,
    BaseSimpleCPU,
    BaseTimingSimpleCPU,
    RiscvAtomicSimpleCPU,
    RiscvTimingSimpleCPU,
    TimingSimpleCPU,
)
from sim.objects.memory import AbstractMemory, SimpleMemory
from sim.objects.params import NULL, AddrRange, Enum, Param, VectorParam
from sim.objects.ports import (
    PortError,
    RequestPort,
    ResponsePort,
    VectorRequestPort,
    VectorResponsePort,
)
from sim.objects.process import Process, RiscvEmuLinux, RiscvSEWorkload, SEWorkload, Workload
from sim.objects.proxy import Parent, Self
from sim.objects.simobject import SimObject, UnknownAttributeError
from sim.objects.system import MemoryMode, Root, System
from sim.objects.tree import config_ini, instantiate_tree, resolve_tree, write_config
from sim.objects.xbar import (
    BaseXBar,
    CoherentXBar,
    IOXBar,
    L2XBar,
    NoncoherentXBar,
    SnoopFilter,
    SystemXBar,
)
