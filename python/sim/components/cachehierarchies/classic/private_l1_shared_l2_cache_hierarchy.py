"""``PrivateL1SharedL2CacheHierarchy``: private L1s per core and one L2 shared
by all (gem5's stdlib class): ``l1icaches`` (``writeback_clean=False``, as
gem5 sets it here), ``l1dcaches``, ``l2bus`` (an ``L2XBar``), ``l2cache``
and ``membus``; associativities 8, 8 and 16 by default; for cores with
page-table walkers, ``iptw_caches`` and ``dptw_caches`` on the L2 bus
(``writeback_clean=False``)."""

from sim.components.cachehierarchies.abstract_two_level_cache_hierarchy import (
    AbstractTwoLevelCacheHierarchy,
)
from sim.components.cachehierarchies.classic.abstract_classic_cache_hierarchy import (
    AbstractClassicCacheHierarchy,
    default_membus,
)
from sim.components.cachehierarchies.classic.caches.l1dcache import L1DCache
from sim.components.cachehierarchies.classic.caches.l1icache import L1ICache
from sim.components.cachehierarchies.classic.caches.l2cache import L2Cache
import sim.objects as objects


class PrivateL1SharedL2CacheHierarchy(
    AbstractClassicCacheHierarchy, AbstractTwoLevelCacheHierarchy
):
    """Private L1I and L1D per core, an L2 crossbar and a shared L2."""

    _levels = ("l1d", "l1i", "l2")

    def __init__(
        self,
        l1d_size: str,
        l1i_size: str,
        l2_size: str,
        l1d_assoc: int = 8,
        l1i_assoc: int = 8,
        l2_assoc: int = 16,
        membus=None,
    ) -> None:
        AbstractClassicCacheHierarchy.__init__(self)
        AbstractTwoLevelCacheHierarchy.__init__(
            self, l1i_size=l1i_size, l1i_assoc=l1i_assoc, l1d_size=l1d_size,
            l1d_assoc=l1d_assoc, l2_size=l2_size, l2_assoc=l2_assoc,
        )
        self.membus = membus if membus is not None else default_membus()

    def _default_cache(self, level: str):
        if level == "l1d":
            return L1DCache(size=self._l1d_size, assoc=self._l1d_assoc)
        if level == "l1i":
            return L1ICache(size=self._l1i_size, assoc=self._l1i_assoc, writeback_clean=False)
        return L2Cache(size=self._l2_size, assoc=self._l2_assoc)

    def incorporate_cache(self, board) -> None:
        board.connect_system_port(self.membus.cpu_side_ports)
        for _, port in board.get_memory().get_mem_ports():
            self.membus.mem_side_ports = port
        cores = board.get_processor().get_cores()
        self.l1icaches = [self._make_cache("l1i", "l1icaches") for _ in cores]
        self.l1dcaches = [self._make_cache("l1d", "l1dcaches") for _ in cores]
        self.l2bus = objects.L2XBar()
        self.l2cache = self._make_cache("l2", "l2cache")
        walkers = self._make_walker_caches(cores, writeback_clean=False)
        for i, cpu in enumerate(cores):
            cpu.connect_icache(self.l1icaches[i].cpu_side)
            cpu.connect_dcache(self.l1dcaches[i].cpu_side)
            self.l1icaches[i].mem_side = self.l2bus.cpu_side_ports
            self.l1dcaches[i].mem_side = self.l2bus.cpu_side_ports
            if walkers:
                self.iptw_caches[i].mem_side = self.l2bus.cpu_side_ports
                self.dptw_caches[i].mem_side = self.l2bus.cpu_side_ports
                cpu.connect_walker_ports(self.iptw_caches[i].cpu_side,
                                         self.dptw_caches[i].cpu_side)
            self._connect_core_extras(board, cpu)
        self.l2bus.mem_side_ports = self.l2cache.cpu_side
        self.membus.cpu_side_ports = self.l2cache.mem_side
