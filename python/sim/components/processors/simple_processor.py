"""``SimpleProcessor``: N cores of one CPU type (gem5's stdlib class)."""

from typing import Optional

from sim import params
from sim.components.processors.abstract_processor import AbstractProcessor, as_cpu_type
from sim.components.processors.cpu_types import CPUTypes
from sim.components.processors.simple_core import SimpleCore
from sim.isas import ISA


class SimpleProcessor(AbstractProcessor):
    """``num_cores`` cores, all of ``cpu_type``. ``isa`` defaults to RISC-V."""

    def __init__(self, cpu_type: CPUTypes, num_cores: int, isa: Optional[ISA] = None) -> None:
        cpu_type = as_cpu_type(cpu_type, "SimpleProcessor.cpu_type")
        # Out-of-range counts build no cores (10**9 would exhaust memory here);
        # _check refuses them with the allowed range.
        low, high = params.limit("num_cores")
        count = num_cores if isinstance(num_cores, int) and low <= num_cores <= high else 0
        super().__init__(
            cores=[SimpleCore(cpu_type=cpu_type, core_id=i, isa=isa) for i in range(count)],
            isa=isa,
        )
        self._num_cores = num_cores

    def get_num_cores(self) -> int:
        return self._num_cores if isinstance(self._num_cores, int) else 0

    def _check(self, path: str) -> dict:
        params.integer(f"{path}.num_cores", self._num_cores, *params.limit("num_cores"))
        return super()._check(path)
