"""``SimpleSwitchableProcessor`` (gem5's stdlib class): ``num_cores`` cores of
``starting_core_type`` (child list ``start``) and as many of
``switch_core_type`` (``switch``, switched out); :meth:`switch` swaps them."""

from typing import Optional

from sim.components.processors.cpu_types import CPUTypes, get_mem_mode
from sim.components.processors.simple_core import SimpleCore
from sim.components.processors.simple_processor import as_cpu_type, check_num_cores
from sim.components.processors.switchable_processor import SwitchableProcessor
from sim.components.boards.mem_mode import MemMode
from sim.isas import ISA
from sim.runtime import get_runtime_isa


class SimpleSwitchableProcessor(SwitchableProcessor):
    """Two sets of cores; the board's memory mode is the starting type's."""

    def __init__(
        self,
        starting_core_type: CPUTypes,
        switch_core_type: CPUTypes,
        num_cores: int,
        isa: Optional[ISA] = None,
    ) -> None:
        check_num_cores("board.processor.num_cores", num_cores)
        start = as_cpu_type(starting_core_type, "board.processor.starting_core_type")
        switch = as_cpu_type(switch_core_type, "board.processor.switch_core_type")
        isa = isa if isa is not None else get_runtime_isa()
        self._start_key = "start"
        self._switch_key = "switch"
        self._current_is_start = True
        self._mem_mode = get_mem_mode(start)
        switchable_cores = {
            self._start_key: [
                SimpleCore(cpu_type=start, core_id=i, isa=isa) for i in range(num_cores)
            ],
            self._switch_key: [
                SimpleCore(cpu_type=switch, core_id=i, isa=isa) for i in range(num_cores)
            ],
        }
        super().__init__(switchable_cores=switchable_cores, starting_cores=self._start_key)

    def incorporate_processor(self, board) -> None:
        super().incorporate_processor(board=board)
        cache = board.get_cache_hierarchy()
        if cache is not None and cache.is_ruby() and self._mem_mode == MemMode.ATOMIC:
            self._mem_mode = MemMode.ATOMIC_NONCACHING
        board.set_mem_mode(self._mem_mode)

    def switch(self) -> None:
        """Switch to the other set of cores."""
        self.switch_to_processor(self._switch_key if self._current_is_start else self._start_key)
        self._current_is_start = not self._current_is_start
