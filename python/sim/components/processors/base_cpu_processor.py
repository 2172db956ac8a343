"""A processor of ``BaseCPUCore`` cores (gem5's ``BaseCPUProcessor``); sets the
board's memory mode from its first core's CPU."""

from typing import List

import sim.objects as objects
from sim.components.boards.mem_mode import MemMode
from sim.components.processors.abstract_processor import AbstractProcessor
from sim.errors import UnsupportedError


class BaseCPUProcessor(AbstractProcessor):
    """Cores given as ``BaseCPUCore`` objects."""

    def __init__(self, cores: List) -> None:
        super().__init__(cores=cores)
        if any(core.is_kvm_core() for core in self.get_cores()):
            raise UnsupportedError("board.processor", "KVM cores are not supported")

    def incorporate_processor(self, board) -> None:
        cpu = self.get_cores()[0].get_simobject()
        if isinstance(cpu, (objects.BaseTimingSimpleCPU, objects.BaseMinorCPU, objects.BaseO3CPU)):
            board.set_mem_mode(MemMode.TIMING)
        elif isinstance(cpu, objects.BaseAtomicSimpleCPU):
            cache = board.get_cache_hierarchy()
            if cache is not None and cache.is_ruby():
                board.set_mem_mode(MemMode.ATOMIC_NONCACHING)
            else:
                board.set_mem_mode(MemMode.ATOMIC)
        else:
            raise UnsupportedError(
                "board.processor", f"no memory mode is known for {type(cpu).__name__}"
            )
