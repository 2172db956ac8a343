"""gem5's ``AbstractGeneratorCore``: a core that generates synthetic traffic
instead of running a program. Its one request port takes the data side; the
instruction and walker sides end on a ``PortTerminator`` (``port_end``)."""

from abc import ABCMeta, abstractmethod
from typing import Optional

from sim.components.processors.abstract_core import AbstractCore
from sim.isas import ISA
from sim.objects.traffic_gen import PortTerminator


class AbstractGeneratorCore(AbstractCore, metaclass=ABCMeta):
    """Base of the generator cores."""

    abstract = True

    def __init__(self):
        super().__init__()
        self.port_end = PortTerminator()

    def is_kvm_core(self) -> bool:
        return False

    def requires_send_evicts(self) -> bool:
        return False

    def get_isa(self) -> ISA:
        return ISA.NULL

    def connect_icache(self, port) -> None:
        """Generators have no instruction side: the port ends on ``port_end``."""
        self.port_end.req_ports = port

    def has_walker_ports(self) -> bool:
        return False

    def connect_walker_ports(self, port1, port2) -> None:
        """No page-table walkers (no full system): both end on ``port_end``."""
        self.port_end.req_ports = port1
        self.port_end.req_ports = port2

    def set_workload(self, process) -> None:
        """Generators make their own traffic: no workload."""

    def set_switched_out(self, value: bool) -> None:
        """Generators are never switched."""

    def connect_interrupt(
        self,
        interrupt_requestor: Optional[object] = None,
        interrupt_responce: Optional[object] = None,
    ) -> None:
        """No interrupts outside full system."""

    @abstractmethod
    def start_traffic(self) -> None:
        """Start the traffic this core generates (after instantiation)."""
