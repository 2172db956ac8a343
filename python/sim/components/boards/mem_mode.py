"""Memory modes of a board (gem5's ``gem5.components.boards.mem_mode``)."""

from enum import Enum

from sim.errors import ParamError


class MemMode(Enum):
    """The memory modes a board can be set to."""

    TIMING = 1
    ATOMIC = 2
    ATOMIC_NONCACHING = 3


def mem_mode_to_string(mem_mode: MemMode) -> str:
    """The ``System.mem_mode`` value of ``mem_mode`` ("timing", ...)."""
    names = {
        MemMode.TIMING: "timing",
        MemMode.ATOMIC: "atomic",
        MemMode.ATOMIC_NONCACHING: "atomic_noncaching",
    }
    if mem_mode not in names:
        raise ParamError("board.mem_mode", f"{mem_mode!r} is not a MemMode")
    return names[mem_mode]
