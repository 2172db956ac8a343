"""Simulation statistics.

For now this package reads the ``stats.txt`` files the simulator writes
(see :mod:`sim.stats.parser` for the format and the API) and backs the
``sim stats`` command (:mod:`sim.stats.cli`)::

    from sim import stats

    blocks = stats.parse_file("m5out/stats.txt")   # one Block per dump
    last = blocks[-1]
    last["system"]["cpu"]["numCycles"]               # nested access
    stats.get(last, "system.cpu.icache.demandMisses::total")  # flat access
    stats.flatten(last)                              # {full name: value}
    last.meta("simTicks")                            # (description, unit)

While a simulation built from a script exists, ``dump()`` and ``reset()`` act
on it like gem5's ``m5.stats.dump()`` and ``m5.stats.reset()``: append a block
to its stats.txt, or zero every statistic.
"""

from sim.stats.parser import (
    Block,
    Stat,
    StatsFileError,
    StatsParseError,
    flatten,
    get,
    parse,
    parse_file,
    to_dataframe,
)


def dump() -> None:
    """Append a stats block for the current simulation (``m5.stats.dump()``).

    Raises RuntimeError when no simulation has been built in this process."""
    from sim import _runtime

    _runtime.current_system().dump_stats()


def reset() -> None:
    """Reset every statistic of the current simulation (``m5.stats.reset()``).

    Raises RuntimeError when no simulation has been built in this process."""
    from sim import _runtime

    _runtime.current_system().reset_stats()


__all__ = [
    "Block",
    "Stat",
    "StatsFileError",
    "StatsParseError",
    "dump",
    "flatten",
    "get",
    "parse",
    "parse_file",
    "reset",
    "to_dataframe",
]
