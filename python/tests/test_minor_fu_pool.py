"""The in-order CPU's functional-unit pool set from a script: ``sim run`` builds
the ``executeFuncUnits`` a config gives, so a pool whose integer ALU has a
6-cycle latency and no early-forwarding rule runs a chain of dependent adds
(``pipeline_micro dep_add``) far slower than gem5's ``MinorDefaultFUPool``, whose
ALUs let a dependent add issue the cycle after its source."""

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
    from sim.objects import MinorFU, MinorFUPool, minorMakeOpClassSet
    from sim.resources.resource import BinaryResource
    from sim.simulate.simulator import Simulator

    processor = SimpleProcessor(cpu_type=CPUTypes.MINOR, num_cores=1, isa=ISA.RISCV)
    if sys.argv[2] == "slow":
        core = processor.get_cores()[0].get_simobject()
        core.executeFuncUnits = MinorFUPool(funcUnits=[
            MinorFU(opClasses=minorMakeOpClassSet(["IntAlu"]), opLat=6),
            MinorFU(opClasses=minorMakeOpClassSet(["IntMult", "IntDiv"]), opLat=3),
            MinorFU(opClasses=minorMakeOpClassSet(["MemRead", "MemWrite"]), opLat=1),
            MinorFU(opClasses=minorMakeOpClassSet(["IprAccess"]), opLat=1),
        ])
    board = SimpleBoard(clk_freq="1GHz", processor=processor,
                        memory=SingleChannelSimpleMemory(size="512MiB"),
                        cache_hierarchy=PrivateL1CacheHierarchy(l1d_size="32KiB",
                                                                l1i_size="32KiB"))
    board.set_se_binary_workload(BinaryResource(local_path=sys.argv[1]), arguments=["dep_add"])
    Simulator(board=board).run()
    """
)


@unittest.skipIf(SKIP or not MICRO.exists(), SKIP or "pipeline_micro is not built")
class MinorFuPoolTest(unittest.TestCase):
    def ipc(self, pool: str) -> float:
        with tempfile.TemporaryDirectory() as tmp:
            script = Path(tmp) / "pool.py"
            script.write_text(SCRIPT)
            out = Path(tmp) / "m5out"
            proc = run_sim("run", "-d", out, script, MICRO, pool)
            self.assertEqual(proc.returncode, 0, proc.stderr)
            self.assertIn("dep_add", proc.stdout)
            block = stats.parse_file(str(out / "stats.txt"))[-1]
            ini = (out / "config.ini").read_text()
            if pool == "slow":
                self.assertIn("opLat=6", ini)
            name = next(k for k in block.stats if k.endswith("core.ipc"))
            return stats.get(block, name)

    def test_a_configured_pool_sets_the_latencies(self):
        default, slow = self.ipc("default"), self.ipc("slow")
        # 16 dependent adds and 2 loop instructions an iteration: 6 cycles an
        # add on the slow pool, about one on gem5's default one.
        self.assertLess(slow, 0.25, f"slow pool IPC {slow}")
        self.assertGreater(default, 3 * slow, f"default pool IPC {default}")


if __name__ == "__main__":
    unittest.main()
