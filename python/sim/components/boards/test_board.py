"""gem5's ``TestBoard`` (``gem5.components.boards.test_board``): a board for
traffic generators. The generator is the processor; without a cache hierarchy
its one core is connected straight to the memory's one port."""

from typing import Optional

import sim.objects as objects
from sim.components.boards.abstract_system_board import AbstractSystemBoard
from sim.components.boards.no_io_board import NoIOBoard


class TestBoard(NoIOBoard, AbstractSystemBoard):
    """A board that runs a traffic generator against a memory (and, optionally,
    a cache hierarchy). ``clk_freq`` clocks the caches, if any."""

    __test__ = False  # not a test class, though its name starts with "Test"

    def __init__(self, clk_freq: str, generator, memory, cache_hierarchy: Optional[object]):
        super().__init__(
            clk_freq=clk_freq,
            processor=generator,
            memory=memory,
            cache_hierarchy=cache_hierarchy,
        )
        self._set_fullsystem(False)

    def _setup_board(self) -> None:
        pass

    def _setup_memory_ranges(self) -> None:
        memory = self.get_memory()
        # One range, the size of the memory.
        self.mem_ranges = [objects.AddrRange(memory.get_size())]
        memory.set_memory_range(self.mem_ranges)

    def _connect_things(self) -> None:
        super()._connect_things()
        if not self.get_cache_hierarchy():
            # Without caches, one generator core drives the one memory port.
            assert len(self.get_processor().get_cores()) == 1
            assert len(self.get_memory().get_mem_ports()) == 1
            self.get_processor().get_cores()[0].connect_dcache(
                self.get_memory().get_mem_ports()[0][1]
            )
