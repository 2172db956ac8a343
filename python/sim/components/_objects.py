"""The ``sim.objects`` classes the stdlib components are built of, with the
few that the object catalogue may still lack looked up here once.

``SubSystem`` is gem5's grouping object (``src/sim/SubSystem.py``); until
``sim.objects`` defines it, an equivalent class is defined here. ``MemCtrl``,
the DRAM interfaces and ``StridePrefetcher`` are taken from ``sim.objects``
when used, so a memory or cache that needs one it lacks fails by name.
"""

from typing import Any, Optional

import sim.objects as objects
from sim.errors import UnsupportedError
from sim.objects.params import ParamDesc
from sim.objects.simobject import SimObject

if hasattr(objects, "SubSystem"):
    SubSystem = objects.SubSystem
else:

    class SubSystem(SimObject):  # type: ignore[no-redef]
        """gem5's ``SubSystem``: a named group of objects, no behaviour."""

        type = "SubSystem"
        cxx_class = "gem5::SubSystem"


def object_class(name: str, path: str) -> Any:
    """The ``sim.objects`` class ``name``; an :class:`UnsupportedError` naming
    ``path`` when the catalogue has no such class."""
    cls = getattr(objects, name, None)
    if cls is None:
        raise UnsupportedError(path, f"needs sim.objects.{name}, which this build lacks")
    return cls


def class_param(cls: type, name: str) -> Any:
    """The default of parameter ``name`` of SimObject class ``cls``, converted
    (gem5 reads ``DDR3_1600_8x8.device_size.value`` so)."""
    desc: Optional[ParamDesc] = cls._params.get(name)  # type: ignore[attr-defined]
    if desc is None or desc.default is ParamDesc.REQUIRED:
        raise UnsupportedError(f"{cls.__name__}.{name}", "has no default value")
    return desc.convert(f"{cls.__name__}.{name}", desc.default)


def has_param(obj: Any, name: str) -> bool:
    """True when ``obj`` (a SimObject or its class) declares parameter ``name``."""
    return name in getattr(obj, "_params", {})
