"""gem5's parameter types, spelled as gem5 spells them (``Param.MemorySize("64kB",
"...")``, ``VectorParam.AddrRange([...])``).

A parameter type converts a script's value to one canonical Python value (bytes,
ticks, an :class:`AddrRange`, ...) or raises ``ValueError`` saying what is
allowed; :class:`ParamDesc` (the class attribute a ``Param.X(...)`` call makes)
wraps that problem in a :class:`~sim.errors.ParamError` naming the object path and
the parameter. Each type also says how gem5 writes a value in ``config.ini``
(``ini``) and ``config.json`` (``json``): sizes as bytes, latencies, clocks and
frequencies as ticks, booleans as ``true``/``false`` in the ini, address ranges as
``start:end`` with the end exclusive, objects by path.

Units are parsed by the simulator's own parsers (``sim._native.parse_size``,
``parse_latency``, ``parse_frequency``), looked up only when a string needs
parsing, so Python and ``sim se`` agree and this module imports without the
native extension.
"""

import abc
import math
import os
import re
from typing import Any, Dict, List, Optional

from sim import _runtime
from sim.errors import ParamError, ParamTypeError
from sim.objects.proxy import Proxy

TICKS_PER_SECOND = 10**12
"""gem5's default tick rate: one tick is a picosecond."""

#: Every parameter type by name, for ``Param.<name>``; enums add themselves.
TYPES: Dict[str, "ParamType"] = {}


def seconds_to_ticks(seconds: float) -> int:
    """Ticks in ``seconds``, rounded half up as gem5's ``ticks.fromSeconds``."""
    return int(math.floor(seconds * TICKS_PER_SECOND + 0.5))


def _native_parse(kind: str, text: str) -> Any:
    return getattr(_runtime.native(), f"parse_{kind}")(text)


class ParamType(abc.ABC):
    """One of gem5's parameter types: converts and checks a value (raising
    ``ValueError`` with what is allowed) and writes it as gem5 does."""

    name = "?"
    allowed = "?"

    @abc.abstractmethod
    def convert(self, value: Any) -> Any:
        """The value in this type's terms, or ``ValueError`` (see :meth:`bad`)."""

    def ini(self, value: Any) -> str:
        return str(value)

    def json(self, value: Any) -> Any:
        return value

    def bad(self, value: Any) -> ValueError:
        return ValueError(f"{value!r} is not a valid {self.name}; allowed: {self.allowed}")


def _register(ptype: ParamType) -> ParamType:
    TYPES[ptype.name] = ptype
    return ptype


class IntType(ParamType):
    """A checked integer (gem5's ``CheckedInt``): an int or an integer string."""

    def __init__(self, name: str, low: int, high: int):
        self.name, self.low, self.high = name, low, high
        self.allowed = f"an integer from {low} to {high}"

    def convert(self, value: Any) -> int:
        if isinstance(value, str):
            try:
                value = int(value.strip(), 0)
            except ValueError:
                raise self.bad(value) from None
        if isinstance(value, float) and value.is_integer():
            value = int(value)
        if isinstance(value, bool) or not isinstance(value, int):
            raise self.bad(value)
        if not self.low <= value <= self.high:
            raise self.bad(value)
        return value


for _name, _bits in (("Int8", 8), ("Int16", 16), ("Int32", 32), ("Int64", 64)):
    _register(IntType(_name, -(1 << (_bits - 1)), (1 << (_bits - 1)) - 1))
for _name, _bits in (("UInt8", 8), ("UInt16", 16), ("UInt32", 32), ("UInt64", 64)):
    _register(IntType(_name, 0, (1 << _bits) - 1))
_register(IntType("Int", -(1 << 31), (1 << 31) - 1))
_register(IntType("Unsigned", 0, (1 << 32) - 1))
_register(IntType("Counter", 0, (1 << 64) - 1))
_register(IntType("Tick", 0, (1 << 64) - 1))
_register(IntType("Cycles", 0, (1 << 64) - 1))
_register(IntType("Percent", 0, 100))
_register(IntType("TcpPort", 0, (1 << 16) - 1))
_register(IntType("UdpPort", 0, (1 << 16) - 1))


