"""``PrivateL1CacheHierarchy``: private L1 instruction and data caches per core
on the memory bus (gem5's stdlib class): ``l1icaches``, ``l1dcaches``,
``membus``, and for cores with page-table walkers ``iptw_caches`` and
``dptw_caches``."""

from sim.components.cachehierarchies.classic.abstract_classic_cache_hierarchy import (
    AbstractClassicCacheHierarchy,
    default_membus,
)
from sim.components.cachehierarchies.classic.caches.l1dcache import L1DCache
from sim.components.cachehierarchies.classic.caches.l1icache import L1ICache


class PrivateL1CacheHierarchy(AbstractClassicCacheHierarchy):
    """Private L1I and L1D per core, then the memory bus."""

    _levels = ("l1d", "l1i")

    def __init__(self, l1d_size: str, l1i_size: str, membus=None) -> None:
        super().__init__()
        self.membus = membus if membus is not None else default_membus()
        self._l1d_size = l1d_size
        self._l1i_size = l1i_size

    def _default_cache(self, level: str):
        if level == "l1d":
            return L1DCache(size=self._l1d_size)
        return L1ICache(size=self._l1i_size)

    def incorporate_cache(self, board) -> None:
        board.connect_system_port(self.membus.cpu_side_ports)
        for _, port in board.get_memory().get_mem_ports():
            self.membus.mem_side_ports = port
        cores = board.get_processor().get_cores()
        self.l1icaches = [self._make_cache("l1i", "l1icaches") for _ in cores]
        self.l1dcaches = [self._make_cache("l1d", "l1dcaches") for _ in cores]
        walkers = self._make_walker_caches(cores)
        for i, cpu in enumerate(cores):
            cpu.connect_icache(self.l1icaches[i].cpu_side)
            cpu.connect_dcache(self.l1dcaches[i].cpu_side)
            self.l1icaches[i].mem_side = self.membus.cpu_side_ports
            self.l1dcaches[i].mem_side = self.membus.cpu_side_ports
            if walkers:
                self.iptw_caches[i].mem_side = self.membus.cpu_side_ports
                self.dptw_caches[i].mem_side = self.membus.cpu_side_ports
                cpu.connect_walker_ports(self.iptw_caches[i].cpu_side,
                                         self.dptw_caches[i].cpu_side)
            self._connect_core_extras(board, cpu)
