"""gem5's ``m5.stats``: dump and reset the statistics of the instantiated
system, now (:func:`dump`, :func:`reset`) or at scheduled ticks
(:func:`schedStatEvent`, :func:`periodicStatDump`; ``m5.simulate()`` carries
them out as it passes those ticks)."""

from typing import Optional

from sim import _runtime
from sim.errors import UsageError

# The scheduled stats event: (tick, dump, reset, repeat period or 0); one at a
# time, as gem5 keeps one.
_scheduled: Optional[tuple] = None


def dump(roots=None) -> None:
    """Append a stats block to stats.txt (and rewrite stats.json)."""
    _runtime.current_system().dump_stats()


def reset() -> None:
    """Zero every statistic."""
    _runtime.current_system().reset_stats()


def _now() -> int:
    import sim.m5

    return sim.m5.curTick()


def schedStatEvent(dump: bool = True, reset: bool = False, when: Optional[int] = None,
                   repeat: int = 0) -> None:
    """At tick ``when`` (default: now), dump and/or reset the stats; then again
    every ``repeat`` ticks if ``repeat`` is not 0 (gem5's ``schedStatEvent``)."""
    global _scheduled
    when = _now() if when is None else when
    for name, value in (("when", when), ("repeat", repeat)):
        if not isinstance(value, int) or isinstance(value, bool) or value < 0:
            raise UsageError(f"m5.stats.schedStatEvent({name}): is {value!r}; "
                             "allowed values: a tick count >= 0")
    _scheduled = (max(when, _now()), bool(dump), bool(reset), repeat)


def periodicStatDump(period: int) -> None:
    """Dump and reset the stats every ``period`` ticks (0 stops it): first at
    tick ``period``, or ``period`` ticks from now if that has passed, as gem5."""
    global _scheduled
    if not isinstance(period, int) or isinstance(period, bool) or period < 0:
        raise UsageError(f"m5.stats.periodicStatDump(period): is {period!r}; "
                         "allowed values: a tick count >= 0 (0 stops the dumps)")
    if period == 0:
        _scheduled = None
        return
    first = period if period >= _now() else period + _now()
    schedStatEvent(True, True, first, period)


def _next_tick() -> Optional[int]:
    """The tick of the scheduled stats event, if any (for ``m5.simulate``)."""
    return None if _scheduled is None else _scheduled[0]


def _fire() -> None:
    """Carry out the scheduled stats event and schedule its next repetition."""
    global _scheduled
    if _scheduled is None:
        return
    tick, do_dump, do_reset, repeat = _scheduled
    _scheduled = (tick + repeat, do_dump, do_reset, repeat) if repeat else None
    if do_dump:
        dump()
    if do_reset:
        reset()


def _reset_for_tests() -> None:
    global _scheduled
    _scheduled = None
