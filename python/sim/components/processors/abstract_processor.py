"""Base of every processor: its cores and ISA (gem5's ``AbstractProcessor``)."""

from typing import List, Optional

from sim import params
from sim.components.processors.cpu_types import SUPPORTED, CPUTypes, get_cpu_type_from_str
from sim.components.processors.simple_core import SimpleCore
from sim.isas import ISA
from sim.runtime import get_runtime_isa, get_supported_isas


def as_cpu_type(value, path: str) -> CPUTypes:
    """Accept a :class:`CPUTypes` or its name ("timing"); ``path`` names the
    parameter in the error for an unknown name. Other values are kept and
    refused, with their board path, when the board is built."""
    if isinstance(value, str):
        return get_cpu_type_from_str(value, path)
    return value


class AbstractProcessor:
    """A set of cores."""

    def __init__(self, cores: List[SimpleCore], isa: Optional[ISA] = None):
        self._cores = cores
        self._isa = isa

    def get_num_cores(self) -> int:
        """How many cores the processor has."""
        return len(self._cores)

    def get_cores(self) -> List[SimpleCore]:
        """The cores."""
        return list(self._cores)

    def get_isa(self) -> ISA:
        """The processor's ISA (the runtime default when none was given)."""
        return self._isa if self._isa is not None else get_runtime_isa()

    def _check(self, path: str) -> dict:
        """Validate for the native simulator; returns its SeConfig fields."""
        isa = self._isa if self._isa is not None else get_runtime_isa()
        if not isinstance(isa, ISA):
            raise params.ParamError(f"{path}.isa", f"expected an ISA enum value, got {isa!r}")
        if isa not in get_supported_isas():
            raise params.UnsupportedError(
                f"{path}.isa",
                f"ISA '{isa.value}' is not supported; allowed values: "
                + ", ".join(i.value for i in get_supported_isas()),
            )
        params.integer(f"{path}.num_cores", self.get_num_cores(), *params.limit("num_cores"))
        cpu_types = {core.get_type() for core in self._cores}
        for cpu_type in cpu_types:
            if not isinstance(cpu_type, CPUTypes):
                raise params.ParamError(
                    f"{path}.cpu_type", f"expected a CPUTypes value, got {cpu_type!r}"
                )
            if cpu_type not in SUPPORTED:
                raise params.UnsupportedError(
                    f"{path}.cpu_type",
                    f"CPU type '{cpu_type.value}' is not implemented yet; allowed values: "
                    + ", ".join(t.value for t in SUPPORTED),
                )
        (cpu_type,) = cpu_types
        return {
            "isa": isa.value,
            "cpu_type": cpu_type.value,
            "num_cores": self.get_num_cores(),
        }
