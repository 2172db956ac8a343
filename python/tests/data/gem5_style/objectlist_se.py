"""A syscall-emulation script written the way gem5's configs/common scripts
are: CPU, memory and prefetcher classes chosen by name from ``m5.objects``
through class introspection, DRAM address maps listed from
``m5.internal.params``, parameter values read with ``.value``, memory built
with ``controller()``, ``--param`` applied with ``root.apply_config``.

Usage: objectlist_se.py BINARY [--cpu-type T] [--mem-type M] [--caches]
       [--l1d-hwp-type P] [--param STMT]...
"""

import argparse
import inspect

import m5
import m5.internal.params
from m5 import fatal
from m5.objects import *
from m5.util.convert import mega, toFrequency


def classes_of(base):
    """Non-abstract classes of ``m5.objects`` derived from ``base``."""
    def usable(cls):
        try:
            return issubclass(cls, base) and not cls.abstract
        except (TypeError, AttributeError):
            return False

    return dict(inspect.getmembers(m5.objects, usable))


cpus = {n: c for n, c in classes_of(m5.objects.BaseCPU).items()
        if not issubclass(c, m5.objects.CheckerCPU)}
mems = classes_of(m5.objects.AbstractMemory)
prefetchers = classes_of(m5.objects.BasePrefetcher)
addr_maps = [k for k in m5.internal.params.enum_AddrMap.__members__ if not k.startswith("Num_")]

parser = argparse.ArgumentParser()
parser.add_argument("binary")
parser.add_argument("--cpu-type", default="AtomicSimpleCPU", choices=sorted(cpus))
parser.add_argument("--mem-type", default="DDR3_1600_8x8", choices=sorted(mems))
parser.add_argument("--addr-map", default=None, choices=addr_maps)
parser.add_argument("--caches", action="store_true")
parser.add_argument("--l1d-hwp-type", default=None, choices=sorted(prefetchers))
parser.add_argument("--param", action="append", default=[])
args = parser.parse_args()

cpu_class = cpus[args.cpu_type]
if not issubclass(cpu_class, m5.objects.RiscvCPU):
    fatal("%s is not a RISC-V CPU", args.cpu_type)
print(f"cpu {args.cpu_type} ({cpu_class.memory_mode()}), "
      f"{toFrequency('2GHz') / mega:.0f} MHz")

system = System(
    clk_domain=SrcClockDomain(clock="2GHz", voltage_domain=VoltageDomain()),
    mem_mode=cpu_class.memory_mode(),
    mem_ranges=[AddrRange("256MiB")],
)
system.cpu = cpu_class()
system.membus = SystemXBar()
if args.caches:
    system.cpu.dcache = Cache(size="16KiB", assoc=2, tag_latency=2, data_latency=2,
                              response_latency=2, mshrs=4, tgts_per_mshr=20)
    system.cpu.icache = Cache(size="16KiB", assoc=2, tag_latency=2, data_latency=2,
                              response_latency=2, mshrs=4, tgts_per_mshr=20)
    if args.l1d_hwp_type:
        system.cpu.dcache.prefetcher = prefetchers[args.l1d_hwp_type]()
    system.cpu.icache_port = system.cpu.icache.cpu_side
    system.cpu.dcache_port = system.cpu.dcache.cpu_side
    system.cpu.icache.mem_side = system.membus.cpu_side_ports
    system.cpu.dcache.mem_side = system.membus.cpu_side_ports
else:
    system.cpu.icache_port = system.membus.cpu_side_ports
    system.cpu.dcache_port = system.membus.cpu_side_ports
system.cpu.createInterruptController()
system.system_port = system.membus.cpu_side_ports

intf = mems[args.mem_type]()
if issubclass(mems[args.mem_type], m5.objects.DRAMInterface):
    if args.addr_map:
        intf.addr_mapping = args.addr_map
    row = intf.device_rowbuffer_size.value * intf.devices_per_rank.value
    print(f"{args.mem_type}: {intf.addr_mapping.value}, row buffer {row} bytes, "
          f"line {system.cache_line_size.getValue()} bytes")
intf.range = system.mem_ranges[0]
system.mem_ctrl = intf.controller()
system.mem_ctrl.port = system.membus.mem_side_ports

system.workload = SEWorkload.init_compatible(args.binary)
system.cpu.workload = Process(cmd=[args.binary])
system.cpu.createThreads()

root = Root(full_system=False, system=system)
root.apply_config(args.param)
m5.instantiate()
event = m5.simulate()
print(f"Exiting @ tick {m5.curTick()} because {event.getCause()}")
