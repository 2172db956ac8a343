"""A core around one ``BaseCPU`` object (gem5's ``BaseCPUCore``): the CPU is
the core's child ``core``, its threads made at once (``createThreads``)."""

from typing import List

import sim.objects as objects
from sim.components.processors.abstract_core import AbstractCore
from sim.isas import ISA
from sim.objects.params import NULL
from sim.utils.requires import requires


class BaseCPUCore(AbstractCore):
    """Wraps ``core`` (a ``BaseCPU``) of ISA ``isa``."""

    def __init__(self, core, isa: ISA = ISA.RISCV):
        super().__init__()
        requires(isa_required=isa)
        self._isa = isa
        self.core = core
        create_threads = getattr(self.core, "createThreads", None)
        if create_threads is not None:
            create_threads()

    def get_simobject(self):
        """The CPU object."""
        return self.core

    def requires_send_evicts(self) -> bool:
        return self.get_isa() in (ISA.ARM, ISA.X86)

    def is_kvm_core(self) -> bool:
        kvm = getattr(objects, "BaseKvmCPU", None)
        return kvm is not None and isinstance(self.core, kvm)

    def get_isa(self) -> ISA:
        return self._isa

    def connect_icache(self, port) -> None:
        self.core.icache_port = port

    def connect_dcache(self, port) -> None:
        self.core.dcache_port = port

    def _mmu(self):
        """The CPU's MMU, if its class has one with page-table walkers."""
        mmu = getattr(self.core, "mmu", None)
        if mmu is None or mmu is NULL or not hasattr(mmu, "connectWalkerPorts"):
            return None
        return mmu

    def has_walker_ports(self) -> bool:
        """True when the CPU's MMU has page-table walker ports to connect. The
        walkers (and gem5's walker caches) come with full system: syscall
        emulation has no page tables to walk, so in SE their ports stay
        unconnected (gem5 connects them there too, where they stay idle; leaving
        them out keeps a crossbar port per walker free)."""
        return self._mmu() is not None and self._full_system

    _full_system = False
    """Set when the core belongs to a full-system board."""

    def connect_walker_ports(self, port1, port2) -> None:
        """Connect the MMU's instruction and data page-table walkers (a CPU
        class without walkers, or one in SE mode, has nothing to connect)."""
        mmu = self._mmu()
        if mmu is not None and self._full_system:
            mmu.connectWalkerPorts(port1, port2)

    def set_workload(self, process) -> None:
        self.core.workload = process

    def set_switched_out(self, value: bool) -> None:
        self.core.switched_out = value

    def connect_interrupt(self, interrupt_requestor=None, interrupt_responce=None) -> None:
        create = getattr(self.core, "createInterruptController", None)
        if create is not None:
            create()

    def _set_simpoint(self, inst_starts: List[int], board_initialized: bool) -> None:
        self.core.simpoint_start_insts = sorted(set(inst_starts))

    def _set_inst_stop_any_thread(self, inst: int, board_initialized: bool) -> None:
        """Stop when any thread has committed ``inst`` instructions."""
        if board_initialized:
            self.core.scheduleInstStopAnyThread(inst)
        else:
            self.core.max_insts_any_thread = inst
