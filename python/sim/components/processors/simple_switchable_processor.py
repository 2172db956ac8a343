"""``SimpleSwitchableProcessor`` (gem5's stdlib class): accepted so scripts load,
but CPU switching is not implemented yet, so a board built with it raises
:class:`SwitchingNotSupportedError`."""

from typing import Optional

from sim import params
from sim.components.processors.abstract_processor import AbstractProcessor, as_cpu_type
from sim.components.processors.cpu_types import CPUTypes
from sim.components.processors.simple_core import SimpleCore
from sim.isas import ISA


class SwitchingNotSupportedError(params.UnsupportedError):
    """Raised when a board with a switchable processor is built."""


class SimpleSwitchableProcessor(AbstractProcessor):
    """Cores of ``starting_core_type`` that would be switched to
    ``switch_core_type`` by :meth:`switch`."""

    def __init__(
        self,
        starting_core_type: CPUTypes,
        switch_core_type: CPUTypes,
        num_cores: int,
        isa: Optional[ISA] = None,
    ) -> None:
        params.integer(
            "SimpleSwitchableProcessor.num_cores", num_cores, *params.limit("num_cores")
        )
        start = as_cpu_type(starting_core_type, "SimpleSwitchableProcessor.starting_core_type")
        self._switch_type = as_cpu_type(
            switch_core_type, "SimpleSwitchableProcessor.switch_core_type"
        )
        super().__init__(
            cores=[SimpleCore(cpu_type=start, core_id=i, isa=isa) for i in range(num_cores)],
            isa=isa,
        )

    def switch(self) -> None:
        """Switch to the other cores: not supported yet."""
        raise SwitchingNotSupportedError("board.processor", "CPU switching is not supported yet")

    def _check(self, path: str) -> dict:
        raise SwitchingNotSupportedError(
            path,
            "CPU switching is not supported yet (SimpleSwitchableProcessor); "
            "use SimpleProcessor",
        )
