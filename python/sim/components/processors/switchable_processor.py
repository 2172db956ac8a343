"""A processor with several sets of cores, one running at a time (gem5's
``SwitchableProcessor``): each set is a list child (``start``, ``switch``),
the sets not running are switched out; ``switch_to_processor`` calls
``m5.switchCpus``."""

from typing import Dict, List

from sim.components.processors.abstract_processor import AbstractProcessor
from sim.errors import ParamError, UsageError


class SwitchableProcessor(AbstractProcessor):
    """Core sets by name, starting with ``starting_cores``."""

    def __init__(self, switchable_cores: Dict[str, List], starting_cores: str) -> None:
        if starting_cores not in switchable_cores:
            raise ParamError(
                "board.processor.starting_cores",
                f"Key {starting_cores} cannot be found in the switchable_processors dictionary.",
            )
        self._current_cores = switchable_cores[starting_cores]
        self._switchable_cores = switchable_cores
        super().__init__(isa=self._current_cores[0].get_isa())
        for name, core_list in self._switchable_cores.items():
            setattr(self, name, core_list)
            for core in core_list:
                core.set_switched_out(core not in self._current_cores)

    def incorporate_processor(self, board) -> None:
        self._board = board

    def get_num_cores(self) -> int:
        return len(self._current_cores)

    def get_cores(self) -> List:
        return self._current_cores

    def _all_cores(self):
        for core_list in self._switchable_cores.values():
            yield from core_list

    def switch_to_processor(self, switchable_core_key: str) -> None:
        """Switch to the core set ``switchable_core_key`` (``m5.switchCpus``)."""
        if not hasattr(self, "_board"):
            raise UsageError("The processor has not been incorporated.")
        if switchable_core_key not in self._switchable_cores:
            raise ParamError(
                "board.processor",
                f"Key {switchable_core_key} is not a key in the switchable_processor "
                "dictionary.",
            )
        to_switch = self._switchable_cores[switchable_core_key]
        if to_switch == self._current_cores:
            raise UsageError("Cannot swap current cores with the current cores")
        from sim import m5

        current = [core.get_simobject() for core in self._current_cores]
        new = [core.get_simobject() for core in to_switch]
        m5.switchCpus(self._board, list(zip(current, new)))
        self._current_cores = to_switch
