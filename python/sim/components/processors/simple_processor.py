"""``SimpleProcessor``: N cores of one CPU type (gem5's stdlib class)."""

from typing import Optional

from sim.components.processors.base_cpu_processor import BaseCPUProcessor
from sim.components.processors.cpu_types import CPUTypes, get_cpu_type_from_str
from sim.components.processors.simple_core import SimpleCore
from sim import params
from sim.errors import ParamTypeError
from sim.isas import ISA
from sim.runtime import get_runtime_isa

def check_num_cores(path: str, num_cores) -> int:
    """``num_cores`` checked against the simulator's limit (``sim._native.
    limits()["num_cores"]``) before any core is made, so a huge count fails at
    once."""
    try:
        low, high = params.limit("num_cores")
    except (ImportError, AttributeError, KeyError):  # no extension: checked when built
        low, high = 1, None
    if isinstance(num_cores, bool) or not isinstance(num_cores, int):
        raise ParamTypeError(path, f"expected an integer, got {num_cores!r}")
    return params.integer(path, num_cores, low, high)


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
