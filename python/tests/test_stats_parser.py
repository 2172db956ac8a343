"""Tests of sim.stats (stats.txt parser) and the ``sim stats`` command.

The samples in data/ are real simulator output (see data/README.md).
Run: PYTHONPATH=python python3 -m unittest discover -s python/tests -t python
"""

import contextlib
import gzip
import importlib.util
import io
import math
import os
import re
import subprocess
import sys
import tempfile
import unittest
from pathlib import Path
from unittest import mock

from sim import stats
from sim.stats import cli

DATA = Path(__file__).resolve().parent / "data"
HELLO_ATOMIC = DATA / "hello_atomic.txt"
HELLO_TIMING = DATA / "hello_timing.txt"
DUMP2 = DATA / "m5_dump2_timing.txt"
HELLO_L2 = DATA / "hello_timing_l2.txt.gz"
SAMPLES = [HELLO_ATOMIC, HELLO_TIMING, DUMP2, HELLO_L2]

HAVE_PANDAS = importlib.util.find_spec("pandas") is not None

CONFIG_INI = "\n[root]\ntype=Root\n"

BEGIN = "---------- Begin Simulation Statistics ----------"
END = "---------- End Simulation Statistics   ----------"


def read_text(path):
    if path.suffix == ".gz":
        with gzip.open(path, "rt") as f:
            return f.read()
    return path.read_text()


def grep_values(path, name):
    """Values of ``name`` in each block, found the way grep would."""
    pattern = re.compile(r"^" + re.escape(name) + r"\s+(\S+)")
    return [m.group(1) for m in map(pattern.match, read_text(path).splitlines()) if m]


def nested(block, name):
    node = block
    for key in stats.parser.split_name(name):
        node = node[key]
    return node


def run_cli(*argv):
    """(exit status, stdout, stderr) of cli.main(argv)."""
    out, err = io.StringIO(), io.StringIO()
    with contextlib.redirect_stdout(out), contextlib.redirect_stderr(err):
        status = cli.main([str(a) for a in argv])
    return status, out.getvalue(), err.getvalue()


# A hand-written block in gem5's layout with what the samples lack:
# ranged buckets, inf, exponents, dotted vector subnames, a stat that is
# also a group, a line without description or unit.
SYNTHETIC = f"""
{BEGIN}
simTicks                     1000     # Number of ticks simulated (Tick)
system.cpu.ipc               1.5e-01  # IPC (Count/Cycle) ((Count/Cycle))
system.lat::samples              8    # Latency (Tick)
system.lat::mean         12.500000    # Latency (Tick)
system.lat::0-3                  2     25.00%     25.00% # Latency (Tick)
system.lat::4-7                  4     50.00%     75.00% # Latency (Tick)
system.lat::overflows            2     25.00%    100.00% # Latency (Tick)
system.lat::max_value          inf    # Latency (Tick)
system.lat::min_value         -inf    # Latency (Tick)
system.cache.misses::cpu.data   40    # Misses (Count)
system.cache.misses::total      40    # Misses (Count)
system.bus                       7    # Bus (Count)
system.bus.util                nan    # Utilization (Ratio)
system.bare                     -3
{END}
"""


