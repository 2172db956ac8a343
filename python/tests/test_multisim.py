"""MultiSim without simulating: ids (default and explicit), duplicates, the
gem5-style argv handling of add_simulator, and listing ids from a script in a
child process (``sim run --multisim -l``)."""

import contextlib
import io
import os
import subprocess
import sys
import tempfile
import textwrap
import unittest
from pathlib import Path

from tests.fake_m5 import FakeM5Mixin, make_board, riscv_elf

from sim.simulate.simulator import Simulator
from sim.utils.multisim import multisim

PYTHON_DIR = Path(__file__).resolve().parents[1]

SCRIPT = textwrap.dedent(
    """
    import sim.utils.multisim as multisim
    from sim.components.boards.simple_board import SimpleBoard
    from sim.components.cachehierarchies.classic.no_cache import NoCache
    from sim.components.memory import SingleChannelSimpleMemory
    from sim.components.processors.cpu_types import CPUTypes
    from sim.components.processors.simple_processor import SimpleProcessor
    from sim.simulate.simulator import Simulator

    multisim.set_num_processes(3)
    for name in ["alpha", None, "gamma"]:
        board = SimpleBoard("1GHz", SimpleProcessor(CPUTypes.ATOMIC, 1),
                            SingleChannelSimpleMemory(size="64MiB"), NoCache())
        board.set_se_binary_workload(BINARY)
        multisim.add_simulator(Simulator(board=board, id=name))
    """
)


class AddSimulatorTest(FakeM5Mixin, unittest.TestCase):
    def setUp(self):
        super().setUp()
        self.saved = (multisim.module_run, list(multisim._multi_sim), sys.argv)
        multisim._multi_sim.clear()

    def tearDown(self):
        multisim.module_run, multisim._multi_sim[:], sys.argv = self.saved
        super().tearDown()

    def test_ids_in_module_run(self):
        multisim.module_run = True
        multisim.add_simulator(Simulator(board=make_board(), id="mine"))
        multisim.add_simulator(Simulator(board=make_board()))
        self.assertEqual([s.get_id() for s in multisim._multi_sim], ["mine", "sim_1"])
        self.assertEqual(multisim.num_simulators(), 2)
        with self.assertRaisesRegex(ValueError, "already added"):
            multisim.add_simulator(Simulator(board=make_board(), id="mine"))

    def test_plain_run_needs_an_id_or_list(self):
        multisim.module_run = False
        sys.argv = ["script.py"]
        with self.assertRaisesRegex(Exception, "--multisim"):
            multisim.add_simulator(Simulator(board=make_board(), id="a"))
        sys.argv = ["script.py", "--list"]
        out = io.StringIO()
        with contextlib.redirect_stdout(out):
            multisim.add_simulator(Simulator(board=make_board(), id="b"))
        self.assertEqual(out.getvalue(), "b\n")

    def test_plain_run_with_id_runs_that_one(self):
        multisim.module_run = False
        sys.argv = ["script.py", "b"]
        with tempfile.TemporaryDirectory() as tmp:
            from sim import _runtime

            _runtime.set_outdir(tmp)
            multisim.add_simulator(Simulator(board=make_board(), id="a"))
            self.assertNotIn("instantiate", self.m5.log)
            multisim.add_simulator(Simulator(board=make_board(), id="b"))
            self.assertEqual(self.m5.log.count("instantiate"), 1)
            self.assertEqual(self.m5.options.outdir, str(Path(tmp) / "b"))

    def test_num_processes(self):
        for bad in (0, -1, 1.5):
            with self.assertRaises(ValueError):
                multisim.set_num_processes(bad)


class ListIdsTest(unittest.TestCase):
    def setUp(self):
        self.tmp = tempfile.TemporaryDirectory()
        self.script = Path(self.tmp.name) / "sweep.py"
        self.script.write_text(f"BINARY = {riscv_elf()!r}\n" + SCRIPT)

    def tearDown(self):
        self.tmp.cleanup()

    def test_ids_from_child_process(self):
        self.assertEqual(
            list(multisim.get_simulator_ids(str(self.script))), ["alpha", "sim_1", "gamma"]
        )
        self.assertEqual(multisim._script_info(str(self.script), [])[1], 3)
        self.assertEqual(multisim._multi_sim, [], "the parent never runs the script")

    def test_cli_list(self):
        env = dict(os.environ, PYTHONPATH=str(PYTHON_DIR))
        out = subprocess.run(
            [sys.executable, "-m", "sim", "run", "--multisim", "-l", str(self.script)],
            env=env, capture_output=True, text=True, timeout=120,
        )
        self.assertEqual(out.returncode, 0, out.stderr)
        self.assertEqual(out.stdout.split(), ["alpha", "sim_1", "gamma"])


if __name__ == "__main__":
    unittest.main()
