"""End to end: gem5 stdlib's cache classes (``L1DCache``, ``L1ICache``,
``L2Cache``) reach the simulator with gem5's defaults, under the stdlib's
names (``PrivateL1PrivateL2CacheHierarchy``'s ``l1d-cache-0``...), custom
values show in config.ini, bad values are refused naming their tree path, and
the default stride prefetchers prefetch on a strided guest program.

Skipped as test_configs_e2e is (no extension, guest programs, ``sim.m5`` or
``MemCtrl``).
"""

import configparser
import tempfile
import textwrap
import unittest
from pathlib import Path

from tests.test_configs_e2e import REPO, SKIP, run_sim

from sim import stats

H = "board.cache_hierarchy"
CACHE_PROBE = REPO / "guest" / "build" / "riscv64" / "cache_probe"

# argv: MODE BINARY. Private L1s and L2 on one timing core; cache_probe reads one
# byte per line of a 256 KiB array (4096 reads by one load, stride 64 bytes)
# between m5 reset_stats and dump_stats.
SCRIPT = textwrap.dedent(
    """
    import sys
    from sim.components.boards.simple_board import SimpleBoard
    from sim.components.cachehierarchies.classic.caches.l1dcache import L1DCache
    from sim.components.cachehierarchies.classic.caches.l2cache import L2Cache
    from sim.components.cachehierarchies.classic.caches.prefetchers import NULL
    from sim.components.cachehierarchies.classic.private_l1_private_l2_cache_hierarchy import (
        PrivateL1PrivateL2CacheHierarchy,
    )
    from sim.components.memory import SingleChannelDDR3_1600
    from sim.components.processors.cpu_types import CPUTypes
    from sim.components.processors.simple_processor import SimpleProcessor
    from sim.isas import ISA
    from sim.resources.resource import BinaryResource
    from sim.simulate.simulator import Simulator

    mode, binary = sys.argv[1], sys.argv[2]
    h = PrivateL1PrivateL2CacheHierarchy(l1d_size="16KiB", l1i_size="16KiB", l2_size="256KiB")
    if mode == "no_prefetch":
        h.l1d = L1DCache("16KiB", PrefetcherCls=None)
        h.l2 = L2Cache("256KiB", PrefetcherCls=NULL)
    elif mode == "custom":
        h.l1d = L1DCache("16KiB", tag_latency=3)
    elif mode == "bad":
        h.l1d = L1DCache("16KiB", mshrs=0)
    board = SimpleBoard(
        clk_freq="2GHz",
        processor=SimpleProcessor(cpu_type=CPUTypes.TIMING, isa=ISA.RISCV, num_cores=1),
        memory=SingleChannelDDR3_1600("64MiB"),
        cache_hierarchy=h,
    )
    board.set_se_binary_workload(BinaryResource(local_path=binary), arguments=["stream", "256"])
    Simulator(board=board).run()
    """
)


def config_ini(outdir: Path) -> configparser.ConfigParser:
    ini = configparser.ConfigParser(interpolation=None)
    ini.read(outdir / "config.ini")
    return ini


TREE_SCRIPT = """
from sim.components.boards.simple_board import SimpleBoard
from sim.components.cachehierarchies.classic.private_l1_cache_hierarchy import (
    PrivateL1CacheHierarchy,
)
from sim.components.memory import SingleChannelSimpleMemory
from sim.components.processors.cpu_types import CPUTypes
from sim.components.processors.simple_processor import SimpleProcessor
from sim.resources.resource import BinaryResource
from sim.simulate.simulator import Simulator

board = SimpleBoard(
    clk_freq="1GHz",
    processor=SimpleProcessor(cpu_type=CPUTypes.TIMING, num_cores=1),
    memory=SingleChannelSimpleMemory(size="64MiB"),
    cache_hierarchy=PrivateL1CacheHierarchy(l1d_size="4KiB", l1i_size="4KiB"),
)
board.set_se_binary_workload(BinaryResource(local_path={binary!r}))
Simulator(board=board).run()
"""