class SampleFilesTest(unittest.TestCase):
    @classmethod
    def setUpClass(cls):
        cls.blocks = {path: stats.parse_file(path) for path in SAMPLES}

    def test_samples_are_small(self):
        for path in SAMPLES:
            self.assertLess(path.stat().st_size, 30 * 1024, path.name)

    def test_block_counts(self):
        counts = {path.name: len(blocks) for path, blocks in self.blocks.items()}
        self.assertEqual(
            counts,
            {
                "hello_atomic.txt": 1,
                "hello_timing.txt": 1,
                "m5_dump2_timing.txt": 3,
                "hello_timing_l2.txt.gz": 1,
            },
        )
        for path in SAMPLES:
            begins = read_text(path).count("Begin Simulation Statistics")
            self.assertEqual(len(self.blocks[path]), begins)

    def test_block_index_and_line(self):
        blocks = self.blocks[DUMP2]
        self.assertEqual([b.index for b in blocks], [0, 1, 2])
        lines = read_text(DUMP2).splitlines()
        for block in blocks:
            self.assertIn("Begin Simulation Statistics", lines[block.line - 1])

    def test_known_values(self):
        (hello,) = self.blocks[HELLO_ATOMIC]
        self.assertEqual(hello["simInsts"], 31992)
        self.assertIsInstance(hello["simInsts"], int)
        self.assertEqual(hello["simTicks"], 15995500)
        self.assertEqual(hello["system"]["cpu"]["numCycles"], 31992)
        self.assertEqual(
            hello["system"]["cpu"]["commitStats0"]["committedInstType"]["IntAlu"],
            21872,
        )
        self.assertEqual(hello["simSeconds"], 0.000016)
        self.assertIsInstance(hello["simSeconds"], float)
        self.assertEqual(
            [stats.get(b, "simInsts") for b in self.blocks[DUMP2]],
            [38833, 58841, 61084],
        )
        (l2,) = self.blocks[HELLO_L2]
        self.assertEqual(l2["system"]["cpu"]["dcache"]["demandMisses"]["total"], 287.0)
        self.assertEqual(stats.get(l2, "system.l2.demandMisses::total"), 665)
        self.assertEqual(
            stats.get(l2, "system.cpu.dcache.demandMissRate::total"), 0.029034
        )
        self.assertEqual(l2["system"]["membus"]["pktCount_cpu_side_ports[0]"], 1330)

    def test_values_match_grep(self):
        names = [
            "simTicks",
            "simInsts",
            "system.cpu.numCycles",
            "system.cpu.commitStats0.numMemRefs",
            "system.membus.pktCount::total",
            "system.cpu.icache.demandMisses::total",
            "system.cpu.dcache.overallMissRate::total",
            "system.membus.snoopFanout::samples",
        ]
        checked = 0
        for path, blocks in self.blocks.items():
            for name in names:
                texts = grep_values(path, name)
                if not texts:
                    continue
                self.assertEqual(len(texts), len(blocks), (path.name, name))
                for block, text in zip(blocks, texts):
                    self.assertEqual(stats.get(block, name), float(text))
                    self.assertEqual(block.stat(name).text, text)
                    checked += 1
        self.assertGreater(checked, 20)

    def test_every_line_parsed(self):
        for path, blocks in self.blocks.items():
            lines = [
                line
                for line in read_text(path).splitlines()
                if line.strip() and "Simulation Statistics" not in line
            ]
            self.assertEqual(sum(len(b.stats) for b in blocks), len(lines))

    def test_nested_and_flat_agree(self):
        for path, blocks in self.blocks.items():
            for block in blocks:
                flat = stats.flatten(block)
                self.assertEqual(list(flat), list(block.stats))
                for name, value in flat.items():
                    got = nested(block, name)
                    if math.isnan(value):
                        self.assertTrue(math.isnan(got), name)
                    else:
                        self.assertEqual(got, value, (path.name, name))
                    self.assertIs(type(got), type(value))

    def test_flatten_order_follows_file(self):
        (hello,) = self.blocks[HELLO_ATOMIC]
        self.assertEqual(
            list(stats.flatten(hello))[:4],
            ["simSeconds", "simTicks", "finalTick", "simFreq"],
        )

    def test_meta(self):
        (hello,) = self.blocks[HELLO_ATOMIC]
        self.assertEqual(hello.meta("simTicks"), ("Number of ticks simulated", "Tick"))
        self.assertEqual(
            hello.meta("finalTick"),
            (
                "Number of ticks from beginning of simulation (restored from "
                "checkpoints and never reset)",
                "Tick",
            ),
        )
        self.assertEqual(
            hello.meta("hostInstRate"),
            ("Simulator instruction rate (inst/s)", "(Count/Second)"),
        )
        stat = hello.stat("system.cpu.numCycles")
        self.assertEqual(stat.line, 14)
        self.assertEqual(stat.unit, "Cycle")
        self.assertEqual(stat.extra, ())

    def test_distribution(self):
        (l2,) = self.blocks[HELLO_L2]
        fanout = l2["system"]["tol2bus"]["snoopFanout"]
        self.assertEqual(
            list(fanout),
            [
                "samples",
                "mean",
                "stdev",
                "underflows",
                "0",
                "1",
                "2",
                "overflows",
                "min_value",
                "max_value",
                "total",
            ],
        )
        self.assertEqual(fanout["samples"], 714)
        self.assertEqual(fanout["0"], 714)
        self.assertEqual(fanout["total"], 714)
        bucket = l2.stat("system.tol2bus.snoopFanout::0")
        self.assertEqual(bucket.extra, ("100.00%", "100.00%"))
        self.assertEqual(bucket.description, "Request fanout histogram")

    def test_nan(self):
        (l2,) = self.blocks[HELLO_L2]
        nans = [n for n, v in stats.flatten(l2).items() if math.isnan(v)]
        self.assertEqual(len(nans), read_text(HELLO_L2).count(" nan "))
        self.assertIn("system.l2.WriteReq.missRate::total", nans)
        self.assertTrue(math.isnan(l2["system"]["l2"]["WriteReq"]["missRate"]["total"]))

    def test_get_missing(self):
        (hello,) = self.blocks[HELLO_ATOMIC]
        with self.assertRaisesRegex(KeyError, "system.nothing"):
            stats.get(hello, "system.nothing")
        self.assertIsNone(stats.get(hello, "system.nothing", None))
        with self.assertRaises(KeyError):
            hello.meta("system.nothing")

    def test_parse_file_accepts_str(self):
        self.assertEqual(stats.parse_file(str(HELLO_ATOMIC)), self.blocks[HELLO_ATOMIC])


