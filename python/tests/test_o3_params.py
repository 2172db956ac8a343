"""The out-of-order CPU's width, port and delay parameters set from a script
change what they limit, in the expected direction (``pipeline_micro`` kernels, the
first stats block covering the kernel alone):

* ``squashWidth``: a squash keeps commit busy for one cycle per
  ``squashWidth`` squashed ROB entries, so a branch mispredicted half the
  time (``random``) takes more cycles with 1 than with gem5's 8;
* ``wbWidth``: at most that many results written back a cycle, so
  independent adds run at most one a cycle with 1;
* ``cacheLoadPorts`` / ``cacheStorePorts``: loads sent to, and committed
  stores written to, the data cache a cycle;
* ``issueToExecuteDelay``: cycles between issue and execution beyond gem5's
  1, so a chain of dependent adds slows to one add per ``delay`` cycles."""

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
    from sim.resources.resource import BinaryResource
    from sim.simulate.simulator import Simulator

    processor = SimpleProcessor(cpu_type=CPUTypes.O3, num_cores=1, isa=ISA.RISCV)
    core = processor.get_cores()[0].get_simobject()
    for assignment in sys.argv[3:]:
        name, value = assignment.split("=")
        setattr(core, name, int(value))
    board = SimpleBoard(clk_freq="1GHz", processor=processor,
                        memory=SingleChannelSimpleMemory(size="512MiB"),
                        cache_hierarchy=PrivateL1CacheHierarchy(l1d_size="32KiB",
                                                                l1i_size="32KiB"))
    board.set_se_binary_workload(BinaryResource(local_path=sys.argv[1]),
                                 arguments=[sys.argv[2]])
    Simulator(board=board).run()
    """
)


@unittest.skipIf(SKIP or not MICRO.exists(), SKIP or "pipeline_micro is not built")
class O3ParamsTest(unittest.TestCase):
    def run_kernel(self, kernel: str, *assignments: str):
        """The kernel's stats block: ``{stat name after 'core.': value}``."""
        with tempfile.TemporaryDirectory() as tmp:
            script = Path(tmp) / "params.py"
            script.write_text(SCRIPT)
            out = Path(tmp) / "m5out"
            proc = run_sim("run", "-d", out, script, MICRO, kernel, *assignments)
            self.assertEqual(proc.returncode, 0, proc.stderr)
            self.assertIn(kernel, proc.stdout)
            ini = (out / "config.ini").read_text()
            for a in assignments:
                self.assertIn(a, ini)
            block = stats.parse_file(str(out / "stats.txt"))[0]
            return {k.split("core.", 1)[1]: stats.get(block, k)
                    for k in block.stats if "core." in k}

    def test_squash_width_stalls_commit_after_a_squash(self):
        wide = self.run_kernel("random")
        narrow = self.run_kernel("random", "squashWidth=1")
        # About 100,000 squashes, each a cycle or more of commit stall.
        self.assertGreater(narrow["numCycles"], wide["numCycles"] + 30_000)
        self.assertEqual(narrow["commitStats0.numInsts"], wide["commitStats0.numInsts"])

    def test_wb_width_limits_results_a_cycle(self):
        wide = self.run_kernel("indep_add")["ipc"]
        narrow = self.run_kernel("indep_add", "wbWidth=1")["ipc"]
        self.assertGreater(wide, 2.0)
        self.assertLessEqual(narrow, 1.001)

    def test_cache_load_ports_limit_loads_a_cycle(self):
        wide = self.run_kernel("indep_load")["ipc"]
        narrow = self.run_kernel("indep_load", "cacheLoadPorts=1")["ipc"]
        # 16 loads of 20 instructions an iteration: at most 20/16 with one port.
        self.assertLessEqual(narrow, 1.26)
        self.assertGreater(wide, 1.5 * narrow)

    def test_cache_store_ports_limit_stores_a_cycle(self):
        wide = self.run_kernel("stores")["ipc"]
        narrow = self.run_kernel("stores", "cacheStorePorts=1")["ipc"]
        self.assertLessEqual(narrow, 18 / 16 + 0.01)
        self.assertGreater(wide, 1.3 * narrow)

    def test_issue_to_execute_delay_lengthens_dependent_chains(self):
        default = self.run_kernel("dep_add")["ipc"]
        slow = self.run_kernel("dep_add", "issueToExecuteDelay=3")["ipc"]
        # 16 dependent adds and 2 loop instructions an iteration.
        self.assertGreater(default, 0.9)
        self.assertLess(slow, 0.45)
        self.assertGreater(slow, 0.3)


if __name__ == "__main__":
    unittest.main()
