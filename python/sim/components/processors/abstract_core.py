"""Base of every core (gem5's ``AbstractCore``): a ``SubSystem`` wrapping one
CPU, so the CPU is named ``<processor>.cores.core``."""

from sim.components._objects import SubSystem


class AbstractCore(SubSystem):
    """A core: its ISA, its CPU's ports and workload."""

    abstract = True

    def get_isa(self):
        raise NotImplementedError

    def is_kvm_core(self) -> bool:
        raise NotImplementedError

    def requires_send_evicts(self) -> bool:
        raise NotImplementedError

    def connect_icache(self, port) -> None:
        raise NotImplementedError

    def connect_dcache(self, port) -> None:
        raise NotImplementedError

    def connect_walker_ports(self, port1, port2) -> None:
        raise NotImplementedError

    def has_walker_ports(self) -> bool:
        """True when the core has page-table walker ports (an extension: the
        hierarchies make gem5's walker caches only for cores that have them)."""
        raise NotImplementedError

    def set_workload(self, process) -> None:
        raise NotImplementedError

    def set_switched_out(self, value: bool) -> None:
        raise NotImplementedError

    def connect_interrupt(self, interrupt_requestor=None, interrupt_responce=None) -> None:
        raise NotImplementedError
