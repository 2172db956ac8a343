"""Base of every core (gem5's ``AbstractCore``): a ``SubSystem`` wrapping one
CPU, so the CPU is named ``<processor>.cores.core``."""

from abc import ABCMeta, abstractmethod
from sim.components._objects import SubSystem


class AbstractCore(SubSystem, metaclass=ABCMeta):
    """A core: its ISA, its CPU's ports and workload."""

    abstract = True

    @abstractmethod
    def get_isa(self):
        ...

    @abstractmethod
    def is_kvm_core(self) -> bool:
        ...

    @abstractmethod
    def requires_send_evicts(self) -> bool:
        ...

    @abstractmethod
    def connect_icache(self, port) -> None:
        ...

    @abstractmethod
    def connect_dcache(self, port) -> None:
        ...

    @abstractmethod
    def connect_walker_ports(self, port1, port2) -> None:
        ...

    @abstractmethod
    def has_walker_ports(self) -> bool:
        """True when the core has page-table walker ports (an extension: the
        hierarchies make gem5's walker caches only for cores that have them)."""

    @abstractmethod
    def set_workload(self, process) -> None:
        ...

    @abstractmethod
    def set_switched_out(self, value: bool) -> None:
        ...

    @abstractmethod
    def connect_interrupt(self, interrupt_requestor=None, interrupt_responce=None) -> None:
        ...
