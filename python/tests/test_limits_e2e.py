"""End to end: values outside the simulator's limits are refused when the
board is built or instantiated, naming the tree path and the value, as one
error line of ``sim run``; a core count past the limit fails before any core
is made; a memory far larger than the guest touches runs.

Skipped as test_configs_e2e is (no extension, guest programs, ``sim.m5`` or
``MemCtrl``).
"""

import json
import tempfile
import textwrap
import unittest
from pathlib import Path

from tests.fake_native import FAKE_LIMITS
from tests.test_configs_e2e import HELLO, SKIP, run_sim

from sim.components.processors.cpu_types import CPUTypes
from sim.components.processors.simple_processor import SimpleProcessor
from sim.errors import ParamError

# argv: JSON {"clk", "cores", "memory", "hierarchy": [name, *sizes]} BINARY
SCRIPT = textwrap.dedent(
    """
    import json, sys
    from sim.components.boards.simple_board import SimpleBoard
    from sim.components.cachehierarchies.classic import (
        no_cache, private_l1_cache_hierarchy, private_l1_shared_l2_cache_hierarchy)
    from sim.components.memory import SingleChannelDDR3_1600
    from sim.components.processors.cpu_types import CPUTypes
    from sim.components.processors.simple_processor import SimpleProcessor
    from sim.resources.resource import BinaryResource
    from sim.simulate.simulator import Simulator

    kw = json.loads(sys.argv[1])
    kinds = {
        "none": no_cache.NoCache,
        "private_l1": private_l1_cache_hierarchy.PrivateL1CacheHierarchy,
        "shared_l2": private_l1_shared_l2_cache_hierarchy.PrivateL1SharedL2CacheHierarchy,
    }
    name, *sizes = kw.get("hierarchy", ["none"])
    board = SimpleBoard(kw.get("clk", "1GHz"),
                        SimpleProcessor(CPUTypes.ATOMIC, kw.get("cores", 1)),
                        SingleChannelDDR3_1600(size=kw.get("memory", "64MiB")),
                        kinds[name](*sizes))
    board.set_se_binary_workload(BinaryResource(local_path=sys.argv[2]))
    Simulator(board=board).run()
    """
)


@unittest.skipIf(SKIP, SKIP)
class LimitsTest(unittest.TestCase):
    def setUp(self):
        self.tmp = tempfile.TemporaryDirectory()
        self.dir = Path(self.tmp.name)
        self.script = self.dir / "limits.py"
        self.script.write_text(SCRIPT)

    def tearDown(self):
        self.tmp.cleanup()

    def run_case(self, **kwargs):
        return run_sim("run", "-d", self.dir / "out", self.script, json.dumps(kwargs), HELLO)

    def test_out_of_range_values_name_path_and_value(self):
        for kwargs, path, value in [
            ({"clk": "5THz"}, "board.clk_domain", "5THz"),
            ({"clk": "1kHz"}, "board.clk_domain", "1kHz"),
            ({"memory": "65TiB"}, "board.memory", "65TiB"),
            ({"hierarchy": ["private_l1", "1TiB", "32KiB"]},
             "board.cache_hierarchy.l1dcaches", ""),
            ({"hierarchy": ["private_l1", "48KiB", "32KiB"]},
             "board.cache_hierarchy.l1dcaches", ""),
            # 33 cores put 66 L1s on the shared L2's crossbar, whose snoop filter
            # tracks at most 64 ports.
            ({"cores": 33, "hierarchy": ["shared_l2", "32KiB", "32KiB", "1MiB"]},
             "board.cache_hierarchy.l2bus.cpu_side_ports", "66"),
            ({"cores": 257}, "board.processor.num_cores", "257"),
        ]:
            with self.subTest(kwargs=kwargs):
                proc = self.run_case(**kwargs)
                self.assertEqual(proc.returncode, 1, proc.stderr)
                lines = proc.stderr.strip().splitlines()
                self.assertEqual(len(lines), 1, proc.stderr)
                self.assertIn(f"sim run: error: {path}", lines[0])
                self.assertIn(value, lines[0])

    def test_a_one_tebibyte_memory_runs(self):
        proc = self.run_case(memory="1TiB")
        self.assertEqual(proc.returncode, 0, proc.stderr)
        self.assertIn("Hello, world!", proc.stdout)


class CoreCountTest(unittest.TestCase):
    def test_a_huge_core_count_builds_no_cores(self):
        try:
            from sim import _native  # noqa: F401
        except ImportError:
            self.skipTest("sim._native is not built")
        # A count far past the limit must not try to build its cores first.
        with self.assertRaises(ParamError) as ctx:
            SimpleProcessor(CPUTypes.ATOMIC, 10**9)
        self.assertEqual(ctx.exception.path, "board.processor.num_cores")
        self.assertIn("allowed values: 1 to 256", str(ctx.exception))

    def test_the_fake_modules_limits_match_the_simulators(self):
        try:
            from sim import _native
        except ImportError:
            self.skipTest("sim._native is not built")
        self.assertEqual(_native.limits(), FAKE_LIMITS)


if __name__ == "__main__":
    unittest.main()
