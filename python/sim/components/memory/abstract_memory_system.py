"""Base of every memory system (gem5's ``AbstractMemorySystem``): a
``SubSystem`` holding its controllers."""

from typing import Any

from sim.components._objects import SubSystem
from sim.errors import ParamError
from sim.objects.params import TYPES


def to_memory_size(path: str, value: Any) -> int:
    """``value`` ("512MiB", an int) in bytes; a ParamError naming ``path``."""
    try:
        return TYPES["MemorySize"].convert(value)
    except ValueError as err:
        raise ParamError(path, str(err)) from None


class AbstractMemorySystem(SubSystem):
    """A memory system: its size, ports and controllers."""

    abstract = True

    def incorporate_memory(self, board) -> None:
        raise NotImplementedError

    def get_mem_ports(self):
        """(range, port) of each controller."""
        raise NotImplementedError

    def get_memory_controllers(self):
        raise NotImplementedError

    def get_size(self) -> int:
        raise NotImplementedError

    def set_memory_range(self, ranges) -> None:
        raise NotImplementedError

    def get_uninterleaved_range(self):
        raise NotImplementedError

    def _post_instantiate(self) -> None:
        pass
