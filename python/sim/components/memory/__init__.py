"""Memories (gem5's ``gem5.components.memory``): :func:`SingleChannelDDR3_1600`,
:func:`SingleChannelDDR4_2400` and :class:`SimpleMemory`
(= :class:`SingleChannelSimpleMemory`)."""

from sim.components.memory.simple import SimpleMemory, SingleChannelSimpleMemory
from sim.components.memory.single_channel import (
    SingleChannelDDR3_1600,
    SingleChannelDDR4_2400,
)

__all__ = [
    "SimpleMemory",
    "SingleChannelDDR3_1600",
    "SingleChannelDDR4_2400",
    "SingleChannelSimpleMemory",
]
