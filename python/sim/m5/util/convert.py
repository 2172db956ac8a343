"""gem5's ``m5.util.convert``: unit strings to numbers (``"32KiB"`` to bytes,
``"2GHz"`` to hertz, ``"30ns"`` to seconds), with the simulator's own parsers."""

from typing import Any

from sim import _runtime
from sim.errors import ParamError

# The unit prefixes scripts divide by (``toFrequency(clock) / mega``).
atto, femto, pico, nano, micro, milli = 1e-18, 1e-15, 1e-12, 1e-9, 1e-6, 1e-3
kilo, mega, giga, tera, peta, exa = 1e3, 1e6, 1e9, 1e12, 1e15, 1e18
kibi = 1024
mebi, gibi, tebi, pebi, exbi = kibi**2, kibi**3, kibi**4, kibi**5, kibi**6

metric_prefixes = {
    "Ei": exbi, "E": exa, "Pi": pebi, "P": peta, "Ti": tebi, "T": tera,
    "Gi": gibi, "G": giga, "M": mega, "Ki": kibi, "k": kilo, "Mi": mebi,
    "m": milli, "u": micro, "n": nano, "p": pico, "f": femto, "a": atto,
}
"""Metric prefixes (and the binary ones, which gem5 accepts with any unit)."""

binary_prefixes = {
    "Ei": exbi, "E": exbi, "Pi": pebi, "P": pebi, "Ti": tebi, "T": tebi,
    "Gi": gibi, "G": gibi, "Mi": mebi, "M": mebi, "Ki": kibi, "k": kibi,
}
"""Prefixes of memory sizes and bandwidths: ``k``/``K``... are powers of 1024."""


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


def _number(value: Any, kind: str, units: Any, prefixes: dict, make: Any) -> Any:
    """``value`` (a string: a magnitude, or a magnitude, a prefix and one of
    ``units``) as a number; a prefix needs a unit, as in gem5."""
    if not isinstance(value, str):
        raise TypeError(f"wrong type '{type(value)}' should be str")
    units = (units,) if isinstance(units, str) else tuple(units or ())
    magnitude, scale = value, 1
    unit = next((u for u in units if value.endswith(u)), "")
    if unit:
        magnitude = value[: -len(unit)]
        prefix = next((p for p in prefixes if magnitude.endswith(p)), "")
        if prefix:
            magnitude, scale = magnitude[: -len(prefix)], prefixes[prefix]
    try:
        return make(magnitude) * scale
    except ValueError:
        raise ValueError(f"cannot convert '{value}' to {kind}") from None


def toFloat(value: Any, target_type: str = "float", units: Any = None, prefixes: Any = ()) -> float:
    """A float from ``value`` with an optional unit from ``units`` and a prefix."""
    return _number(value, target_type, units, dict(prefixes) if prefixes else {}, float)


def toMetricFloat(value: Any, target_type: str = "float", units: Any = None) -> float:
    return toFloat(value, target_type, units, metric_prefixes)


def toBinaryFloat(value: Any, target_type: str = "float", units: Any = None) -> float:
    return toFloat(value, target_type, units, binary_prefixes)


def toInteger(value: Any, target_type: str = "integer", units: Any = None,
              prefixes: Any = ()) -> int:
    """An integer (``0x`` and ``0o`` forms too) with an optional unit and prefix."""
    return int(_number(value, target_type, units, dict(prefixes) if prefixes else {},
                       lambda text: int(text, 0)))


def toMetricInteger(value: Any, target_type: str = "integer", units: Any = None) -> int:
    return toInteger(value, target_type, units, metric_prefixes)


def toBinaryInteger(value: Any, target_type: str = "integer", units: Any = None) -> int:
    return toInteger(value, target_type, units, binary_prefixes)


def toBool(value: Any) -> bool:
    """``true``/``t``/``yes``/``y``/``1`` or ``false``/``f``/``no``/``n``/``0``."""
    if not isinstance(value, str):
        raise TypeError(f"wrong type '{type(value)}' should be str")
    lowered = value.lower()
    if lowered in ("true", "t", "yes", "y", "1"):
        return True
    if lowered in ("false", "f", "no", "n", "0"):
        return False
    raise ValueError(f"cannot convert '{value}' to bool")


def toMemoryBandwidth(value: Any) -> float:
    """Bytes per second (``"12.8GiB/s"``)."""
    return toBinaryFloat(value, "memory bandwidth", "B/s")


def toNetworkBandwidth(value: Any) -> float:
    """Bits per second (``"10Gbps"``)."""
    return toMetricFloat(value, "network bandwidth", "bps")


def toVoltage(value: Any) -> float:
    return toMetricFloat(value, "voltage", "V")


def toCurrent(value: Any) -> float:
    return toMetricFloat(value, "current", "A")


def toEnergy(value: Any) -> float:
    return toMetricFloat(value, "energy", "J")
