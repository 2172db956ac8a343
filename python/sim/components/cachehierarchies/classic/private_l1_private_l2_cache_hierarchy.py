"""``PrivateL1PrivateL2CacheHierarchy``: private L1s and a private L2 per core
(gem5's stdlib class). As gem5's, the caches are the hierarchy's cache-tree
nodes, named ``l2-cache-<i>``, ``l1i-cache-<i>`` and ``l1d-cache-<i>``, each
core's L1s reach its L2 through ``l2buses[i]`` (an ``L2XBar``), and the L2s
sit on ``membus``. As in gem5, the L2s are ``L2Cache(size=l2_size)`` (16
ways; the 4 ways the hierarchy records are not used)."""

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


class PrivateL1PrivateL2CacheHierarchy(
    AbstractClassicCacheHierarchy, AbstractTwoLevelCacheHierarchy
):
    """Private L1I, L1D and L2 per core, then the memory bus."""

    _levels = ("l1d", "l1i", "l2")

    def __init__(self, l1d_size: str, l1i_size: str, l2_size: str, membus=None) -> None:
        AbstractClassicCacheHierarchy.__init__(self)
        AbstractTwoLevelCacheHierarchy.__init__(
            self, l1i_size=l1i_size, l1i_assoc=8, l1d_size=l1d_size, l1d_assoc=8,
            l2_size=l2_size, l2_assoc=4,
        )
        self.membus = membus if membus is not None else default_membus()

    def _default_cache(self, level: str):
        if level == "l1d":
            return L1DCache(size=self._l1d_size)
        if level == "l1i":
            return L1ICache(size=self._l1i_size)
        return L2Cache(size=self._l2_size)

    def incorporate_cache(self, board) -> None:
        board.connect_system_port(self.membus.cpu_side_ports)
        for _, port in board.get_memory().get_mem_ports():
            self.membus.mem_side_ports = port
        cores = board.get_processor().get_cores()
        self.l2buses = [objects.L2XBar() for _ in cores]
        for i, cpu in enumerate(cores):
            names = (f"l2-cache-{i}", f"l1i-cache-{i}", f"l1d-cache-{i}")
            l2_node = self.add_root_child(names[0], self._make_cache("l2", names[0]))
            l1i_node = l2_node.add_child(names[1], self._make_cache("l1i", names[1]))
            l1d_node = l2_node.add_child(names[2], self._make_cache("l1d", names[2]))
            self.l2buses[i].mem_side_ports = l2_node.cache.cpu_side
            self.membus.cpu_side_ports = l2_node.cache.mem_side
            l1i_node.cache.mem_side = self.l2buses[i].cpu_side_ports
            l1d_node.cache.mem_side = self.l2buses[i].cpu_side_ports
            cpu.connect_icache(l1i_node.cache.cpu_side)
            cpu.connect_dcache(l1d_node.cache.cpu_side)
            cpu.connect_walker_ports(self.membus.cpu_side_ports, self.membus.cpu_side_ports)
            self._connect_core_extras(board, cpu)
