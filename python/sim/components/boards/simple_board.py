"""``SimpleBoard`` (gem5's stdlib class): a processor, a classic cache hierarchy
and a memory, running SE-mode binaries; no I/O."""

from sim.components.boards.abstract_board import AbstractBoard
from sim.components.boards.se_binary_workload import SEBinaryWorkload


class SimpleBoard(AbstractBoard, SEBinaryWorkload):
    """A minimal SE board. Run a binary with ``set_se_binary_workload``."""

    def __init__(self, clk_freq: str, processor, memory, cache_hierarchy) -> None:
        super().__init__(
            clk_freq=clk_freq,
            processor=processor,
            memory=memory,
            cache_hierarchy=cache_hierarchy,
        )

    def has_io_bus(self) -> bool:
        """SimpleBoard has no I/O bus."""
        return False

    def has_dma_ports(self) -> bool:
        """SimpleBoard has no DMA ports."""
        return False

    def has_coherent_io(self) -> bool:
        """SimpleBoard has no coherent I/O."""
        return False
