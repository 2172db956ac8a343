"""Many simulations from one script, run in parallel processes (gem5's
``gem5.utils.multisim``); see :mod:`.multisim`."""

from sim.utils.multisim.multisim import (
    add_simulator,
    get_simulator_ids,
    num_simulators,
    run,
    set_num_processes,
)

__all__ = [
    "add_simulator",
    "get_simulator_ids",
    "num_simulators",
    "run",
    "set_num_processes",
]
