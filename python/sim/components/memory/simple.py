"""``SingleChannelSimpleMemory`` (gem5's ``simple`` module): one
``SimpleMemory``, the child ``module``."""

import sim.objects as objects
from sim.components.memory.abstract_memory_system import AbstractMemorySystem, to_memory_size
from sim.errors import ParamError


class SingleChannelSimpleMemory(AbstractMemorySystem):
    """A ``SimpleMemory`` of ``size`` bytes with the given timing (gem5's
    ``SimpleMemory`` defaults when not given)."""

    def __init__(
        self,
        latency: str = "30ns",
        latency_var: str = "0ns",
        bandwidth: str = "12.8GiB/s",
        size: str = "512MiB",
    ):
        super().__init__()
        self.module = objects.SimpleMemory(
            latency=latency, latency_var=latency_var, bandwidth=bandwidth
        )
        self._size = to_memory_size("board.memory.size", size)

    def incorporate_memory(self, board) -> None:
        pass

    def get_mem_ports(self):
        return [(self.module.range, self.module.port)]

    def get_memory_controllers(self):
        return [self.module]

    def get_size(self) -> int:
        return self._size

    def set_memory_range(self, ranges) -> None:
        if len(ranges) != 1 or ranges[0].size() != self._size:
            raise ParamError(
                "board.memory",
                "Simple single channel memory controller requires a single range which "
                "matches the memory's size.",
            )
        self.module.range = ranges[0]

    def get_uninterleaved_range(self):
        return [self.module.range]


SimpleMemory = SingleChannelSimpleMemory
"""Short name for :class:`SingleChannelSimpleMemory` (this package's)."""
