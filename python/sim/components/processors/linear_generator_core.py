"""gem5's ``LinearGeneratorCore``: one ``PyTrafficGen`` (the ``generator``
child) playing linear traffic for ``duration`` at ``rate``, then an exit phase
(see :class:`StochasticGeneratorCore` for the parameters)."""

from sim.components.processors._stochastic_generator_core import StochasticGeneratorCore


class LinearGeneratorCore(StochasticGeneratorCore):
    """A linear traffic generator core."""

    _create_phase = "createLinear"
