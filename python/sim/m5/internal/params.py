"""gem5's ``m5.internal.params``: for every enum parameter type ``X`` of
:mod:`sim.objects`, ``enum_X`` is the enum gem5's C++ side exports, whose
``__members__`` lists the values in declaration order followed by gem5's
``Num_X`` count (configs/common/ObjectList.py lists DRAM address maps from
``enum_AddrMap``).
"""

import enum
from typing import Any, Dict, List

from sim.objects.params import Enum

_made: Dict[str, type] = {}


def _enum_classes() -> Dict[str, type]:
    found: Dict[str, type] = {}
    pending: List[type] = list(Enum.__subclasses__())
    while pending:
        cls = pending.pop()
        found.setdefault(cls.__name__, cls)
        pending.extend(cls.__subclasses__())
    return found


def _exported(cls: type) -> type:
    members = [(name, cls.map[name]) for name in cls.vals]
    members.append((f"Num_{cls.__name__}", len(cls.vals)))
    return enum.IntEnum(f"enum_{cls.__name__}", members)


def __getattr__(name: str) -> Any:
    if name.startswith("enum_"):
        cls = _enum_classes().get(name[len("enum_"):])
        if cls is not None and cls.vals:
            if name not in _made:
                _made[name] = _exported(cls)
            return _made[name]
    raise AttributeError(f"module 'm5.internal.params' has no attribute {name!r}")


def __dir__() -> List[str]:
    return sorted(f"enum_{name}" for name, cls in _enum_classes().items() if cls.vals)
