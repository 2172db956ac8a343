"""gem5's ``RandomGenerator``: ``num_cores`` random generator cores, each over
the whole of ``[min_addr, max_addr)``."""

from typing import List

from sim.components.processors.abstract_generator import AbstractGenerator
from sim.components.processors.random_generator_core import RandomGeneratorCore


class RandomGenerator(AbstractGenerator):
    """Random traffic.

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
    ) -> List[RandomGeneratorCore]:
        return [
            RandomGeneratorCore(
                duration=duration,
                rate=rate,
                block_size=block_size,
                min_addr=min_addr,
                max_addr=max_addr,
                rd_perc=rd_perc,
                data_limit=data_limit,
            )
            for _ in range(num_cores)
        ]

    def start_traffic(self) -> None:
        for core in self.get_cores():
            core.start_traffic()
