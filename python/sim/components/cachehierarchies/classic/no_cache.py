"""``NoCache``: the cores talk to the memory bus directly (gem5's stdlib class)."""

from sim.components.cachehierarchies.classic.abstract_classic_cache_hierarchy import (
    AbstractClassicCacheHierarchy,
    default_membus,
)


class NoCache(AbstractClassicCacheHierarchy):
    """No caches: every core's ports on ``membus``."""

    _levels = ()

    def __init__(self, membus=None) -> None:
        super().__init__()
        if membus is None:
            membus = default_membus()
            membus.max_routing_table_size = 2048
        self.membus = membus

    def incorporate_cache(self, board) -> None:
        for core in board.get_processor().get_cores():
            core.connect_icache(self.membus.cpu_side_ports)
            core.connect_dcache(self.membus.cpu_side_ports)
            core.connect_walker_ports(self.membus.cpu_side_ports, self.membus.cpu_side_ports)
            self._connect_core_extras(board, core)
        board.connect_system_port(self.membus.cpu_side_ports)
        for _, port in board.get_memory().get_mem_ports():
            self.membus.mem_side_ports = port
