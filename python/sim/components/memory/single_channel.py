"""Single-channel DRAM memories (gem5's ``single_channel`` module).

The default size is gem5's: the capacity of one channel of the DIMM (devices
per rank x ranks x device size): 8 GiB for DDR3_1600_8x8, 16 GiB for
DDR4_2400_8x8. Memory is allocated lazily, so only what the guest touches costs.
"""

from typing import Optional

from sim.components.memory.abstract_memory_system import AbstractMemorySystem


class ChanneledMemory(AbstractMemorySystem):
    """One channel of a DRAM interface (the native ``DramCtrl`` presets)."""

    def __init__(self, dram_type: str, default_size: str, size: Optional[str] = None):
        super().__init__(size)
        self._TYPE = dram_type
        self._DEFAULT_SIZE = default_size


def SingleChannelDDR3_1600(size: Optional[str] = None) -> AbstractMemorySystem:
    """One channel of DDR3-1600 (``DDR3_1600_8x8``)."""
    return ChanneledMemory("DDR3_1600_8x8", "8GiB", size)


def SingleChannelDDR4_2400(size: Optional[str] = None) -> AbstractMemorySystem:
    """One channel of DDR4-2400 (``DDR4_2400_8x8``)."""
    return ChanneledMemory("DDR4_2400_8x8", "16GiB", size)
