"""Base of every processor (gem5's ``AbstractProcessor``): a ``SubSystem``
whose cores are the list child ``cores`` (``processor.cores.core`` with one
core, ``processor.cores0.core``, ``cores1``... with several)."""

from abc import ABCMeta, abstractmethod
from typing import List, Optional

from sim.components._objects import SubSystem
from sim.errors import ParamError
from sim.isas import ISA


class AbstractProcessor(SubSystem, metaclass=ABCMeta):
    """A set of cores of one ISA."""

    abstract = True

    def __init__(self, cores: Optional[List] = None, isa: ISA = ISA.NULL) -> None:
        super().__init__()
        if cores:
            if len({core.get_isa() for core in cores}) != 1:
                raise ParamError("board.processor.cores", "cores of different ISAs")
            self.cores = cores
            self._isa = cores[0].get_isa()
        else:
            self._isa = isa

    def get_num_cores(self) -> int:
        """How many cores the processor has."""
        return len(self.get_cores())

    def get_cores(self) -> List:
        """The cores."""
        return list(self._children.get("cores", []))

    def get_isa(self) -> ISA:
        """The processor's ISA."""
        return self._isa

    @abstractmethod
    def incorporate_processor(self, board) -> None:
        ...

    def _post_instantiate(self) -> None:
        pass
