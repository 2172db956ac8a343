"""Ctrl-C during a run ends it with ExitEvent.USER_INTERRUPT, as in gem5: the
default handler stops, the script goes on after ``run()`` and the final stats
block is written. Skipped when ``sim._native`` or the guest programs are missing."""

import os
import signal
import subprocess
import sys
import tempfile
import textwrap
import time
import unittest
from pathlib import Path

from sim import stats

from tests.test_configs_e2e import PYTHON_DIR, REPO, SKIP

BENCH = REPO / "guest" / "build" / "riscv64" / "bench"

SCRIPT = textwrap.dedent(
    f"""
    from sim.components.boards.simple_board import SimpleBoard
    from sim.components.cachehierarchies.classic.no_cache import NoCache
    from sim.components.memory import SingleChannelDDR3_1600
    from sim.components.processors.cpu_types import CPUTypes
    from sim.components.processors.simple_processor import SimpleProcessor
    from sim.resources.resource import BinaryResource
    from sim.simulate.simulator import Simulator

    board = SimpleBoard("2GHz", SimpleProcessor(CPUTypes.TIMING, 1),
                        SingleChannelDDR3_1600("512MiB"), NoCache())
    # About 300 million instructions: far longer than the test waits.
    board.set_se_binary_workload(BinaryResource(local_path={str(BENCH)!r}),
                                 arguments=["12"])
    simulator = Simulator(board=board)
    simulator.run()
    print("cause:", simulator.get_last_exit_event_cause())
    """
)


def _default_sigint():
    """The child must not inherit an ignored SIGINT (background shells ignore it)."""
    signal.signal(signal.SIGINT, signal.SIG_DFL)


@unittest.skipIf(SKIP or not BENCH.is_file(), SKIP or "bench is not built")
class UserInterruptTest(unittest.TestCase):
    def test_ctrl_c_stops_the_run_and_dumps_stats(self):
        with tempfile.TemporaryDirectory() as tmp:
            script = Path(tmp) / "long.py"
            script.write_text(SCRIPT)
            out = Path(tmp) / "out"
            env = dict(os.environ, PYTHONPATH=str(PYTHON_DIR))
            proc = subprocess.Popen(
                [sys.executable, "-m", "sim", "run", "-d", str(out), str(script)],
                stdout=subprocess.PIPE,
                stderr=subprocess.PIPE,
                text=True,
                env=env,
                preexec_fn=_default_sigint,
            )
            # config.ini is written when the board is built, just before the run.
            deadline = time.monotonic() + 60
            while not (out / "config.ini").exists() and time.monotonic() < deadline:
                time.sleep(0.05)
            time.sleep(0.5)
            proc.send_signal(signal.SIGINT)
            stdout, stderr = proc.communicate(timeout=120)
            self.assertEqual(proc.returncode, 0, stderr)
            self.assertIn("cause: user interrupt received", stdout)
            blocks = stats.parse_file(out / "stats.txt")
            self.assertEqual(len(blocks), 1)
            insts = stats.get(blocks[-1], "simInsts")
            self.assertGreater(insts, 0)
            self.assertLess(insts, 300_000_000)


if __name__ == "__main__":
    unittest.main()
