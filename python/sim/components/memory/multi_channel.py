"""Dual-channel DRAM memories (gem5's ``multi_channel`` module)."""

from typing import Optional

from sim.components.memory.memory import ChanneledMemory


def DualChannelDDR3_1600(size: Optional[str] = None) -> ChanneledMemory:
    """Two channels of ``DDR3_1600_8x8``, interleaved every 64 bytes."""
    return ChanneledMemory("DDR3_1600_8x8", 2, 64, size=size)


def DualChannelDDR3_2133(size: Optional[str] = None) -> ChanneledMemory:
    """Two channels of ``DDR3_2133_8x8``, interleaved every 64 bytes."""
    return ChanneledMemory("DDR3_2133_8x8", 2, 64, size=size)


def DualChannelDDR4_2400(size: Optional[str] = None) -> ChanneledMemory:
    """Two channels of ``DDR4_2400_8x8``, interleaved every 64 bytes."""
    return ChanneledMemory("DDR4_2400_8x8", 2, 64, size=size)


def DualChannelLPDDR3_1600(size: Optional[str] = None) -> ChanneledMemory:
    """Two channels of ``LPDDR3_1600_1x32``, interleaved every 64 bytes."""
    return ChanneledMemory("LPDDR3_1600_1x32", 2, 64, size=size)
