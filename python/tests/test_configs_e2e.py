"""End to end: the examples in configs/ and the ``sim`` command, run as
subprocesses (``python -m sim run -d TMP ...``) on the real simulator.

Skipped when the native module ``sim._native`` is not built, the guest
programs are missing (``bash guest/build.sh``), or ``sim.m5`` (gem5's ``m5``
API, through which the stdlib Simulator runs) or the DRAM controller
``sim.objects.MemCtrl`` that the configs' memories need is not there yet.
"""

import importlib.util
import os
import re
import subprocess
import sys
import tempfile
import textwrap
import unittest
from pathlib import Path

from sim import stats

REPO = Path(__file__).resolve().parents[2]
PYTHON_DIR = REPO / "python"
CONFIGS = REPO / "configs"
HELLO = REPO / "guest" / "build" / "riscv64" / "hello"


def _native_available() -> bool:
    try:
        return importlib.util.find_spec("sim._native") is not None
    except (ImportError, ValueError):
        return False


SKIP = None
if not _native_available():
    SKIP = "sim._native is not built (maturin develop in python/)"
elif not HELLO.is_file():
    SKIP = "guest programs are not built (bash guest/build.sh)"
elif importlib.util.find_spec("sim.m5") is None:
    SKIP = "sim.m5 (gem5's m5 API) is not there yet"
elif not hasattr(importlib.import_module("sim.objects"), "MemCtrl"):
    SKIP = "sim.objects has no MemCtrl yet (the DRAM memories need it)"

BAD_CACHE = textwrap.dedent(
    """
    import sys
    from sim.components.boards.simple_board import SimpleBoard
    from sim.components.cachehierarchies.classic.private_l1_cache_hierarchy import (
        PrivateL1CacheHierarchy,
    )
    from sim.components.memory import SingleChannelDDR3_1600
    from sim.components.processors.cpu_types import CPUTypes
    from sim.components.processors.simple_processor import SimpleProcessor
    from sim.resources.resource import obtain_resource
    from sim.simulate.simulator import Simulator

    board = SimpleBoard("1GHz", SimpleProcessor(CPUTypes.ATOMIC, 1),
                        SingleChannelDDR3_1600("64MiB"),
                        PrivateL1CacheHierarchy(l1d_size=sys.argv[1], l1i_size="32KiB"))
    board.set_se_binary_workload(obtain_resource("riscv-hello"))
    Simulator(board=board).run()
    """
)


def run_sim(*args, timeout=600):
    """Run ``python -m sim ARGS`` from the repository root; CompletedProcess."""
    env = dict(os.environ, PYTHONPATH=str(PYTHON_DIR))
    env.pop("SIM_OUTDIR", None)
    return subprocess.run(
        [sys.executable, "-m", "sim", *map(str, args)],
        cwd=REPO, env=env, capture_output=True, text=True, timeout=timeout,
    )


def without_host_lines(path: Path) -> str:
    return "\n".join(l for l in path.read_text().splitlines() if not l.startswith("host"))