class PowerOfTwoType(IntType):
    """A checked integer that must also be a power of two (RISC-V's VLEN, ELEN)."""

    def __init__(self, name: str, low: int, high: int):
        super().__init__(name, low, high)
        self.allowed = f"a power of two from {low} to {high}"

    def convert(self, value: Any) -> int:
        value = super().convert(value)
        if value & (value - 1):
            raise self.bad(value)
        return value


_register(PowerOfTwoType("RiscvVectorLength", 8, 65536))
_register(PowerOfTwoType("RiscvVectorElementLength", 8, 64))


class MemorySizeType(ParamType):
    """Bytes: an int, or a size string as gem5 reads it ("32KiB"; "32kB" is
    also 32768, gem5's binary meaning)."""

    name = "MemorySize"
    allowed = 'a size such as "32KiB", "64kB" or a number of bytes'

    def convert(self, value: Any) -> int:
        if isinstance(value, str):
            try:
                return int(_native_parse("size", value.strip()))
            except ValueError as err:
                raise ValueError(f"{value!r} is not a valid {self.name} ({err}); "
                                 f"allowed: {self.allowed}") from None
        if isinstance(value, bool) or not isinstance(value, int) or not 0 <= value < 1 << 64:
            raise self.bad(value)
        return value


_register(MemorySizeType())


class MemorySize32Type(MemorySizeType):
    name = "MemorySize32"
    allowed = 'a size below 4GiB such as "32KiB" or a number of bytes'

    def convert(self, value: Any) -> int:
        size = super().convert(value)
        if size >= 1 << 32:
            raise self.bad(value)
        return size


_register(MemorySize32Type())


class AddrType(MemorySizeType):
    """An address: an int or a size string ("512MiB"), as gem5's ``Addr``."""

    name = "Addr"
    allowed = 'an address such as 0x80000000 or a size such as "512MiB"'

    def convert(self, value: Any) -> int:
        if isinstance(value, str) and re.fullmatch(r"\s*(0[xX][0-9a-fA-F]+|\d+)\s*", value):
            return int(value.strip(), 0)
        return super().convert(value)


_register(AddrType())


class TicksType(ParamType):
    """A time kept in ticks: ``Latency`` ("30ns"), ``Frequency`` ("3GHz", stored
    as its period) or ``Clock`` (either); ``"100t"`` is 100 ticks. Written in
    ticks, as gem5 writes them in config.ini and config.json."""

    def __init__(self, name: str, allowed: str, periods: bool, frequencies: bool):
        self.name, self.allowed = name, allowed
        self.periods, self.frequencies = periods, frequencies

    def convert(self, value: Any) -> int:
        if isinstance(value, bool) or not isinstance(value, (str, int, float)):
            raise self.bad(value)
        if not isinstance(value, str):
            if self.frequencies and not self.periods and value > 0:
                return seconds_to_ticks(1.0 / value)  # a bare number is Hz
            if value < 0:
                raise self.bad(value)
            return int(value)  # a bare number is ticks
        text = value.strip()
        if re.fullmatch(r"\d+t", text):
            return int(text[:-1])
        try:
            if text.endswith("Hz"):
                if not self.frequencies:
                    raise self.bad(value)
                if re.fullmatch(r"0+(\.0*)?\s*[kMGT]?Hz", text):
                    return 0  # gem5's "0Hz": disabled (e.g. progress_interval)
                hertz = float(_native_parse("frequency", text))
                return seconds_to_ticks(1.0 / hertz) if hertz > 0 else 0
            if not self.periods:
                raise self.bad(value)
            return int(_native_parse("latency", text))
        except ValueError as err:
            if str(err).startswith(repr(value)):
                raise
            raise ValueError(f"{value!r} is not a valid {self.name} ({err}); "
                             f"allowed: {self.allowed}") from None


_register(TicksType("Latency", 'a time such as "30ns" or "100t" (ticks)', True, False))
_register(TicksType("Frequency", 'a frequency such as "3GHz"', False, True))
_register(TicksType("Clock", 'a frequency such as "3GHz" or a period such as "1ns"',
                    True, True))


