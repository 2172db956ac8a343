"""gem5's ``RandomGeneratorCore``: one ``PyTrafficGen`` (the ``generator``
child) playing random traffic for ``duration`` at ``rate``, then an exit phase
(see :class:`StochasticGeneratorCore` for the parameters)."""

from sim.components.processors._stochastic_generator_core import StochasticGeneratorCore


class RandomGeneratorCore(StochasticGeneratorCore):
    """A random traffic generator core."""

    _create_phase = "createRandom"
