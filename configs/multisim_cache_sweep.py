"""A sweep of L1 data cache sizes, one simulation per size, run in parallel.

    sim run --multisim [-p N] configs/multisim_cache_sweep.py [--sizes 4KiB,16KiB]
    sim run --multisim -l configs/multisim_cache_sweep.py     # list the ids
    sim run --multisim --id l1d_4KiB configs/multisim_cache_sweep.py

Each simulation runs ``qsort_bsearch`` on a timing core with private L1s and
an L2, and writes to ``<outdir>/l1d_<size>/``. Compare the results with e.g.
``sim stats m5out/l1d_4KiB/stats.txt --diff m5out/l1d_64KiB/stats.txt
--grep l1d-cache-0.demandMisses``.
"""

import argparse

from _paths import guest_binary

import sim.utils.multisim as multisim
from sim.components.boards.simple_board import SimpleBoard
from sim.components.cachehierarchies.classic.private_l1_private_l2_cache_hierarchy import (
    PrivateL1PrivateL2CacheHierarchy,
)
from sim.components.memory import SingleChannelDDR3_1600
from sim.components.processors.cpu_types import CPUTypes
from sim.components.processors.simple_processor import SimpleProcessor
from sim.isas import ISA
from sim.resources.resource import BinaryResource
from sim.simulate.simulator import Simulator

parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
parser.add_argument("--sizes", default="4KiB,16KiB,64KiB")
args, _ = parser.parse_known_args()

multisim.set_num_processes(2)

for size in args.sizes.split(","):
    board = SimpleBoard(
        clk_freq="3GHz",
        processor=SimpleProcessor(cpu_type=CPUTypes.TIMING, num_cores=1, isa=ISA.RISCV),
        memory=SingleChannelDDR3_1600(size="512MiB"),
        cache_hierarchy=PrivateL1PrivateL2CacheHierarchy(
            l1d_size=size, l1i_size="32KiB", l2_size="256KiB"
        ),
    )
    board.set_se_binary_workload(
        BinaryResource(local_path=str(guest_binary("qsort_bsearch")))
    )
    multisim.add_simulator(Simulator(board=board, id=f"l1d_{size}"))
