"""Hello world on one RISC-V core, in syscall-emulation mode.

    sim run configs/se_hello.py [--cpu {atomic,timing,minor,o3}]

No caches, a single-channel DDR3 memory. ``minor`` and ``o3`` are accepted as
gem5 names but are not implemented yet: the run stops with an error saying so.
"""

import argparse

from _paths import guest_binary

from sim.components.boards.simple_board import SimpleBoard
from sim.components.cachehierarchies.classic.no_cache import NoCache
from sim.components.memory import SingleChannelDDR3_1600
from sim.components.processors.cpu_types import get_cpu_type_from_str
from sim.components.processors.simple_processor import SimpleProcessor
from sim.isas import ISA
from sim.resources.resource import BinaryResource
from sim.simulate.simulator import Simulator
from sim.utils.requires import requires

parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
parser.add_argument("--cpu", default="atomic", choices=["atomic", "timing", "minor", "o3"])
args = parser.parse_args()

requires(isa_required=ISA.RISCV)

board = SimpleBoard(
    clk_freq="3GHz",
    processor=SimpleProcessor(
        cpu_type=get_cpu_type_from_str(args.cpu), num_cores=1, isa=ISA.RISCV
    ),
    memory=SingleChannelDDR3_1600(size="512MiB"),
    cache_hierarchy=NoCache(),
)
board.set_se_binary_workload(BinaryResource(local_path=str(guest_binary("hello"))))

simulator = Simulator(board=board)
simulator.run()
print(
    f"Exiting @ tick {simulator.get_current_tick()} because "
    f"{simulator.get_last_exit_event_cause()}."
)
