"""gem5's ``RandomGenerator``: ``num_cores`` random generator cores, each over
the whole of ``[min_addr, max_addr)`` (parameters: see
:class:`StochasticGenerator`)."""

from sim.components.processors._stochastic_generator import StochasticGenerator
from sim.components.processors.random_generator_core import RandomGeneratorCore


class RandomGenerator(StochasticGenerator):
    """Random traffic; every core covers the whole range."""

    _core_class = RandomGeneratorCore
