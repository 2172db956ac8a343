"""Custom exit-event handlers around the guest's regions of interest.

    sim run configs/exit_handlers.py [--cpu {atomic,timing}]

The guest ``m5_work`` marks three work items with ``m5_work_begin`` /
``m5_work_end``. The WORKBEGIN handler resets the stats and the WORKEND handler
dumps them, so stats.txt gets one block per work item, plus the final block
written at the end (4 blocks). Both print the tick of every event; the ROI
lengths come from ``simulator.get_roi_ticks()``.
"""

import argparse

from _paths import guest_binary

from sim import stats
from sim.components.boards.simple_board import SimpleBoard
from sim.components.cachehierarchies.classic.private_l1_cache_hierarchy import (
    PrivateL1CacheHierarchy,
)
from sim.components.memory import SingleChannelDDR3_1600
from sim.components.processors.cpu_types import get_cpu_type_from_str
from sim.components.processors.simple_processor import SimpleProcessor
from sim.isas import ISA
from sim.resources.resource import BinaryResource
from sim.simulate.exit_event import ExitEvent
from sim.simulate.simulator import Simulator

parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
parser.add_argument("--cpu", default="timing", choices=["atomic", "timing"])
args = parser.parse_args()

board = SimpleBoard(
    clk_freq="3GHz",
    processor=SimpleProcessor(
        cpu_type=get_cpu_type_from_str(args.cpu), num_cores=1, isa=ISA.RISCV
    ),
    memory=SingleChannelDDR3_1600(size="512MiB"),
    cache_hierarchy=PrivateL1CacheHierarchy(l1d_size="32KiB", l1i_size="32KiB"),
)
board.set_se_binary_workload(BinaryResource(local_path=str(guest_binary("m5_work"))))


def on_work_begin():
    """Reset the stats at the start of each work item."""
    n = 0
    while True:
        print(f"work item {n} begins @ tick {simulator.get_current_tick()}: resetting stats")
        stats.reset()
        n += 1
        yield False


def on_work_end():
    """Dump the stats at the end of each work item."""
    n = 0
    while True:
        print(f"work item {n} ends @ tick {simulator.get_current_tick()}: dumping stats")
        stats.dump()
        n += 1
        yield False


simulator = Simulator(
    board=board,
    on_exit_event={
        ExitEvent.WORKBEGIN: on_work_begin(),
        ExitEvent.WORKEND: on_work_end(),
    },
)
simulator.run()
print(f"ROI ticks: {simulator.get_roi_ticks()}")
print(
    f"Exiting @ tick {simulator.get_current_tick()} because "
    f"{simulator.get_last_exit_event_cause()}."
)
