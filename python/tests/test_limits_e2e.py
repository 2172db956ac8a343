"""End to end: values outside the simulator's limits (``models::boards::limits``,
exported as ``sim._native.limits()``) are refused when a board is built, naming
the board path, the value and the allowed range; a memory far larger than the
guest touches runs.

Skipped when the native module ``sim._native`` is not built or the guest
programs are missing (``bash guest/build.sh``).
"""

import tempfile
import textwrap
import unittest
from pathlib import Path

from tests.fake_native import FAKE_LIMITS
from tests.test_configs_e2e import HELLO, SKIP, run_sim

from sim import _runtime, params
from sim.components.boards.simple_board import SimpleBoard
from sim.components.cachehierarchies.classic.no_cache import NoCache
from sim.components.cachehierarchies.classic.private_l1_cache_hierarchy import (
    PrivateL1CacheHierarchy,
)
from sim.components.cachehierarchies.classic.private_l1_shared_l2_cache_hierarchy import (
    PrivateL1SharedL2CacheHierarchy,
)
from sim.components.memory import SingleChannelDDR3_1600
from sim.components.processors.cpu_types import CPUTypes
from sim.components.processors.simple_processor import SimpleProcessor

# argv: MEMORY_SIZE BINARY
BIG_MEMORY = textwrap.dedent(
    """
    import sys
    from sim.components.boards.simple_board import SimpleBoard
    from sim.components.cachehierarchies.classic.no_cache import NoCache
    from sim.components.memory import SingleChannelDDR3_1600
    from sim.components.processors.cpu_types import CPUTypes
    from sim.components.processors.simple_processor import SimpleProcessor
    from sim.resources.resource import BinaryResource
    from sim.simulate.simulator import Simulator

    board = SimpleBoard("1GHz", SimpleProcessor(CPUTypes.ATOMIC, 1),
                        SingleChannelDDR3_1600(size=sys.argv[1]), NoCache())
    board.set_se_binary_workload(BinaryResource(local_path=sys.argv[2]))
    Simulator(board=board).run()
    """
)


@unittest.skipIf(SKIP, SKIP)
class LimitsTest(unittest.TestCase):
    def setUp(self):
        _runtime.reset_state()
        _runtime.set_native(None)
        self.tmp = tempfile.TemporaryDirectory()
        self.dir = Path(self.tmp.name)

    def tearDown(self):
        _runtime.reset_state()
        self.tmp.cleanup()

    def build_error(self, clk="1GHz", cores=1, memory="64MiB", hierarchy=None):
        board = SimpleBoard(
            clk,
            SimpleProcessor(CPUTypes.ATOMIC, cores),
            SingleChannelDDR3_1600(size=memory),
            hierarchy if hierarchy is not None else NoCache(),
        )
        board.set_se_binary_workload(str(HELLO))
        with self.assertRaises(params.ParamError) as ctx:
            board._pre_instantiate(outdir=str(self.dir / "m5out"))
        return ctx.exception

    def test_out_of_range_values_name_path_value_and_range(self):
        shared_l2 = PrivateL1SharedL2CacheHierarchy("32KiB", "32KiB", "1MiB")
        for kwargs, path, problem in [
            ({"clk": "5THz"}, "board.clk_freq", "is 5THz; allowed values: 1MHz to 1THz"),
            ({"clk": "0.5ps"}, "board.clk_freq", "is 0.5ps; allowed values: 1MHz to 1THz"),
            ({"clk": "1kHz"}, "board.clk_freq", "is 1kHz; allowed values: 1MHz to 1THz"),
            (
                {"memory": "65TiB"},
                "board.memory.size",
                "is 65TiB; allowed values: 4KiB to 64TiB",
            ),
            (
                {"hierarchy": PrivateL1CacheHierarchy(l1d_size="1TiB", l1i_size="32KiB")},
                "board.cache_hierarchy.l1d.size",
                "is 1TiB; allowed values: 64B to 1GiB",
            ),
            (
                {"hierarchy": PrivateL1CacheHierarchy(l1d_size="48KiB", l1i_size="32KiB")},
                "board.cache_hierarchy.l1d.size",
                "is 48KiB; allowed values: sizes of a power-of-two number of sets",
            ),
            (
                {"cores": 33, "hierarchy": shared_l2},
                "board.processor.num_cores",
                "is 33; allowed values: 1 to 32 with private L1 caches and a shared L2",
            ),
            ({"cores": 257}, "board.processor.num_cores", "is 257; allowed values: 1 to 256"),
        ]:
            with self.subTest(kwargs=kwargs):
                err = self.build_error(**kwargs)
                self.assertEqual(err.path, path)
                self.assertTrue(err.problem.startswith(problem), err.problem)
                self.assertNotIn("\n", str(err))

    def test_a_huge_core_count_builds_no_cores(self):
        # A count far past the limit must not try to build its cores first.
        err = self.build_error(cores=10**9)
        self.assertEqual(err.path, "board.processor.num_cores")
        self.assertIn("allowed values: 1 to 256", str(err))

    def test_the_fake_modules_limits_match_the_simulators(self):
        from sim import _native

        self.assertEqual(_native.limits(), FAKE_LIMITS)

    def test_a_one_tebibyte_memory_runs(self):
        script = self.dir / "big_memory.py"
        script.write_text(BIG_MEMORY)
        proc = run_sim("run", "-d", self.dir / "out", script, "1TiB", HELLO)
        self.assertEqual(proc.returncode, 0, proc.stderr)
        self.assertIn("Hello, world!", proc.stdout)


if __name__ == "__main__":
    unittest.main()
