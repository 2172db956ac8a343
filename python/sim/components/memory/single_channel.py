"""Single-channel DRAM memories (gem5's ``single_channel`` module)."""

from typing import Optional

from sim.components.memory.memory import ChanneledMemory


def SingleChannelDDR3_1600(size: Optional[str] = None) -> ChanneledMemory:
    """One channel of ``DDR3_1600_8x8``, interleaved every 64 bytes."""
    return ChanneledMemory("DDR3_1600_8x8", 1, 64, size=size)


def SingleChannelDDR3_2133(size: Optional[str] = None) -> ChanneledMemory:
    """One channel of ``DDR3_2133_8x8``, interleaved every 64 bytes."""
    return ChanneledMemory("DDR3_2133_8x8", 1, 64, size=size)


def SingleChannelDDR4_2400(size: Optional[str] = None) -> ChanneledMemory:
    """One channel of ``DDR4_2400_8x8``, interleaved every 64 bytes."""
    return ChanneledMemory("DDR4_2400_8x8", 1, 64, size=size)


def SingleChannelLPDDR3_1600(size: Optional[str] = None) -> ChanneledMemory:
    """One channel of ``LPDDR3_1600_1x32``, interleaved every 64 bytes."""
    return ChanneledMemory("LPDDR3_1600_1x32", 1, 64, size=size)
