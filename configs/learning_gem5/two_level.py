"""A two-level cache system: L1 instruction and data caches and a unified L2
behind an L2 crossbar, all subclasses of gem5's ``Cache`` (``caches.py``),
with the sizes settable from the command line as in learning_gem5.

    sim run configs/learning_gem5/two_level.py [--l1d_size 32KiB] [--l2_size 1MiB] [BINARY]
"""

import argparse
import os
import sys

import m5
from m5.objects import (
    AddrRange,
    DDR3_1600_8x8,
    L2XBar,
    MemCtrl,
    Process,
    Root,
    RiscvTimingSimpleCPU,
    SEWorkload,
    SrcClockDomain,
    System,
    SystemXBar,
    VoltageDomain,
)

HERE = os.path.dirname(os.path.abspath(__file__))
m5.util.addToPath(HERE)
sys.path.insert(0, os.path.join(HERE, ".."))
from _paths import guest_binary  # noqa: E402
from caches import L1DCache, L1ICache, L2Cache  # noqa: E402

parser = argparse.ArgumentParser(description="A two-level cache system.")
parser.add_argument("binary", nargs="?", default=str(guest_binary("qsort_bsearch")))
parser.add_argument("--l1i_size", help="L1 instruction cache size (default 16KiB)")
parser.add_argument("--l1d_size", help="L1 data cache size (default 64KiB)")
parser.add_argument("--l2_size", help="L2 cache size (default 256KiB)")
args = parser.parse_args()

system = System()
system.clk_domain = SrcClockDomain(clock="1GHz", voltage_domain=VoltageDomain())
system.mem_mode = "timing"
system.mem_ranges = [AddrRange("512MiB")]
system.cpu = RiscvTimingSimpleCPU()

system.cpu.icache = L1ICache()
system.cpu.dcache = L1DCache()
if args.l1i_size:
    system.cpu.icache.size = args.l1i_size
if args.l1d_size:
    system.cpu.dcache.size = args.l1d_size
system.cpu.icache.connectCPU(system.cpu)
system.cpu.dcache.connectCPU(system.cpu)

system.l2bus = L2XBar()
system.cpu.icache.connectBus(system.l2bus)
system.cpu.dcache.connectBus(system.l2bus)
system.l2cache = L2Cache()
if args.l2_size:
    system.l2cache.size = args.l2_size
system.l2cache.connectCPUSideBus(system.l2bus)

system.membus = SystemXBar()
system.l2cache.connectMemSideBus(system.membus)
system.cpu.createInterruptController()

system.mem_ctrl = MemCtrl()
system.mem_ctrl.dram = DDR3_1600_8x8()
system.mem_ctrl.dram.range = system.mem_ranges[0]
system.mem_ctrl.port = system.membus.mem_side_ports
system.system_port = system.membus.cpu_side_ports

system.workload = SEWorkload.init_compatible(args.binary)
process = Process()
process.cmd = [args.binary]
system.cpu.workload = process
system.cpu.createThreads()

root = Root(full_system=False, system=system)
m5.instantiate()
exit_event = m5.simulate()
print(f"Exiting @ tick {m5.curTick()} because {exit_event.getCause()}")
