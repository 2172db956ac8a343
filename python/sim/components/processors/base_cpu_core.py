"""A core around one ``BaseCPU`` object (gem5's ``BaseCPUCore``): the CPU is
the core's child ``core``, its threads made at once (``createThreads``)."""

from typing import List

import sim.objects as objects
from sim.components.processors.abstract_core import AbstractCore
from sim.isas import ISA
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

    def connect_walker_ports(self, port1, port2) -> None:
        """Connect the MMU's page-table walkers; the SE-mode CPUs here have no
        walker ports (they come with full system), so nothing to connect."""
        mmu = self.core._children.get("mmu") if hasattr(self.core, "_children") else None
        if mmu is not None and hasattr(mmu, "connectWalkerPorts"):
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
