"""Memories (gem5's ``gem5.components.memory``): single- and dual-channel DRAM
(:mod:`.single_channel`, :mod:`.multi_channel`, built as
:class:`~.memory.ChanneledMemory`) and :class:`SingleChannelSimpleMemory`."""

from sim.components.memory.multi_channel import (
    DualChannelDDR3_1600,
    DualChannelDDR3_2133,
    DualChannelDDR4_2400,
    DualChannelLPDDR3_1600,
)
from sim.components.memory.simple import SimpleMemory, SingleChannelSimpleMemory
from sim.components.memory.single_channel import (
    SingleChannelDDR3_1600,
    SingleChannelDDR3_2133,
    SingleChannelDDR4_2400,
    SingleChannelLPDDR3_1600,
)

__all__ = [
    "DualChannelDDR3_1600",
    "DualChannelDDR3_2133",
    "DualChannelDDR4_2400",
    "DualChannelLPDDR3_1600",
    "SimpleMemory",
    "SingleChannelDDR3_1600",
    "SingleChannelDDR3_2133",
    "SingleChannelDDR4_2400",
    "SingleChannelLPDDR3_1600",
    "SingleChannelSimpleMemory",
]