@unittest.skipIf(SKIP, SKIP)
class ConfigsTest(unittest.TestCase):
    def setUp(self):
        self.tmp = tempfile.TemporaryDirectory()
        self.out = Path(self.tmp.name)

    def tearDown(self):
        self.tmp.cleanup()

    def run_ok(self, *args, **kwargs):
        proc = run_sim(*args, **kwargs)
        self.assertEqual(proc.returncode, 0, f"stdout:\n{proc.stdout}\nstderr:\n{proc.stderr}")
        return proc

    def blocks(self, outdir: Path):
        blocks = stats.parse_file(str(outdir / "stats.txt"))
        self.assertTrue(blocks)
        self.assertGreater(stats.get(blocks[-1], "simInsts"), 0)
        return blocks

    def test_se_hello_each_cpu(self):
        for cpu in ("atomic", "timing", "o3"):
            with self.subTest(cpu=cpu):
                out = self.out / cpu
                proc = self.run_ok("run", "-d", out, CONFIGS / "se_hello.py", "--cpu", cpu)
                self.assertIn("Hello, world!", proc.stdout)
                self.assertIn("because exiting with last active thread context", proc.stdout)
                self.assertEqual(len(self.blocks(out)), 1, "one final dump, as gem5")
                self.assertTrue((out / "config.ini").is_file())

    def test_caches_dram(self):
        proc = self.run_ok("run", "-d", self.out, CONFIGS / "caches_dram.py")
        self.assertIn("Hello, world!", proc.stdout)
        block = self.blocks(self.out)[-1]
        self.assertGreater(
            stats.get(block, "board.cache_hierarchy.l2cache.demandMisses::total"), 0
        )
        self.assertIn("board.cache_hierarchy.l1dcaches1.demandMisses::total", block.stats)
        self.assertGreater(stats.get(block, "board.processor.cores0.core.ipc"), 0)
        config = (self.out / "config.ini").read_text()
        self.assertIn("tCK=833", config, "DDR4-2400 clock period")

    def test_exit_handlers(self):
        proc = self.run_ok("run", "-d", self.out, CONFIGS / "exit_handlers.py")
        self.assertEqual(proc.stdout.count("begins @ tick"), 3)
        self.assertIn("work done", proc.stdout)
        roi = re.search(r"ROI ticks: \[(.*)\]", proc.stdout).group(1).split(",")
        self.assertEqual(len(roi), 3)
        blocks = self.blocks(self.out)
        self.assertEqual(len(blocks), 4, "3 work-end dumps + the final dump")
        self.assertEqual(stats.get(blocks[0], "simTicks"), int(roi[0]))

    def test_gem5_style_script(self):
        proc = self.run_ok("run", "-d", self.out, CONFIGS / "gem5_style" / "riscv_hello.py")
        self.assertIn("Hello, world!", proc.stdout)
        self.assertEqual(len(self.blocks(self.out)), 1)

    def test_same_script_twice_same_stats(self):
        a, b = self.out / "a", self.out / "b"
        for out in (a, b):
            self.run_ok("run", "-d", out, CONFIGS / "exit_handlers.py", "--cpu", "timing")
        self.assertEqual(without_host_lines(a / "stats.txt"), without_host_lines(b / "stats.txt"))

    def test_parameter_errors_name_the_board_path(self):
        script = self.out / "bad_cache.py"
        script.write_text(BAD_CACHE)
        for value in ("lots", "100B"):  # refused by the Python check / by the simulator
            with self.subTest(value=value):
                proc = run_sim("run", "-d", self.out / "o", script, value)
                self.assertEqual(proc.returncode, 1)
                self.assertIn("board.cache_hierarchy.l1dcaches.size", proc.stderr)
                self.assertNotIn("Traceback", proc.stderr)

    def test_multisim(self):
        sweep = CONFIGS / "multisim_cache_sweep.py"
        listed = self.run_ok("run", "--multisim", "-l", sweep, "--sizes", "4KiB,64KiB")
        self.assertEqual(listed.stdout.split(), ["l1d_4KiB", "l1d_64KiB"])
        self.run_ok("run", "-d", self.out, "--multisim", "-p", "2", sweep, "--sizes", "4KiB,64KiB")
        misses = []
        for sim_id in ("l1d_4KiB", "l1d_64KiB"):
            block = self.blocks(self.out / sim_id)[-1]
            misses.append(
                stats.get(block, "board.cache_hierarchy.l1d-cache-0.demandMisses::total")
            )
        self.assertGreater(misses[0], misses[1], "a smaller L1D misses more")
        one = self.out / "one"
        self.run_ok(
            "run", "-d", one, "--multisim", "--id", "l1d_4KiB", sweep, "--sizes", "4KiB,64KiB"
        )
        self.assertEqual([p.name for p in one.iterdir()], ["l1d_4KiB"])
        self.assertEqual(
            without_host_lines(one / "l1d_4KiB" / "stats.txt"),
            without_host_lines(self.out / "l1d_4KiB" / "stats.txt"),
        )

    def test_other_commands(self):
        self.assertEqual(run_sim("se", "--help").returncode, 0)
        proc = run_sim("se", "-d", self.out, REPO / "guest/build/riscv64/ret42")
        self.assertEqual(proc.returncode, 42)
        proc = self.run_ok("stats", self.out / "stats.txt", "--grep", "^simInsts$")
        self.assertRegex(proc.stdout, r"simInsts\s+\d+")


if __name__ == "__main__":
    unittest.main()
