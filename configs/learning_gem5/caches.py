"""Cache classes for ``two_level.py``: gem5's ``Cache`` subclassed with new
defaults, plus helpers that connect each cache (learning_gem5's caches.py
pattern). Sizes can be overridden from the command line of two_level.py."""

from m5.objects import Cache


class L1Cache(Cache):
    """Shared L1 defaults: 2-way, 2-cycle tags and data, 4 MSHRs."""

    assoc = 2
    tag_latency = 2
    data_latency = 2
    response_latency = 2
    mshrs = 4
    tgts_per_mshr = 20

    def connectBus(self, bus):
        self.mem_side = bus.cpu_side_ports


class L1ICache(L1Cache):
    size = "16KiB"

    def connectCPU(self, cpu):
        self.cpu_side = cpu.icache_port


class L1DCache(L1Cache):
    size = "64KiB"

    def connectCPU(self, cpu):
        self.cpu_side = cpu.dcache_port


class L2Cache(Cache):
    """A 256 KiB 8-way L2 with 20-cycle tags and data."""

    size = "256KiB"
    assoc = 8
    tag_latency = 20
    data_latency = 20
    response_latency = 20
    mshrs = 20
    tgts_per_mshr = 12

    def connectCPUSideBus(self, bus):
        self.cpu_side = bus.mem_side_ports

    def connectMemSideBus(self, bus):
        self.mem_side = bus.cpu_side_ports
