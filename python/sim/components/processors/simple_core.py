"""One core of a processor: its CPU type, id and ISA (gem5's ``SimpleCore``)."""

from typing import Optional

from sim.isas import ISA
from sim.components.processors.cpu_types import CPUTypes


class SimpleCore:
    """A core of a single CPU type."""

    def __init__(self, cpu_type: CPUTypes, core_id: int, isa: Optional[ISA] = None):
        self._cpu_type = cpu_type
        self._core_id = core_id
        self._isa = isa

    def get_type(self) -> CPUTypes:
        """The core's CPU type."""
        return self._cpu_type

    def get_isa(self) -> Optional[ISA]:
        """The core's ISA (``None``: the runtime default)."""
        return self._isa

    @property
    def core_id(self) -> int:
        """The core's index in its processor."""
        return self._core_id

    def is_kvm_core(self) -> bool:
        """True for KVM cores (never supported here)."""
        return self._cpu_type == CPUTypes.KVM

    def __repr__(self) -> str:
        return f"SimpleCore({self._cpu_type.name}, core_id={self._core_id})"