class SyntheticTest(unittest.TestCase):
    def setUp(self):
        (self.block,) = stats.parse(SYNTHETIC)

    def test_ranged_buckets(self):
        lat = self.block["system"]["lat"]
        self.assertEqual(lat["0-3"], 2)
        self.assertEqual(lat["4-7"], 4)
        self.assertEqual(lat["mean"], 12.5)
        self.assertEqual(self.block.stat("system.lat::4-7").extra, ("50.00%", "75.00%"))

    def test_special_floats(self):
        self.assertEqual(self.block["system"]["lat"]["max_value"], math.inf)
        self.assertEqual(self.block["system"]["lat"]["min_value"], -math.inf)
        self.assertEqual(self.block["system"]["cpu"]["ipc"], 0.15)
        self.assertEqual(self.block["system"]["bare"], -3)

    def test_dotted_vector_subname(self):
        misses = self.block["system"]["cache"]["misses"]
        self.assertEqual(misses, {"cpu.data": 40, "total": 40})
        self.assertEqual(stats.get(self.block, "system.cache.misses::cpu.data"), 40)

    def test_stat_that_is_also_a_group(self):
        bus = self.block["system"]["bus"]
        self.assertEqual(bus[""], 7)
        self.assertTrue(math.isnan(bus["util"]))
        self.assertEqual(stats.get(self.block, "system.bus"), 7)

    def test_units(self):
        self.assertEqual(
            self.block.meta("system.cpu.ipc"),
            ("IPC (Count/Cycle)", "(Count/Cycle)"),
        )
        self.assertEqual(self.block.meta("system.bare"), ("", None))

    def test_empty_text(self):
        self.assertEqual(stats.parse(""), [])
        self.assertEqual(stats.parse("\n\n"), [])


