"""What gem5's ``LinearGeneratorCore`` and ``RandomGeneratorCore`` share: one
``PyTrafficGen`` (the ``generator`` child) playing one phase of traffic for
``duration`` at ``rate``, then an exit phase. The subclasses name the phase."""

from typing import Iterator

from sim.components.processors._generator_traffic import duration_ticks, period_ticks
from sim.components.processors.abstract_generator_core import AbstractGeneratorCore
from sim.objects.traffic_gen import PyTrafficGen, TrafficPhase


class StochasticGeneratorCore(AbstractGeneratorCore):
    """A generator core playing one phase made by ``PyTrafficGen``'s
    :attr:`_create_phase` method (``createLinear``, ``createRandom``).

    :param duration: how long to generate traffic ("1ms").
    :param rate: the rate data is read/written at ("100GB/s").
    :param block_size: bytes per request.
    :param min_addr: lowest address.
    :param max_addr: highest address (end of the range).
    :param rd_perc: percentage of reads; the rest are writes.
    :param data_limit: bytes after which the generator stops (0: no limit).
    """

    def __init__(
        self,
        duration: str,
        rate: str,
        block_size: int,
        min_addr: int,
        max_addr: int,
        rd_perc: int,
        data_limit: int,
    ) -> None:
        super().__init__()
        self.generator = PyTrafficGen()
        self._duration = duration
        self._rate = rate
        self._block_size = block_size
        self._min_addr = min_addr
        self._max_addr = max_addr
        self._rd_perc = rd_perc
        self._data_limit = data_limit

    _create_phase = ""
    """The ``PyTrafficGen`` method making this core's phase; set by subclasses."""

    def connect_dcache(self, port) -> None:
        self.generator.port = port

    def _set_traffic(self) -> None:
        self._traffic = self._create_traffic()

    def _create_traffic(self) -> Iterator[TrafficPhase]:
        """The phase with this core's parameters, then an exit phase."""
        path = self.path()
        duration = duration_ticks(path, self._duration)
        period = period_ticks(path, self._rate, self._block_size)
        yield getattr(self.generator, self._create_phase)(
            duration,
            self._min_addr,
            self._max_addr,
            self._block_size,
            period,
            period,
            self._rd_perc,
            self._data_limit,
        )
        yield self.generator.createExit(0)

    def start_traffic(self) -> None:
        self._set_traffic()
        self.generator.start(self._traffic)
