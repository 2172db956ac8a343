"""``SimpleBoard`` (gem5's stdlib class): a processor, a classic cache hierarchy
and a memory, running SE-mode binaries; no I/O."""

import sim.objects as objects
from sim.components.boards.abstract_system_board import AbstractSystemBoard
from sim.components.boards.no_io_board import NoIOBoard
from sim.components.boards.se_binary_workload import SEBinaryWorkload


class SimpleBoard(NoIOBoard, AbstractSystemBoard, SEBinaryWorkload):
    """A minimal SE board. Run a binary with ``set_se_binary_workload``."""

    def __init__(self, clk_freq: str, processor, memory, cache_hierarchy) -> None:
        super().__init__(
            clk_freq=clk_freq,
            processor=processor,
            memory=memory,
            cache_hierarchy=cache_hierarchy,
        )

    def _setup_board(self) -> None:
        pass

    def _setup_memory_ranges(self) -> None:
        memory = self.get_memory()
        self.mem_ranges = [objects.AddrRange(memory.get_size())]
        memory.set_memory_range(self.mem_ranges)