class ErrorTest(unittest.TestCase):
    def assertParseError(self, text, lineno, message):
        with self.assertRaises(stats.StatsParseError) as ctx:
            stats.parse(text)
        self.assertIsInstance(ctx.exception, ValueError)
        self.assertEqual(ctx.exception.lineno, lineno)
        self.assertIn(f"line {lineno}:", str(ctx.exception))
        self.assertRegex(str(ctx.exception), message)

    def test_not_a_stats_file(self):
        self.assertParseError("[root]\ntype=Root\n", 1, "not a stats file")
        self.assertParseError("\n\nhello world\n", 3, "not a stats file")

    def test_truncated_block(self):
        text = "".join(read_text(HELLO_ATOMIC).splitlines(True)[:40])
        self.assertParseError(text, 2, "no 'End Simulation Statistics'")

    def test_truncated_line(self):
        text = f"{BEGIN}\nsimTicks 100 # Ticks (Tick)\nsystem.cpu.numCyc"
        self.assertParseError(text, 3, "expected 'name value")

    def test_missing_end_before_next_begin(self):
        text = f"{BEGIN}\nsimTicks 1 # T (Tick)\n{BEGIN}\n{END}\n"
        self.assertParseError(text, 3, "block opened at line 1")

    def test_end_without_begin(self):
        text = f"{BEGIN}\n{END}\n{END}\n"
        self.assertParseError(text, 3, "without a matching 'Begin'")

    def test_text_between_blocks(self):
        text = f"{BEGIN}\n{END}\nstray 1\n{BEGIN}\n{END}\n"
        self.assertParseError(text, 3, "text between blocks")

    def test_bad_value(self):
        text = f"{BEGIN}\nsimTicks 1 # T (Tick)\nsimInsts lots # I (Count)\n{END}\n"
        self.assertParseError(text, 3, "bad value 'lots' for simInsts")

    def test_duplicate_name(self):
        text = f"{BEGIN}\nsimTicks 1\nsimTicks 2\n{END}\n"
        self.assertParseError(text, 3, "appears twice.*line 2")

    def test_file_name_in_message(self):
        with tempfile.TemporaryDirectory() as tmp:
            path = Path(tmp) / "config.ini"
            path.write_text(CONFIG_INI)
            with self.assertRaisesRegex(ValueError, r"config\.ini: line 2: "):
                stats.parse_file(path)

    def test_missing_file(self):
        with self.assertRaises(FileNotFoundError):
            stats.parse_file(DATA / "no_such_stats.txt")


class DataFrameTest(unittest.TestCase):
    @unittest.skipUnless(HAVE_PANDAS, "pandas is not installed")
    def test_to_dataframe(self):
        blocks = stats.parse_file(DUMP2)
        frame = stats.to_dataframe(blocks)
        self.assertEqual(list(frame.columns), [0, 1, 2])
        self.assertEqual(list(frame.index), list(blocks[0].stats))
        self.assertEqual(list(frame.loc["simInsts"]), [38833, 58841, 61084])

    @unittest.skipUnless(HAVE_PANDAS, "pandas is not installed")
    def test_to_dataframe_union_of_names(self):
        blocks = stats.parse_file(HELLO_ATOMIC) + stats.parse_file(HELLO_TIMING)
        frame = stats.to_dataframe(blocks)
        self.assertTrue(math.isnan(frame.loc["system.membus.transDist::ReadReq", 0]))
        self.assertEqual(frame.loc["system.membus.transDist::ReadReq", 1], 46736)

    def test_without_pandas(self):
        blocks = stats.parse_file(HELLO_ATOMIC)
        with mock.patch.dict(sys.modules, {"pandas": None}):
            with self.assertRaisesRegex(ImportError, "needs pandas"):
                stats.to_dataframe(blocks)


