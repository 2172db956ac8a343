# A gem5 standard-library script (the shape of gem5's
# configs/example/gem5_library/arm-hello.py, for RISC-V) with its imports
# rooted at `sim.` instead of `gem5.`; the rest is plain gem5 stdlib API.
#
#   sim run configs/gem5_style/riscv_hello.py
#
# "riscv-hello" comes from the local resource catalog that guest/build.sh
# writes (guest/build/resources/resources.json).
"""
Hello world on the simplest gem5-library board: one timing RISC-V core, no
caches, one channel of DDR3, SE mode.

Usage:

    sim run configs/gem5_style/riscv_hello.py
"""

from sim.components.boards.simple_board import SimpleBoard
from sim.components.cachehierarchies.classic.no_cache import NoCache
from sim.components.memory import SingleChannelDDR3_1600
from sim.components.processors.cpu_types import CPUTypes
from sim.components.processors.simple_processor import SimpleProcessor
from sim.isas import ISA
from sim.resources.resource import obtain_resource
from sim.simulate.simulator import Simulator
from sim.utils.requires import requires

# Fail early unless the simulator can run RISC-V.
requires(isa_required=ISA.RISCV)

# No caches: the core talks to the memory bus directly.
cache_hierarchy = NoCache()

# One channel of DDR3-1600, 32 MiB.
memory = SingleChannelDDR3_1600(size="32MB")

# One timing core.
processor = SimpleProcessor(cpu_type=CPUTypes.TIMING, isa=ISA.RISCV, num_cores=1)

# The SE-mode board.
board = SimpleBoard(
    clk_freq="3GHz",
    processor=processor,
    memory=memory,
    cache_hierarchy=cache_hierarchy,
)

# The workload: the hello binary, looked up by id in the resource catalog.
board.set_se_binary_workload(obtain_resource("riscv-hello"))

# Run until the program exits; the final stats dump happens at the end.
simulator = Simulator(board=board)
simulator.run()

print(
    "Exiting @ tick {} because {}.".format(
        simulator.get_current_tick(), simulator.get_last_exit_event_cause()
    )
)
