"""gem5's ``AbstractGenerator``: a processor whose cores are traffic
generators. It sets the board to timing mode and starts the traffic once the
system is instantiated."""

from abc import ABCMeta, abstractmethod
from typing import List

from sim.components.boards.mem_mode import MemMode
from sim.components.processors.abstract_processor import AbstractProcessor


def partition_range(min_addr: int, max_addr: int, num_partitions: int) -> List[tuple]:
    """``[min_addr, max_addr)`` cut into ``num_partitions`` equal pieces."""
    assert (
        isinstance(min_addr, int)
        and isinstance(max_addr, int)
        and isinstance(num_partitions, int)
    )
    assert ((max_addr - min_addr) % num_partitions) == 0
    chunk_size = int((max_addr - min_addr) / num_partitions)
    return [
        (min_addr + chunk_size * i, min_addr + chunk_size * (i + 1))
        for i in range(num_partitions)
    ]


class AbstractGenerator(AbstractProcessor, metaclass=ABCMeta):
    """Base of the generator processors."""

    abstract = True

    def __init__(self, cores: List) -> None:
        super().__init__(cores=cores)

    def incorporate_processor(self, board) -> None:
        board.set_mem_mode(MemMode.TIMING)

    @abstractmethod
    def start_traffic(self) -> None:
        """Start every core's traffic."""

    def _post_instantiate(self) -> None:
        self.start_traffic()