class DomainClockType(TicksType):
    """A clock domain's clock (gem5 declares it a ``Clock``): limited to what a tick
    can time and the simulator allows, 1 MHz to 1 THz (a period of 1 to 10^6 ticks).
    Other ``Clock`` parameters (``Root.time_sync_period``) are not limited."""

    def convert(self, value: Any) -> int:
        period = super().convert(value)
        if not 1 <= period <= 1_000_000:
            raise ValueError(f"{value!r} is not a valid clock; allowed: 1MHz to 1THz "
                             "(a period of 1ps to 1us)")
        return period


_register(DomainClockType("DomainClock",
                          'a frequency such as "3GHz" or a period such as "1ns"', True, True))


class BoolType(ParamType):
    """True/False (also "true"/"false", "yes"/"no", "on"/"off", 1/0 as gem5);
    written ``true``/``false`` in config.ini and as a JSON boolean."""

    name = "Bool"
    allowed = "True or False"
    WORDS = {"true": True, "t": True, "yes": True, "y": True, "on": True, "1": True,
             "false": False, "f": False, "no": False, "n": False, "off": False, "0": False}

    def convert(self, value: Any) -> bool:
        if isinstance(value, bool):
            return value
        if isinstance(value, int) and value in (0, 1):
            return bool(value)
        if value is None:
            # gem5 takes bool() of a value that is not a string: None (an
            # option left unset, as MemConfig passes enable_dram_powerdown) is False.
            return False
        if isinstance(value, str) and value.strip().lower() in self.WORDS:
            return self.WORDS[value.strip().lower()]
        raise self.bad(value)

    def ini(self, value: bool) -> str:
        return "true" if value else "false"


_register(BoolType())


class FloatType(ParamType):
    """A real number; ``unit`` strips a suffix such as "V" (gem5's ``Voltage``)."""

    def __init__(self, name: str, unit: str = ""):
        self.name, self.unit = name, unit
        self.allowed = f'a number such as "1{unit}"' if unit else "a number"

    def convert(self, value: Any) -> float:
        if isinstance(value, str):
            text = value.strip()
            if self.unit and text.endswith(self.unit):
                text = text[: -len(self.unit)]
            try:
                value = float(text)
            except ValueError:
                raise self.bad(value) from None
        if isinstance(value, bool) or not isinstance(value, (int, float)):
            raise self.bad(value)
        if not math.isfinite(value):
            raise self.bad(value)
        return float(value)


_register(FloatType("Float"))

METRIC_PREFIXES = {
    "Ei": 1 << 60, "E": 1e18, "Pi": 1 << 50, "P": 1e15, "Ti": 1 << 40, "T": 1e12,
    "Gi": 1 << 30, "G": 1e9, "M": 1e6, "Ki": 1 << 10, "k": 1e3, "Mi": 1 << 20,
    "m": 1e-3, "u": 1e-6, "n": 1e-9, "p": 1e-12, "f": 1e-15, "a": 1e-18,
}
"""gem5's metric prefixes (``m5.util.convert.metric_prefixes``)."""


def metric_number(text: str, units: tuple) -> tuple:
    """(magnitude times its prefix, unit) of ``text`` as gem5's ``toNum`` reads
    it: a bare number, or a number with one of ``units`` and an optional metric
    prefix ("55mA", "1.5V", "25C"). Raises ValueError."""
    text = text.strip()
    unit = next((u for u in units if text.endswith(u)), "")
    number, scale = text[: len(text) - len(unit)], 1.0
    if unit:
        prefix = next((p for p in sorted(METRIC_PREFIXES, key=len, reverse=True)
                       if number.endswith(p)), "")
        number, scale = number[: len(number) - len(prefix)], METRIC_PREFIXES.get(prefix, 1.0)
    value = float(number) * scale
    if not math.isfinite(value):
        raise ValueError(text)
    return value, unit


class MetricFloatType(ParamType):
    """A real number in a unit with metric prefixes, kept in the base unit:
    gem5's ``Voltage`` (volts), ``Current`` (amperes, "55mA" is 0.055) and
    ``Energy`` (joules). Written as the number, as gem5's ``Float``."""

    def __init__(self, name: str, unit: str, example: str):
        self.name, self.unit = name, unit
        self.allowed = f'a number of {unit} with an optional metric prefix, such as "{example}"'

    def convert(self, value: Any) -> float:
        if isinstance(value, bool) or not isinstance(value, (str, int, float)):
            raise self.bad(value)
        number = value
        if isinstance(value, str):
            try:
                number, _ = metric_number(value, (self.unit,))
            except ValueError:
                raise self.bad(value) from None
        if not math.isfinite(number):
            raise self.bad(value)
        return float(number)


