"""gem5's branch predictor objects: ``TAGE``, ``LTAGE`` (with ``TAGEBase``/
``LTAGE_TAGE`` and ``LoopPredictor``), ``SimpleBTB``, ``ReturnAddrStack`` and
``SimpleIndirectPredictor`` with gem5 v24's defaults, and runs of the minor CPU
with them: from a stdlib script, and from gem5's own se.py with ``--bp-type``
(the loop predictor foresees every exit of pipeline_micro's 1000-iteration loop
once it has seen a few)."""

import importlib.util
import os
import subprocess
import sys
import tempfile
import textwrap
import unittest
from pathlib import Path

import sim.objects as objects
from sim import stats

REPO = Path(__file__).resolve().parents[2]
MICRO = REPO / "guest" / "build" / "riscv64" / "pipeline_micro"
MIRROR = Path(os.environ.get("GEM5_MIRROR", "/work/.mirror/gem5+gem5/repo"))

SKIP = None
if importlib.util.find_spec("sim._native") is None:
    SKIP = "sim._native is not built (python/install.sh)"
elif not MICRO.is_file():
    SKIP = "guest programs are not built (bash guest/build.sh)"
elif importlib.util.find_spec("sim.m5") is None:
    SKIP = "sim.m5 is not there"

#: Inner-loop branches of pipeline_micro's trip kernel (400 runs of 1000) that the
#: loop predictor provides once confident: all but the first few runs.
TRIP_BRANCHES = 400 * 1000


def run_sim(*args, cwd):
    env = dict(os.environ, PYTHONPATH=str(REPO / "python"))
    env.pop("SIM_OUTDIR", None)
    return subprocess.run([sys.executable, "-m", "sim", *map(str, args)], cwd=cwd, env=env,
                          capture_output=True, text=True, timeout=600)


def stat(path: Path, name: str) -> float:
    return stats.get(stats.parse_file(str(path))[0], name)


class DefaultsTest(unittest.TestCase):
    def test_tage_defaults_are_gem5s(self):
        t = objects.TAGE()
        self.assertIsInstance(t.tage, objects.TAGEBase)
        self.assertEqual((t.tage.nHistoryTables, t.tage.minHist, t.tage.maxHist), (7, 5, 130))
        self.assertEqual(list(t.tage.tagTableTagWidths), [0, 9, 9, 10, 10, 11, 11, 12])
        self.assertEqual(list(t.tage.logTagTableSizes), [13, 9, 9, 9, 9, 9, 9, 9])
        self.assertEqual((t.tage.logUResetPeriod, t.tage.useAltOnNaBits), (18, 4))

    def test_ltage_has_longer_tables_and_a_loop_predictor(self):
        lt = objects.LTAGE()
        self.assertIsInstance(lt.tage, objects.LTAGE_TAGE)
        self.assertEqual((lt.tage.nHistoryTables, lt.tage.minHist, lt.tage.maxHist),
                         (12, 4, 640))
        self.assertEqual(lt.tage.logUResetPeriod, 19)
        self.assertIsInstance(lt.loop_predictor, objects.LoopPredictor)
        self.assertEqual((lt.loop_predictor.logSizeLoopPred, lt.loop_predictor.withLoopBits,
                          lt.loop_predictor.loopTableIterBits), (8, 7, 14))

    def test_every_predictor_has_gem5s_btb_ras_and_indirect_predictor(self):
        for cls in (objects.LocalBP, objects.TournamentBP, objects.BiModeBP, objects.TAGE,
                    objects.LTAGE):
            bp = cls()
            with self.subTest(cls.__name__):
                self.assertIsInstance(bp.btb, objects.SimpleBTB)
                self.assertEqual((bp.btb.numEntries, bp.btb.tagBits), (4096, 16))
                self.assertEqual(bp.ras.numEntries, 16)
                ind = bp.indirectBranchPred
                self.assertEqual((ind.indirectSets, ind.indirectWays, ind.indirectTagSize,
                                  ind.indirectPathLength, ind.indirectGHRBits),
                                 (256, 2, 16, 3, 13))


