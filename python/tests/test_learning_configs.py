"""The project's learning-gem5-style scripts (configs/learning_gem5/ and
configs/traffic_sweep.py), run with ``sim run`` as a user would: gem5's m5 API,
subclassed caches whose defaults and overrides reach config.ini and the
stats, and a traffic-generator sweep whose read share shows in the stats."""

import configparser
import tempfile
import unittest
from pathlib import Path

from tests.test_configs_e2e import CONFIGS, SKIP, run_sim

from sim import stats

LEARNING = CONFIGS / "learning_gem5"


@unittest.skipIf(SKIP, SKIP)
class LearningConfigsTest(unittest.TestCase):
    def setUp(self):
        self.tmp = tempfile.TemporaryDirectory()
        self.out = Path(self.tmp.name)

    def tearDown(self):
        self.tmp.cleanup()

    def run_ok(self, *args):
        proc = run_sim(*args)
        self.assertEqual(proc.returncode, 0, f"stdout:\n{proc.stdout}\nstderr:\n{proc.stderr}")
        return proc

    def last_block(self, outdir):
        return stats.parse_file(str(outdir / "stats.txt"))[-1]

    def test_simple_system(self):
        out = self.out / "simple"
        proc = self.run_ok("run", "-d", out, LEARNING / "simple.py")
        self.assertIn("Hello, world!", proc.stdout)
        self.assertIn("because exiting with last active thread context", proc.stdout)
        block = self.last_block(out)
        self.assertGreater(stats.get(block, "system.mem_ctrl.dram.readBursts"), 0)
        ini = configparser.ConfigParser(interpolation=None)
        ini.read(out / "config.ini")
        self.assertEqual(ini["system.mem_ctrl.dram"]["type"], "DRAMInterface")
        self.assertEqual(ini["system.cpu"]["icache_port"], "system.membus.cpu_side_ports[0]")
        self.assertTrue((out / "config.dot").read_text().startswith("digraph"))

    def test_two_level_subclassed_caches(self):
        small, big = self.out / "small", self.out / "big"
        self.run_ok("run", "-d", small, LEARNING / "two_level.py", "--l1d_size", "4KiB")
        self.run_ok("run", "-d", big, LEARNING / "two_level.py", "--l1d_size", "64KiB")
        ini = configparser.ConfigParser(interpolation=None)
        ini.read(small / "config.ini")
        dcache = ini["system.cpu.dcache"]
        # L1Cache's class defaults, the command line's size, the L2's own defaults.
        self.assertEqual((dcache["assoc"], dcache["tag_latency"], dcache["size"]),
                         ("2", "2", "4096"))
        self.assertEqual(ini["system.l2cache"]["size"], str(256 * 1024))
        self.assertEqual(ini["system.l2cache"]["type"], "Cache")
        misses = [stats.get(self.last_block(d), "system.cpu.dcache.overallMisses::total")
                  for d in (small, big)]
        self.assertGreater(misses[0], misses[1], "a smaller L1D misses more")
        self.assertGreater(stats.get(self.last_block(small),
                                     "system.l2cache.overallMisses::total"), 0)

    def test_traffic_sweep(self):
        out = self.out / "sweep"
        proc = self.run_ok("run", "-d", out, "--multisim", CONFIGS / "traffic_sweep.py")
        self.assertIn("3 simulations done", proc.stdout)
        bw = {}
        for share in (0, 50, 100):
            block = self.last_block(out / f"rd_{share}")
            gen = "board.processor.cores.generator"
            bw[share] = (stats.get(block, f"{gen}.readBW"), stats.get(block, f"{gen}.writeBW"))
        self.assertEqual(bw[0][0], 0)
        self.assertGreater(bw[0][1], 0)
        self.assertEqual(bw[100][1], 0)
        self.assertGreater(bw[100][0], 0)
        self.assertGreater(bw[50][0], 0)
        self.assertGreater(bw[50][1], 0)


if __name__ == "__main__":
    unittest.main()
