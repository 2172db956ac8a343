"""One timing CPU on DDR3, stats dumped and reset every PERIOD ticks with
gem5's ``m5.stats.periodicStatDump``, simulated for LIMIT ticks.

Usage: periodic_dump.py BINARY PERIOD LIMIT
"""

import sys

import m5
from m5.objects import *
from m5.stats import periodicStatDump

system = System(clk_domain=SrcClockDomain(clock="1GHz", voltage_domain=VoltageDomain()),
                mem_mode="timing", mem_ranges=[AddrRange("256MiB")])
system.cpu = TimingSimpleCPU()
system.membus = SystemXBar()
system.cpu.icache_port = system.membus.cpu_side_ports
system.cpu.dcache_port = system.membus.cpu_side_ports
system.cpu.createInterruptController()
system.mem_ctrl = MemCtrl(dram=DDR3_1600_8x8(range=system.mem_ranges[0]))
system.mem_ctrl.port = system.membus.mem_side_ports
system.system_port = system.membus.cpu_side_ports
system.workload = SEWorkload.init_compatible(sys.argv[1])
system.cpu.workload = Process(cmd=[sys.argv[1]])
system.cpu.createThreads()
root = Root(full_system=False, system=system)
m5.instantiate()
periodicStatDump(int(sys.argv[2]))
ev = m5.simulate(int(sys.argv[3]))
print("done", m5.curTick(), ev.getCause())
