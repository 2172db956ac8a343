"""gem5's ``m5.util.convert``: unit strings to numbers (``"32KiB"`` to bytes,
``"2GHz"`` to hertz, ``"30ns"`` to seconds), with the simulator's own parsers."""

from typing import Any

from sim import _runtime
from sim.errors import ParamError


def _parse(kind: str, value: Any) -> Any:
    if isinstance(value, (int, float)) and not isinstance(value, bool):
        return value
    if not isinstance(value, str):
        raise ParamError(f"{kind}: is {value!r}; allowed values: a number or a string with a unit")
    parse = getattr(_runtime.native(), f"parse_{kind}")
    try:
        return parse(value)
    except ValueError as err:
        raise ParamError(f"{kind}: {err}") from None


def toMemorySize(value: Any) -> int:
    """Bytes in a memory size (``"32KiB"``, gem5's ``"32kB"``)."""
    return int(_parse("size", value))


def toFrequency(value: Any) -> float:
    """Hertz in a frequency (``"2GHz"``)."""
    return float(_parse("frequency", value))


def anyToFrequency(value: Any) -> float:
    """Hertz in a frequency or a period (``"2GHz"``, ``"500ps"``)."""
    return toFrequency(value)


def toLatency(value: Any) -> float:
    """Seconds in a latency (``"30ns"``)."""
    if isinstance(value, (int, float)) and not isinstance(value, bool):
        return float(value)
    return _parse("latency", value) / 1e12


def anyToLatency(value: Any) -> float:
    """Seconds in a latency or the period of a frequency (``"30ns"``, ``"1GHz"``)."""
    if isinstance(value, str) and value.strip().lower().endswith("hz"):
        return 1.0 / toFrequency(value)
    return toLatency(value)
