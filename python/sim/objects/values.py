"""Parameter values made directly, as gem5's ``m5.objects`` exports its
parameter classes (``MemorySize("512MiB")``, ``Addr(0x80000000)``,
``Voltage("1.2V")``): each converts and checks like the parameter type of its
name and is a plain ``int`` or ``float`` of the canonical value (bytes, an
address, volts, ...), with ``.value`` as gem5's. A bad value is a ParamError
naming the type, the value and what is allowed."""

from typing import Any

from sim.errors import ParamTypeError
from sim.objects.params import TYPES


def _value_class(type_name: str, base: type) -> type:
    def __new__(cls: type, value: Any) -> Any:
        if isinstance(value, cls):
            return value
        try:
            converted = TYPES[type_name].convert(value)
        except ValueError as err:
            raise ParamTypeError(type_name, str(err)) from None
        return base.__new__(cls, converted)

    def __repr__(self: Any) -> str:
        return f"{type_name}({base(self)!r})"

    return type(type_name, (base,), {
        "__new__": __new__,
        "__repr__": __repr__,
        "__str__": lambda self: base.__repr__(self),
        "value": property(lambda self: base(self)),
        "__doc__": f"A {type_name} value (a {base.__name__}), checked as Param.{type_name}.",
    })


MemorySize = _value_class("MemorySize", int)
MemorySize32 = _value_class("MemorySize32", int)
Addr = _value_class("Addr", int)
Int = _value_class("Int", int)
Unsigned = _value_class("Unsigned", int)
UInt32 = _value_class("UInt32", int)
UInt64 = _value_class("UInt64", int)
Counter = _value_class("Counter", int)
Tick = _value_class("Tick", int)
Cycles = _value_class("Cycles", int)
Percent = _value_class("Percent", int)
Float = _value_class("Float", float)
Voltage = _value_class("Voltage", float)
Current = _value_class("Current", float)
Energy = _value_class("Energy", float)
Temperature = _value_class("Temperature", float)
MemoryBandwidth = _value_class("MemoryBandwidth", float)
NetworkBandwidth = _value_class("NetworkBandwidth", float)