_register(MetricFloatType("Voltage", "V", "1.2V"))
_register(MetricFloatType("Current", "A", "55mA"))
_register(MetricFloatType("Energy", "J", "1pJ"))


class TemperatureType(ParamType):
    """A temperature in kelvin, from "300K", "25C" or "77F" (gem5's
    ``Temperature``); below absolute zero is refused."""

    name = "Temperature"
    allowed = 'a temperature such as "300K", "25C" or "77F", not below absolute zero'

    def convert(self, value: Any) -> float:
        if not isinstance(value, str):
            raise self.bad(value)
        try:
            magnitude, unit = metric_number(value, ("K", "C", "F"))
        except ValueError:
            raise self.bad(value) from None
        if unit == "C":
            kelvin = magnitude + 273.15
        elif unit == "F":
            kelvin = (magnitude + 459.67) / 1.8
        elif unit == "K":
            kelvin = magnitude
        else:
            raise self.bad(value)
        if kelvin < 0:
            raise self.bad(value)
        return kelvin


_register(TemperatureType())


class NetworkBandwidthType(ParamType):
    """Bits per second with metric prefixes ("1Gbps"); gem5 writes it as ticks
    per byte with six decimals."""

    name = "NetworkBandwidth"
    allowed = 'a bandwidth such as "10Gbps"'

    def convert(self, value: Any) -> float:
        if isinstance(value, bool) or not isinstance(value, (str, int, float)):
            raise self.bad(value)
        number = value
        if isinstance(value, str):
            try:
                number, _ = metric_number(value, ("bps",))
            except ValueError:
                raise self.bad(value) from None
        if not math.isfinite(number) or number <= 0:
            raise self.bad(value)
        return float(number)

    def ini(self, value: float) -> str:
        return f"{float(seconds_to_ticks(8.0 / value)):f}"

    def json(self, value: float) -> str:
        return self.ini(value)


_register(NetworkBandwidthType())


class HostSocketType(ParamType):
    """A host socket: a TCP port number, a Unix socket path, or "@name" for an
    abstract socket (gem5's ``HostSocket``); written "#7000", "Ppath", "@name"."""

    name = "HostSocket"
    allowed = 'a TCP port number (0 to 65535), a socket path, or "@name"'

    def convert(self, value: Any) -> Any:
        if isinstance(value, str) and value:
            return value
        if isinstance(value, int) and not isinstance(value, bool) and 0 <= value < 1 << 16:
            return value
        raise self.bad(value)

    def ini(self, value: Any) -> str:
        if isinstance(value, int):
            return f"#{value}"
        return value if value.startswith("@") else f"P{value}"

    def json(self, value: Any) -> str:
        return f"#{value}" if isinstance(value, int) else value


_register(HostSocketType())


class MemoryBandwidthType(ParamType):
    """Bytes per second ("12.8GiB/s"); gem5 writes it as whole ticks per byte
    (rounded half up) with six decimals in both config.ini and config.json
    ("12.8GiB/s" is ``73.000000``)."""

    name = "MemoryBandwidth"
    allowed = 'a bandwidth such as "12.8GiB/s"'
    PREFIX = {"": 0, "K": 10, "k": 10, "Ki": 10, "M": 20, "Mi": 20, "G": 30, "Gi": 30,
              "T": 40, "Ti": 40}

    def convert(self, value: Any) -> float:
        if isinstance(value, bool) or not isinstance(value, (str, int, float)):
            raise self.bad(value)
        if not isinstance(value, str):
            return float(value)
        m = re.fullmatch(r"\s*(\d+(?:\.\d+)?)\s*([kKMGT]i?)?B/s\s*", value)
        if not m:
            raise self.bad(value)
        return float(m.group(1)) * (1 << self.PREFIX[m.group(2) or ""])

    def ini(self, value: float) -> str:
        return f"{float(seconds_to_ticks(1.0 / value)) if value else 0.0:f}"

    def json(self, value: float) -> str:
        return self.ini(value)


