"""Two RISC-V cores with private L1s, a shared L2 and DDR4 memory.

    sim run configs/caches_dram.py [--cpu {atomic,timing}] [--l1d-size 32KiB]
        [--l2-size 512KiB] [--bench-rounds N]

Core 0 runs ``qsort_bsearch`` and core 1 ``hello`` (two processes, gem5's
``set_se_multi_binary_workload``); with ``--bench-rounds N`` core 0 runs the
``bench`` benchmark for N rounds (about 26 million instructions per round)
instead.
"""

import argparse

from _paths import guest_binary

from sim.components.boards.simple_board import SimpleBoard
from sim.components.cachehierarchies.classic.private_l1_shared_l2_cache_hierarchy import (
    PrivateL1SharedL2CacheHierarchy,
)
from sim.components.memory import SingleChannelDDR4_2400
from sim.components.processors.cpu_types import get_cpu_type_from_str
from sim.components.processors.simple_processor import SimpleProcessor
from sim.isas import ISA
from sim.resources.resource import BinaryResource
from sim.simulate.simulator import Simulator

parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
parser.add_argument("--cpu", default="timing", choices=["atomic", "timing"])
parser.add_argument("--l1d-size", default="32KiB")
parser.add_argument("--l2-size", default="512KiB")
parser.add_argument("--bench-rounds", type=int, default=0)
args = parser.parse_args()

board = SimpleBoard(
    clk_freq="2GHz",
    processor=SimpleProcessor(
        cpu_type=get_cpu_type_from_str(args.cpu), num_cores=2, isa=ISA.RISCV
    ),
    memory=SingleChannelDDR4_2400(size="1GiB"),
    cache_hierarchy=PrivateL1SharedL2CacheHierarchy(
        l1d_size=args.l1d_size, l1i_size="32KiB", l2_size=args.l2_size
    ),
)

if args.bench_rounds:
    first, first_args = guest_binary("bench"), [str(args.bench_rounds)]
else:
    first, first_args = guest_binary("qsort_bsearch"), []
board.set_se_multi_binary_workload(
    binaries=[
        BinaryResource(local_path=str(first)),
        BinaryResource(local_path=str(guest_binary("hello"))),
    ],
    arguments=[first_args, []],
)

simulator = Simulator(board=board)
simulator.run()
print(
    f"Exiting @ tick {simulator.get_current_tick()} because "
    f"{simulator.get_last_exit_event_cause()}."
)
