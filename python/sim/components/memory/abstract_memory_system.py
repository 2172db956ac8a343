"""Base of every memory system (gem5's ``AbstractMemorySystem``): a
``SubSystem`` holding its controllers."""

from abc import ABCMeta, abstractmethod
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


class AbstractMemorySystem(SubSystem, metaclass=ABCMeta):
    """A memory system: its size, ports and controllers."""

    abstract = True

    @abstractmethod
    def incorporate_memory(self, board) -> None:
        ...

    @abstractmethod
    def get_mem_ports(self):
        """(range, port) of each controller."""

    @abstractmethod
    def get_memory_controllers(self):
        ...

    @abstractmethod
    def get_size(self) -> int:
        ...

    @abstractmethod
    def set_memory_range(self, ranges) -> None:
        ...

    @abstractmethod
    def get_uninterleaved_range(self):
        ...

    def _post_instantiate(self) -> None:
        pass
