"""``SimpleProcessor``: N cores of one CPU type (gem5's stdlib class)."""

from typing import Optional

from sim.components.processors.base_cpu_processor import BaseCPUProcessor
from sim.components.processors.cpu_types import CPUTypes, get_cpu_type_from_str
from sim.components.processors.simple_core import SimpleCore
from sim.errors import ParamError, ParamTypeError
from sim.isas import ISA
from sim.runtime import get_runtime_isa

MAX_CORES = 1024
"""The most cores a processor may have here."""


def check_num_cores(path: str, num_cores) -> int:
    """``num_cores`` checked: an int from 1 to :data:`MAX_CORES`."""
    if isinstance(num_cores, bool) or not isinstance(num_cores, int):
        raise ParamTypeError(path, f"expected an integer, got {num_cores!r}")
    if not 1 <= num_cores <= MAX_CORES:
        raise ParamError(path, f"is {num_cores}; allowed values: 1 to {MAX_CORES}")
    return num_cores


def as_cpu_type(value, path: str) -> CPUTypes:
    """A :class:`CPUTypes` or its name ("timing")."""
    if isinstance(value, str):
        return get_cpu_type_from_str(value, path)
    return value


class SimpleProcessor(BaseCPUProcessor):
    """``num_cores`` cores, all of ``cpu_type``. ``isa`` defaults to the
    runtime ISA (RISC-V)."""

    def __init__(self, cpu_type: CPUTypes, num_cores: int, isa: Optional[ISA] = None) -> None:
        cpu_type = as_cpu_type(cpu_type, "board.processor.cpu_type")
        check_num_cores("board.processor.num_cores", num_cores)
        isa = isa if isa is not None else get_runtime_isa()
        super().__init__(
            cores=[SimpleCore(cpu_type=cpu_type, core_id=i, isa=isa) for i in range(num_cores)]
        )