class CliTest(unittest.TestCase):
    def test_grep(self):
        status, out, err = run_cli(HELLO_ATOMIC, "--grep", r"commitStats0\.num")
        self.assertEqual((status, err), (0, ""))
        rows = [line.split() for line in out.splitlines()]
        self.assertEqual(
            rows,
            [
                ["system.cpu.commitStats0.numInsts", "31992"],
                ["system.cpu.commitStats0.numOps", "31992"],
                ["system.cpu.commitStats0.numMemRefs", "9959"],
                ["system.cpu.commitStats0.numLoadInsts", "7038"],
                ["system.cpu.commitStats0.numStoreInsts", "2921"],
            ],
        )

    def test_all_stats_of_last_block_by_default(self):
        status, out, _ = run_cli(DUMP2)
        self.assertEqual(status, 0)
        blocks = stats.parse_file(DUMP2)
        rows = [line.split() for line in out.splitlines()]
        self.assertEqual(rows, [[s.name, s.text] for s in blocks[-1].stats.values()])

    def test_block_option(self):
        for block, insts in [(0, "38833"), (1, "58841"), (-1, "61084")]:
            status, out, _ = run_cli(DUMP2, "--block", block, "--grep", "^simInsts$")
            self.assertEqual((status, out.split()), (0, ["simInsts", insts]))

    def test_values_printed_as_in_file(self):
        _, out, _ = run_cli(HELLO_L2, "--grep", "^simSeconds$|missRate::total$")
        self.assertIn("0.000091", out.split())
        self.assertIn("nan", out.split())

    def test_diff(self):
        status, out, err = run_cli(
            HELLO_ATOMIC, "--diff", HELLO_TIMING, "--grep", r"^sim|ReadReq$"
        )
        self.assertEqual((status, err), (0, ""))
        rows = [line.split() for line in out.splitlines()]
        self.assertEqual(
            rows,
            [
                ["name", "this", "other", "change"],
                ["simSeconds", "0.000016", "0.001937", "+12006.25%"],
                ["simTicks", "15995500", "1937442000", "+12012.42%"],
                ["system.membus.transDist::ReadReq", "-", "46736", "n/a"],
            ],
        )

    def test_diff_lists_every_differing_stat(self):
        _, out, _ = run_cli(HELLO_ATOMIC, "--diff", HELLO_TIMING)
        names = {line.split()[0] for line in out.splitlines()[1:]}
        a = stats.flatten(stats.parse_file(HELLO_ATOMIC)[0])
        b = stats.flatten(stats.parse_file(HELLO_TIMING)[0])
        expected = {
            n
            for n in set(a) | set(b)
            if not n.startswith("host") and a.get(n) != b.get(n)
        }
        self.assertEqual(names, expected)
        self.assertIn("system.cpu.numCycles", names)

    def test_diff_host_stats(self):
        _, out, _ = run_cli(DUMP2, "--diff", HELLO_TIMING)
        self.assertIn("simInsts", out)
        self.assertNotIn("host", out)
        _, out, _ = run_cli(DUMP2, "--diff", HELLO_TIMING, "--grep", "^host")
        self.assertEqual(out, "")
        _, out, _ = run_cli(
            HELLO_ATOMIC, "--diff", HELLO_TIMING, "--grep", "^host", "--host"
        )
        self.assertIn("hostSeconds", out)

    def test_diff_identical_is_empty(self):
        self.assertEqual(run_cli(HELLO_L2, "--diff", HELLO_L2), (0, "", ""))

    def test_missing_file(self):
        status, out, err = run_cli(DATA / "nope.txt")
        self.assertEqual((status, out), (1, ""))
        self.assertIn("nope.txt: no such file", err)
        status, _, err = run_cli(HELLO_ATOMIC, "--diff", DATA / "nope.txt")
        self.assertEqual(status, 1)
        self.assertIn("nope.txt: no such file", err)

    def test_bad_file(self):
        with tempfile.TemporaryDirectory() as tmp:
            path = Path(tmp) / "config.ini"
            path.write_text(CONFIG_INI)
            status, out, err = run_cli(path)
            self.assertEqual((status, out), (1, ""))
            self.assertRegex(
                err, r"^sim stats: error: .*config\.ini: line 2: not a stats file"
            )
            lines = read_text(DUMP2).splitlines(True)
            path.write_text("".join(lines[:40]))
            status, out, err = run_cli(path)
            self.assertEqual((status, out), (1, ""))
            self.assertRegex(err, r"line 2: the block opened here has no 'End")
            path.write_text("".join(lines[:40]) + lines[40][:7])
            status, out, err = run_cli(path)
            self.assertEqual((status, out), (1, ""))
            self.assertRegex(err, r"line 41: expected 'name value")

    def test_block_out_of_range(self):
        status, _, err = run_cli(DUMP2, "--block", 3)
        self.assertEqual(status, 1)
        self.assertIn("no block 3 (the file has 3 blocks", err)

    def test_bad_pattern(self):
        status, _, err = run_cli(HELLO_ATOMIC, "--grep", "(")
        self.assertEqual(status, 1)
        self.assertIn("bad --grep pattern", err)

    def test_run_as_module(self):
        env = dict(os.environ, PYTHONPATH=str(DATA.parents[1]))
        command = [sys.executable, "-m", "sim.stats.cli", str(HELLO_ATOMIC)]
        proc = subprocess.run(
            command + ["--grep", "^simInsts$"],
            env=env,
            capture_output=True,
            text=True,
            check=False,
        )
        self.assertEqual(proc.returncode, 0)
        self.assertEqual(proc.stdout.split(), ["simInsts", "31992"])
        proc = subprocess.run(
            [sys.executable, "-m", "sim.stats.cli", str(DATA / "nope.txt")],
            env=env,
            capture_output=True,
            text=True,
            check=False,
        )
        self.assertEqual(proc.returncode, 1)
        self.assertIn("no such file", proc.stderr)


if __name__ == "__main__":
    unittest.main()
