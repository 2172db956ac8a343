"""What gem5's ``LinearGenerator`` and ``RandomGenerator`` share: ``num_cores``
generator cores of one kind over ``[min_addr, max_addr)``. The subclasses name
the core class and how the range is shared out."""

from typing import List, Tuple

from sim.components.processors._stochastic_generator_core import StochasticGeneratorCore
from sim.components.processors.abstract_generator import AbstractGenerator


class StochasticGenerator(AbstractGenerator):
    """Generator cores of class :attr:`_core_class`, each over the part of the
    range :meth:`_core_ranges` gives it.

    :param num_cores: how many generator cores.
    :param duration: how long to generate traffic.
    :param rate: the rate data is read/written at.
    :param block_size: bytes per request.
    :param min_addr: lowest address.
    :param max_addr: end of the address range.
    :param rd_perc: percentage of reads; the rest are writes.
    :param data_limit: bytes after which each core stops (0: no limit).
    """

    def __init__(
        self,
        num_cores: int = 1,
        duration: str = "1ms",
        rate: str = "100GB/s",
        block_size: int = 64,
        min_addr: int = 0,
        max_addr: int = 32768,
        rd_perc: int = 100,
        data_limit: int = 0,
    ) -> None:
        super().__init__(
            cores=self._create_cores(
                num_cores=num_cores,
                duration=duration,
                rate=rate,
                block_size=block_size,
                min_addr=min_addr,
                max_addr=max_addr,
                rd_perc=rd_perc,
                data_limit=data_limit,
            )
        )

    _core_class = StochasticGeneratorCore
    """The class of the cores; set by subclasses."""

    def _core_ranges(self, min_addr: int, max_addr: int, num_cores: int) -> List[Tuple[int, int]]:
        """The ``(min_addr, max_addr)`` of each core."""
        return [(min_addr, max_addr)] * num_cores

    def _create_cores(
        self,
        num_cores: int,
        duration: str,
        rate: str,
        block_size: int,
        min_addr: int,
        max_addr: int,
        rd_perc: int,
        data_limit: int,
    ) -> List[StochasticGeneratorCore]:
        ranges = self._core_ranges(min_addr, max_addr, num_cores)
        return [
            self._core_class(
                duration=duration,
                rate=rate,
                block_size=block_size,
                min_addr=ranges[i][0],
                max_addr=ranges[i][1],
                rd_perc=rd_perc,
                data_limit=data_limit,
            )
            for i in range(num_cores)
        ]

    def start_traffic(self) -> None:
        for core in self.get_cores():
            core.start_traffic()
