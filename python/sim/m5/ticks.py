"""gem5's ``m5.ticks``: the tick frequency (fixed at 1 THz, 1 tick = 1 ps) and
conversions between seconds and ticks."""

import math
from typing import Union

from sim.errors import UsageError

_FREQUENCY = 10**12

Number = Union[int, float]


def setGlobalFrequency(ticksPerSecond: Union[int, str]) -> None:
    """gem5 lets scripts pick the tick rate; here it is 1 THz, so only that is accepted."""
    if ticksPerSecond not in (_FREQUENCY, "1THz", "1ps", "1000GHz"):
        raise UsageError(
            f"m5.ticks.setGlobalFrequency: is {ticksPerSecond!r}; allowed values: 1THz "
            "(1 tick is 1 ps)"
        )


def fixGlobalFrequency() -> None:
    """The frequency is always fixed."""


def getFrequency() -> int:
    """Ticks per second."""
    return _FREQUENCY


frequency = _FREQUENCY


def fromSeconds(value: Number) -> int:
    """Ticks in ``value`` seconds, rounded to the nearest tick (gem5's rounding)."""
    if not isinstance(value, (int, float)) or isinstance(value, bool):
        raise UsageError(f"m5.ticks.fromSeconds: is {value!r}; allowed values: a number")
    ticks = value * _FREQUENCY
    if not math.isfinite(ticks) or ticks < 0:
        raise UsageError(f"m5.ticks.fromSeconds: is {value!r}; allowed values: >= 0 seconds")
    return int(math.floor(ticks + 0.5))
