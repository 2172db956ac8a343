"""CPU model names, as gem5's ``gem5.components.processors.cpu_types``.

Every gem5 name is accepted here; the board refuses the models the simulator
does not implement yet (KVM) when it is built.
"""

from enum import Enum
from typing import Set

from sim.errors import ParamError


class CPUTypes(Enum):
    """gem5's CPU types."""

    ATOMIC = "atomic"
    KVM = "kvm"
    O3 = "o3"
    TIMING = "timing"
    MINOR = "minor"


SUPPORTED = (CPUTypes.ATOMIC, CPUTypes.TIMING, CPUTypes.MINOR, CPUTypes.O3)
"""The CPU types the native simulator implements."""


def get_cpu_types_str_set() -> Set[str]:
    """All CPU type names as strings."""
    return {cpu_type.value for cpu_type in CPUTypes}


def get_cpu_type_from_str(input: str, path: str = "cpu_type") -> CPUTypes:
    """The CPU type named ``input`` (case-insensitive); raises
    :class:`~sim.errors.ParamError` (a ValueError) naming ``path`` and listing
    the known names otherwise."""
    for cpu_type in CPUTypes:
        if isinstance(input, str) and input.lower() == cpu_type.value:
            return cpu_type
    known = ", ".join(sorted(get_cpu_types_str_set()))
    raise ParamError(
        path,
        f"CPU type {input!r} does not correspond to a known CPU type. Known CPU Types: {known}",
    )


def get_mem_mode(input: CPUTypes):
    """The memory mode a CPU type needs (gem5's ``cpu_types.get_mem_mode``)."""
    from sim.components.boards.mem_mode import MemMode

    modes = {
        CPUTypes.TIMING: MemMode.TIMING,
        CPUTypes.O3: MemMode.TIMING,
        CPUTypes.MINOR: MemMode.TIMING,
        CPUTypes.KVM: MemMode.ATOMIC_NONCACHING,
        CPUTypes.ATOMIC: MemMode.ATOMIC,
    }
    return modes[input]
