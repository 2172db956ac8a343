"""gem5's ``m5.stats``: dump and reset the statistics of the instantiated system."""

from sim import _runtime


def dump(roots=None) -> None:
    """Append a stats block to stats.txt (and rewrite stats.json)."""
    _runtime.current_system().dump_stats()


def reset() -> None:
    """Zero every statistic."""
    _runtime.current_system().reset_stats()