_register(MemoryBandwidthType())


class StringType(ParamType):
    """Text (a path-like value is taken as its path)."""

    name = "String"
    allowed = "a string"

    def convert(self, value: Any) -> str:
        if isinstance(value, os.PathLike):
            value = os.fspath(value)
        if not isinstance(value, str):
            raise self.bad(value)
        return value


_register(StringType())


class AddrRange:
    """An address range with an exclusive end, built as gem5's: ``AddrRange(size)``,
    ``AddrRange(start, end)``, ``AddrRange((start, end))``, ``AddrRange(start,
    size=...)``, ``AddrRange(start=..., end=...)``; sizes and addresses are ints
    or strings such as "512MiB".
    Written ``start:end`` (gem5's ``AddrRange.__str__``)."""

    def __init__(self, *args: Any, **kwargs: Any):
        addr = TYPES["Addr"]

        def get(value: Any) -> int:
            try:
                return addr.convert(value)
            except ValueError as err:
                raise ParamError("AddrRange", str(err)) from None

        if len(args) > 2:
            raise ParamTypeError("AddrRange", f"takes at most 2 positional values, got {args!r}")
        if len(args) == 2:
            self.start, self.end = get(args[0]), get(args[1])
        elif len(args) == 1 and not kwargs and isinstance(args[0], (list, tuple)):
            if len(args[0]) != 2:
                raise ParamTypeError("AddrRange", f"a (start, end) pair, not {args[0]!r}")
            self.start, self.end = get(args[0][0]), get(args[0][1])
        elif len(args) == 1 and not kwargs:
            self.start, self.end = 0, get(args[0])
        else:
            self.start = get(args[0] if args else kwargs.pop("start", 0))
            if "end" in kwargs:
                self.end = get(kwargs.pop("end"))
            elif "size" in kwargs:
                self.end = self.start + get(kwargs.pop("size"))
            else:
                raise ParamTypeError("AddrRange", "needs an end or a size")
        self._interleaving(kwargs)
        if kwargs:
            raise ParamTypeError("AddrRange", f"unknown keywords {sorted(kwargs)}")
        if self.end < self.start:
            raise ParamError("AddrRange", f"ends at {self.end:#x}, before its start "
                                          f"{self.start:#x}")

    def _interleaving(self, kwargs: Dict[str, Any]) -> None:
        """gem5's interleaving keywords: ``masks`` (one address mask per
        interleaving bit), or ``intlvBits`` with ``intlvHighBit`` (and
        ``xorHighBit`` for hashed interleaving); ``intlvMatch`` selects the
        slice this range holds."""
        self.intlv_match, self.masks = 0, []

        def number(key: str) -> int:
            value = kwargs.pop(key)
            if isinstance(value, bool) or not isinstance(value, int) or value < 0:
                raise ParamTypeError("AddrRange", f"{key} must be a non-negative integer, "
                                                  f"not {value!r}")
            return value

        if "intlvMatch" in kwargs:
            self.intlv_match = number("intlvMatch")
        if "masks" in kwargs:
            masks = kwargs.pop("masks")
            if not isinstance(masks, (list, tuple)) or any(
                    isinstance(m, bool) or not isinstance(m, int) or m <= 0 for m in masks):
                raise ParamTypeError("AddrRange", f"masks must be a list of positive "
                                                  f"integers, not {masks!r}")
            self.masks = list(masks)
        elif "intlvBits" in kwargs:
            bits = number("intlvBits")
            if "intlvHighBit" not in kwargs:
                raise ParamTypeError("AddrRange", "intlvBits needs intlvHighBit")
            high = number("intlvHighBit")
            xor_high = number("xorHighBit") if "xorHighBit" in kwargs else 0
            if bits > high + 1:
                raise ParamTypeError("AddrRange", f"intlvBits {bits} exceeds intlvHighBit "
                                                  f"{high} + 1")
            self.masks = [0] * bits
            for i in range(bits):
                mask = 1 << (high - i)
                if xor_high:
                    mask |= 1 << (xor_high - i)
                self.masks[bits - i - 1] = mask
        if self.masks and self.intlv_match >= 1 << len(self.masks):
            raise ParamTypeError("AddrRange", f"intlvMatch {self.intlv_match} needs more than "
                                              f"{len(self.masks)} interleaving bits")

    @property
    def intlv_bits(self) -> int:
        return len(self.masks)

    def interleaved(self) -> bool:
        return bool(self.masks)

    def size(self) -> int:
        """Bytes this range holds: the span divided among its interleaved slices."""
        return (self.end - self.start) >> len(self.masks)

    def __str__(self) -> str:
        if not self.masks:
            return f"{self.start}:{self.end}"
        masks = ":".join(str(m) for m in self.masks)
        return f"{self.start}:{self.end}:{self.intlv_match}:{masks}"

    def __repr__(self) -> str:
        if not self.masks:
            return f"AddrRange({self.start:#x}, {self.end:#x})"
        masks = [hex(m) for m in self.masks]
        return (f"AddrRange({self.start:#x}, {self.end:#x}, intlvMatch={self.intlv_match}, "
                f"masks=[{', '.join(masks)}])")

    def _key(self) -> tuple:
        return (self.start, self.end, self.intlv_match, tuple(self.masks))

    def __eq__(self, other: Any) -> bool:
        return isinstance(other, AddrRange) and self._key() == other._key()

    def __hash__(self) -> int:
        return hash(self._key())


