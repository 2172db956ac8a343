"""gem5's ``LinearGenerator``: ``num_cores`` linear generator cores, each
sweeping its own slice of ``[min_addr, max_addr)`` (parameters: see
:class:`StochasticGenerator`)."""

from typing import List, Tuple

from sim.components.processors._stochastic_generator import StochasticGenerator
from sim.components.processors.abstract_generator import partition_range
from sim.components.processors.linear_generator_core import LinearGeneratorCore


class LinearGenerator(StochasticGenerator):
    """Linear (streaming) traffic; the range is split among the cores."""

    _core_class = LinearGeneratorCore

    def _core_ranges(self, min_addr: int, max_addr: int, num_cores: int) -> List[Tuple[int, int]]:
        return partition_range(min_addr, max_addr, num_cores)
