"""The ISA enum, as gem5's ``gem5.isas``: values are gem5's lower-case names.

This simulator runs RISC-V guests (SE mode) only; see :mod:`sim.runtime`.
"""

from enum import Enum
from typing import Set

from sim.errors import ParamError


class ISA(Enum):
    """ISAs a configuration may name (gem5's list)."""

    X86 = "x86"
    RISCV = "riscv"
    ARM = "arm"
    MIPS = "mips"
    POWER = "power"
    SPARC = "sparc"
    NULL = "null"


def get_isas_str_set() -> Set[str]:
    """All ISA names as strings."""
    return {isa.value for isa in ISA}


def get_isa_from_str(input: str, path: str = "isa") -> ISA:
    """The ISA named ``input`` (case-insensitive); raises
    :class:`~sim.errors.ParamError` (a ValueError) naming ``path`` and listing
    the known names otherwise."""
    for isa in ISA:
        if isinstance(input, str) and input.lower() == isa.value:
            return isa
    known = ", ".join(sorted(get_isas_str_set()))
    raise ParamError(
        path, f"Value {input!r} does not correspond to a known ISA. Known ISAs: {known}"
    )