class AddrRangeType(ParamType):
    name = "AddrRange"
    allowed = 'an AddrRange, or a size such as "512MiB" (the range from 0)'

    def convert(self, value: Any) -> AddrRange:
        if isinstance(value, AddrRange):
            return value
        if isinstance(value, (str, int)) and not isinstance(value, bool):
            try:
                return AddrRange(value)
            except ParamError as err:
                raise ValueError(f"{err.problem}; allowed: {self.allowed}") from None
        raise self.bad(value)

    def json(self, value: AddrRange) -> str:
        return str(value)


_register(AddrRangeType())


class Enum:
    """Base of gem5's enum parameter types: a subclass lists its ``vals``
    (``class MemoryMode(Enum): vals = ["invalid", "atomic", ...]``), or gives a
    ``map`` of names to numbers whose sorted names are the values (gem5's
    ``TypeTLB``), and is then usable as ``Param.MemoryMode("atomic", "...")``."""

    vals: List[str] = []
    map: Dict[str, int] = {}

    def __init_subclass__(cls, **kwargs: Any):
        super().__init_subclass__(**kwargs)
        if "map" in vars(cls):
            cls.vals = sorted(cls.map)
        elif "vals" in vars(cls):
            cls.map = {val: index for index, val in enumerate(cls.vals)}
        else:
            raise TypeError(f"enum {cls.__name__} defines neither vals nor map")
        _register(EnumType(cls.__name__, list(cls.vals)))


class EnumType(ParamType):
    def __init__(self, name: str, vals: List[str]):
        self.name, self.vals = name, vals
        self.allowed = ", ".join(vals)

    def convert(self, value: Any) -> str:
        if not isinstance(value, str) or value not in self.vals:
            raise self.bad(value)
        return value


class ScopedEnum(Enum):
    """gem5's ``ScopedEnum`` (a C++ ``enum class``): in configuration, an Enum."""

    vals: List[str] = []


class _Null:
    """gem5's ``NULL``: a SimObject parameter set to nothing (``Null`` in config.ini)."""

    def __repr__(self) -> str:
        return "NULL"


NULL = _Null()


class ObjectType(ParamType):
    """A parameter whose value is a SimObject of class ``name`` (or a subclass),
    or ``NULL``; written as the object's path. The class is looked up by name
    when first needed, so a parameter can name a class defined later."""

    def __init__(self, name: str):
        self.name = name
        self.allowed = f"a {name} object or NULL"

    def cls(self) -> type:
        from sim.objects.simobject import SimObject

        if self.name == "SimObject":
            return SimObject
        try:
            return SimObject.registry()[self.name]
        except KeyError:
            raise ValueError(f"no SimObject class named {self.name} is defined") from None

    def convert(self, value: Any) -> Any:
        if value is NULL or value is None:
            return NULL
        if not isinstance(value, self.cls()):
            raise self.bad(value)
        return value

    def ini(self, value: Any) -> str:
        return "Null" if value is NULL else value.path()

    def json(self, value: Any) -> Any:
        return None if value is NULL else value.path()


