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
"""

from sim.stats.parser import (
    Block,
    Stat,
    StatsParseError,
    flatten,
    get,
    parse,
    parse_file,
    to_dataframe,
)

__all__ = [
    "Block",
    "Stat",
    "StatsParseError",
    "flatten",
    "get",
    "parse",
    "parse_file",
    "to_dataframe",
]