@unittest.skipIf(SKIP or not CACHE_PROBE.is_file(), SKIP or "cache_probe is not built")
class StdlibCachesTest(unittest.TestCase):
    @classmethod
    def setUpClass(cls):
        cls.tmp = tempfile.TemporaryDirectory()
        cls.dir = Path(cls.tmp.name)
        cls.script = cls.dir / "stdlib_caches.py"
        cls.script.write_text(SCRIPT)

    @classmethod
    def tearDownClass(cls):
        cls.tmp.cleanup()

    def run_mode(self, mode: str):
        out = self.dir / mode
        proc = run_sim("run", "-d", out, self.script, mode, CACHE_PROBE)
        return out, proc

    def run_ok(self, mode: str):
        out, proc = self.run_mode(mode)
        self.assertEqual(proc.returncode, 0, f"stdout:\n{proc.stdout}\nstderr:\n{proc.stderr}")
        return out

    def test_gem5_stdlib_defaults_in_config_and_prefetches_issued(self):
        out = self.run_ok("stdlib")
        ini = config_ini(out)
        l1d, l1i, l2 = (ini[f"{H}.l1d-cache-0"], ini[f"{H}.l1i-cache-0"], ini[f"{H}.l2-cache-0"])
        for key, value in [("assoc", "8"), ("tag_latency", "1"), ("data_latency", "1"),
                           ("response_latency", "1"), ("mshrs", "16"), ("tgts_per_mshr", "20"),
                           ("writeback_clean", "false")]:
            self.assertEqual(l1d[key], value, key)
        self.assertEqual(ini[l1d["prefetcher"]]["type"], "StridePrefetcher")
        self.assertEqual(l1i["writeback_clean"], "true")
        self.assertEqual(ini[l1i["prefetcher"]]["type"], "StridePrefetcher")
        for key, value in [("assoc", "16"), ("tag_latency", "10"), ("data_latency", "10"),
                           ("response_latency", "1"), ("mshrs", "20"), ("tgts_per_mshr", "12"),
                           ("writeback_clean", "false"), ("clusivity", "mostly_incl")]:
            self.assertEqual(l2[key], value, key)
        self.assertEqual(ini[l2["prefetcher"]]["type"], "StridePrefetcher")
        # The region of interest: 4096 strided reads of one load instruction.
        roi = stats.parse_file(str(out / "stats.txt"))[0]
        issued = stats.get(roi, f"{H}.l1d-cache-0.prefetcher.pfIssued")
        misses = stats.get(roi, f"{H}.l1d-cache-0.demandMisses::total")
        self.assertGreater(issued, 4000)
        self.assertLess(misses, 200)

        # Without prefetchers every read misses, and there is no prefetcher.
        out = self.run_ok("no_prefetch")
        ini = config_ini(out)
        self.assertEqual(ini[f"{H}.l1d-cache-0"]["prefetcher"], "Null")
        self.assertEqual(ini[f"{H}.l2-cache-0"]["prefetcher"], "Null")
        roi = stats.parse_file(str(out / "stats.txt"))[0]
        self.assertEqual(stats.get(roi, f"{H}.l1d-cache-0.demandMisses::total"), 4096)
        self.assertNotIn(f"{H}.l1d-cache-0.prefetcher.pfIssued", roi.stats)

    def test_custom_cache_shows_in_config(self):
        out = self.run_ok("custom")
        l1d = config_ini(out)[f"{H}.l1d-cache-0"]
        self.assertEqual(l1d["tag_latency"], "3")
        self.assertEqual(l1d["data_latency"], "1")
        self.assertEqual(l1d["mshrs"], "16")

    def test_bad_value_names_its_path(self):
        _, proc = self.run_mode("bad")
        self.assertEqual(proc.returncode, 1)
        self.assertIn(f"{H}.l1d-cache-0.mshrs", proc.stderr)
        self.assertIn("0", proc.stderr)
        self.assertNotIn("Traceback", proc.stderr)

    def test_builder_errors_name_the_object_and_parameter(self):
        """Values the Python checks would refuse, written straight into a tree,
        are refused again by the Rust builder, naming path, value and limit."""
        import json

        from sim import _native

        script = self.dir / "tree.py"
        script.write_text(TREE_SCRIPT.format(binary=str(CACHE_PROBE)))
        out = self.dir / "tree_out"
        proc = run_sim("run", "-d", out, script)
        self.assertEqual(proc.returncode, 0, proc.stderr)
        good = json.loads((out / "config.json").read_text())
        dcache = "board.cache_hierarchy.l1dcaches"
        for param, value, problem in [
            ("mshrs", 0, f"{dcache}.mshrs: is 0; allowed values: 1 to 65536"),
            ("tag_latency", 1 << 20, f"{dcache}.tag_latency: is 1048576; allowed values"),
            ("writeback_clean", "yes", f"{dcache}.writeback_clean: \"yes\" is not true or false"),
            ("size", 100, f"{dcache}.size: is 100"),
        ]:
            with self.subTest(param=param):
                tree = json.loads(json.dumps(good))
                tree["board"]["cache_hierarchy"]["l1dcaches"][0][param] = value
                with self.assertRaises(ValueError) as ctx:
                    _native.SeSystem.from_tree(json.dumps(tree), str(self.dir / "bad"), "", "", "")
                self.assertIn(problem, str(ctx.exception))

if __name__ == "__main__":
    unittest.main()
