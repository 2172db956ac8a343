"""gem5's ``LinearGenerator``: ``num_cores`` linear generator cores, each
sweeping its own slice of ``[min_addr, max_addr)``."""

from typing import List

from sim.components.processors.abstract_generator import AbstractGenerator, partition_range
from sim.components.processors.linear_generator_core import LinearGeneratorCore


class LinearGenerator(AbstractGenerator):
    """Linear (streaming) traffic.

    :param num_cores: how many generator cores; the range is split among them.
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
    ) -> List[LinearGeneratorCore]:
        ranges = partition_range(min_addr, max_addr, num_cores)
        return [
            LinearGeneratorCore(
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