SCRIPT = textwrap.dedent(
    """
    import sys
    from sim.components.boards.simple_board import SimpleBoard
    from sim.components.cachehierarchies.classic.no_cache import NoCache
    from sim.components.memory import SingleChannelSimpleMemory
    from sim.components.processors.cpu_types import CPUTypes
    from sim.components.processors.simple_processor import SimpleProcessor
    from sim.resources.resource import BinaryResource
    from sim.simulate.simulator import Simulator
    from sim.objects import LTAGE, TAGEBase

    board = SimpleBoard("1GHz", SimpleProcessor(CPUTypes.MINOR, 1),
                        SingleChannelSimpleMemory(size="64MiB"), NoCache())
    core = board.get_processor().get_cores()[0].get_simobject()
    if sys.argv[2] == "bad":
        core.branchPred = LTAGE(tage=TAGEBase(nHistoryTables=3))
    else:
        core.branchPred = LTAGE()
    board.set_se_binary_workload(BinaryResource(local_path=sys.argv[1]), arguments=["trip"])
    Simulator(board=board).run()
    """
)


@unittest.skipIf(SKIP, SKIP)
class MinorWithLtageTest(unittest.TestCase):
    def setUp(self):
        self.tmp = tempfile.TemporaryDirectory()
        self.dir = Path(self.tmp.name)
        (self.dir / "ltage.py").write_text(SCRIPT)

    def tearDown(self):
        self.tmp.cleanup()

    def test_stdlib_board_with_ltage(self):
        done = run_sim("run", "-d", self.dir / "out", self.dir / "ltage.py", MICRO, "good",
                       cwd=self.dir)
        self.assertEqual(done.returncode, 0, done.stderr)
        self.assertIn("trip 400000", done.stdout)
        prefix = "board.processor.cores.core.branchPred."
        correct = stat(self.dir / "out/stats.txt", prefix + "loop_predictor.correct")
        wrong = stat(self.dir / "out/stats.txt", prefix + "loop_predictor.wrong")
        self.assertGreater(correct, 0.95 * TRIP_BRANCHES)
        self.assertLess(wrong, 10)

    def test_inconsistent_tage_tables_are_one_line_naming_the_parameter(self):
        done = run_sim("run", "-d", self.dir / "out", self.dir / "ltage.py", MICRO, "bad",
                       cwd=self.dir)
        self.assertEqual(done.returncode, 1, done.stdout)
        lines = done.stderr.strip().splitlines()
        self.assertEqual(len(lines), 1, done.stderr)
        self.assertIn("branchPred.tage.tagTableTagWidths: is [0, 9, 9, 10, 10, 11, 11, 12]",
                      lines[0])
        self.assertIn("allowed values: a list of 4 values (nHistoryTables + 1)", lines[0])

    @unittest.skipIf(not MIRROR.is_dir(), f"no gem5 checkout at {MIRROR}")
    def test_gem5_se_py_bp_type(self):
        archive = subprocess.run(["git", "-C", str(MIRROR), "archive", "HEAD", "configs"],
                                 capture_output=True, check=True)
        subprocess.run(["tar", "x", "-C", str(self.dir)], input=archive.stdout, check=True)
        for bp, name, least in (("LTAGE", "loop_predictor.correct", 0.95 * TRIP_BRANCHES),
                                ("TAGE", "tage.longestMatchProviderCorrect",
                                 0.9 * TRIP_BRANCHES)):
            with self.subTest(bp=bp):
                out = self.dir / f"out-{bp}"
                done = run_sim("run", "-d", out, "configs/deprecated/example/se.py",
                               "--cpu-type", "RiscvMinorCPU", "--bp-type", bp,
                               "--cmd", MICRO, "--options", "trip", cwd=self.dir)
                self.assertEqual(done.returncode, 0, done.stderr)
                self.assertGreater(stat(out / "stats.txt", f"system.cpu.branchPred.{name}"),
                                   least)


if __name__ == "__main__":
    unittest.main()