def param_type(name: str) -> ParamType:
    """The parameter type called ``name``: a value type or a SimObject class."""
    return TYPES.get(name) or ObjectType(name)


class ParamDesc:
    """A parameter declared on a SimObject class: its type, default (``REQUIRED``
    when gem5 has none) and description. Reading it on an object gives the
    object's value, else the default."""

    REQUIRED = object()

    def __init__(self, type_name: str, default: Any, desc: str, vector: bool = False):
        self.type_name, self.default, self.desc, self.vector = type_name, default, desc, vector
        self.name = "?"

    def __set_name__(self, owner: type, name: str) -> None:
        self.name = name

    def with_default(self, default: Any) -> "ParamDesc":
        """A copy whose default is ``default`` (a subclass's ``assoc = 2``)."""
        new = ParamDesc(self.type_name, default, self.desc, self.vector)
        new.name = self.name
        return new

    def __get__(self, obj: Any, owner: Optional[type] = None) -> Any:
        if obj is None:
            return self
        return readable(obj._param_value(self.name))

    @property
    def ptype(self) -> ParamType:
        return param_type(self.type_name)

    @property
    def value(self) -> Any:
        """The default's canonical value, read on a class as gem5 scripts do
        (``DDR3_1600_8x8.device_rowbuffer_size.value`` in se.py's MemConfig)."""
        if self.default is ParamDesc.REQUIRED:
            raise ParamError(self.name, f"has no default ({self.kind()}: {self.desc})")
        if isinstance(self.default, Proxy):
            raise ParamError(self.name, f"defaults to {self.default!r}, which only an object "
                                        f"in a tree can resolve")
        return self.convert(self.name, self.default)

    def kind(self) -> str:
        return f"VectorParam.{self.type_name}" if self.vector else f"Param.{self.type_name}"

    def convert(self, path: str, value: Any) -> Any:
        """``value`` as this parameter's canonical value (a list for a vector);
        raises ParamError naming ``path``, the value and what is allowed."""
        ptype = self.ptype
        try:
            if self.vector:
                items = list(value) if isinstance(value, (list, tuple)) else [value]
                return [ptype.convert(v) for v in items]
            return ptype.convert(value)
        except ValueError as err:
            raise ParamTypeError(path, str(err)) from None

    def ini(self, value: Any) -> str:
        if self.vector:
            return " ".join(self.ptype.ini(v) for v in value)
        return self.ptype.ini(value)

    def json(self, value: Any) -> Any:
        if self.vector:
            return [self.ptype.json(v) for v in value]
        return self.ptype.json(value)


class _Readable:
    """A number or string read from an object's parameter, with gem5's
    ParamValue accessors ``.value`` and ``getValue()`` (the plain value)."""

    _plain: type = object

    @property
    def value(self):
        return self._plain(self)

    def getValue(self):
        return self._plain(self)


class _IntValue(_Readable, int):
    _plain = int


class _FloatValue(_Readable, float):
    _plain = float


class _StrValue(_Readable, str):
    _plain = str


_READABLE = {int: _IntValue, float: _FloatValue, str: _StrValue}


def readable(value: Any) -> Any:
    """A parameter's value as a script reads it: numbers and strings gain gem5's
    ``.value`` (``system.cache_line_size.value``, ``intf.addr_mapping.value``);
    they stay ints, floats and strings."""
    wrap = _READABLE.get(type(value))
    return wrap(value) if wrap is not None else value


class _ParamFactory:
    """``Param.MemorySize("64kB", "desc")`` / ``Param.Cycles("desc")``: the
    first argument is the default unless it is the only one (gem5's rule)."""

    def __init__(self, vector: bool):
        self.vector = vector

    def __getattr__(self, type_name: str):
        if type_name.startswith("_"):
            raise AttributeError(type_name)

        def make(*args: Any) -> ParamDesc:
            if len(args) == 1:
                return ParamDesc(type_name, ParamDesc.REQUIRED, args[0], self.vector)
            if len(args) == 2:
                return ParamDesc(type_name, args[0], args[1], self.vector)
            raise TypeError(f"Param.{type_name} takes (default, description) or (description)")

        return make


Param = _ParamFactory(vector=False)
VectorParam = _ParamFactory(vector=True)
