"""The out-of-order CPU's functional-unit pool set from a script: ``sim run``
builds the ``fuPool`` a config gives, so a chain of dependent multiplies
(``pipeline_micro dep_mul``) runs at one multiply per ``IntMult`` latency: twice as
slow with ``opLat=6`` as with gem5's ``DefaultFUPool`` (``opLat=3``)."""

import tempfile
import textwrap
import unittest
from pathlib import Path

from sim import stats

from tests.test_configs_e2e import REPO, SKIP, run_sim

MICRO = REPO / "guest" / "build" / "riscv64" / "pipeline_micro"

SCRIPT = textwrap.dedent(
    """
    import sys
    from sim.components.boards.simple_board import SimpleBoard
    from sim.components.cachehierarchies.classic.private_l1_cache_hierarchy import (
        PrivateL1CacheHierarchy,
    )
    from sim.components.memory import SingleChannelSimpleMemory
    from sim.components.processors.cpu_types import CPUTypes
    from sim.components.processors.simple_processor import SimpleProcessor
    from sim.isas import ISA
    from sim.objects import DefaultFUPool, IntMultDiv, OpDesc
    from sim.resources.resource import BinaryResource
    from sim.simulate.simulator import Simulator

    class SlowMultDiv(IntMultDiv):
        opList = [OpDesc(opClass="IntMult", opLat=int(sys.argv[2])),
                  OpDesc(opClass="IntDiv", opLat=20, pipelined=False)]

    processor = SimpleProcessor(cpu_type=CPUTypes.O3, num_cores=1, isa=ISA.RISCV)
    pool = DefaultFUPool()
    pool.FUList = [SlowMultDiv() if isinstance(fu, IntMultDiv) else fu for fu in pool.FUList]
    processor.get_cores()[0].get_simobject().fuPool = pool
    board = SimpleBoard(clk_freq="1GHz", processor=processor,
                        memory=SingleChannelSimpleMemory(size="512MiB"),
                        cache_hierarchy=PrivateL1CacheHierarchy(l1d_size="32KiB",
                                                                l1i_size="32KiB"))
    board.set_se_binary_workload(BinaryResource(local_path=sys.argv[1]), arguments=["dep_mul"])
    Simulator(board=board).run()
    """
)


@unittest.skipIf(SKIP or not MICRO.exists(), SKIP or "pipeline_micro is not built")
class O3FuPoolTest(unittest.TestCase):
    def ipc(self, mult_lat: int) -> float:
        with tempfile.TemporaryDirectory() as tmp:
            script = Path(tmp) / "pool.py"
            script.write_text(SCRIPT)
            out = Path(tmp) / "m5out"
            proc = run_sim("run", "-d", out, script, MICRO, mult_lat)
            self.assertEqual(proc.returncode, 0, proc.stderr)
            self.assertIn("dep_mul", proc.stdout)
            self.assertIn(f"opLat={mult_lat}", (out / "config.ini").read_text())
            # The first block covers the kernel alone (reset before, dump after).
            block = stats.parse_file(str(out / "stats.txt"))[0]
            name = next(k for k in block.stats if k.endswith("core.ipc"))
            return stats.get(block, name)

    def test_dependent_multiplies_follow_the_configured_latency(self):
        default, slow = self.ipc(3), self.ipc(6)
        # 16 dependent multiplies and 2 loop instructions an iteration:
        # 18 / (16 * latency).
        self.assertGreater(default, 0.33, f"opLat=3: IPC {default}")
        self.assertLess(default, 0.42, f"opLat=3: IPC {default}")
        self.assertGreater(slow, 0.17, f"opLat=6: IPC {slow}")
        self.assertLess(slow, 0.21, f"opLat=6: IPC {slow}")
        self.assertAlmostEqual(default / slow, 2.0, delta=0.2)


if __name__ == "__main__":
    unittest.main()
