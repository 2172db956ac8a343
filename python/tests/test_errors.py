"""Errors a script causes through the API: ``sim run`` prints each as one line,
``sim run: error: <parameter path>: <problem> (at SCRIPT:LINE)``, printed once
and without a traceback, while errors in the script's own code keep theirs.

The end-to-end cases run ``python -m sim run`` on tiny scripts with the real
simulator (skipped without ``sim._native`` or the guest programs); the rest
checks the error classes in-process.
"""

import importlib.util
import os
import pickle
import subprocess
import sys
import tempfile
import textwrap
import unittest
from pathlib import Path

import sim
from sim import errors

REPO = Path(__file__).resolve().parents[2]
HELLO = REPO / "guest" / "build" / "riscv64" / "hello"
M5_WORK = REPO / "guest" / "build" / "riscv64" / "m5_work"


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

PRELUDE = textwrap.dedent(
    f"""
    import sys
    from sim.components.boards.simple_board import SimpleBoard
    from sim.components.cachehierarchies.classic.no_cache import NoCache
    from sim.components.memory import SingleChannelSimpleMemory
    from sim.components.processors.cpu_types import CPUTypes, get_cpu_type_from_str
    from sim.components.processors.simple_processor import SimpleProcessor
    from sim.resources.resource import BinaryResource
    from sim.simulate.exit_event import ExitEvent
    from sim.simulate.simulator import Simulator

    def board(binary={str(HELLO)!r}, arguments=(), cpu=CPUTypes.ATOMIC, cores=1,
              size="64MiB", clk="1GHz"):
        b = SimpleBoard(clk, SimpleProcessor(cpu, cores), SingleChannelSimpleMemory(size=size),
                        NoCache())
        if isinstance(binary, str):
            binary = BinaryResource(local_path=binary)
        if binary is not None:
            b.set_se_binary_workload(binary, arguments=list(arguments))
        return b
    """
)

# name: (script body after PRELUDE, parameter path, text of the problem)
CASES = {
    "missing binary": (
        'board(binary="/nonexistent/prog")',
        "BinaryResource.local_path",
        "does not exist",
    ),
    "non-ELF binary": (
        "Simulator(board=board(binary=sys.argv[1] + '/text.txt')).run()",
        "board.workload.binary",
        "not an ELF",
    ),
    "truncated ELF": (
        "Simulator(board=board(binary=sys.argv[1] + '/short.elf')).run()",
        "workload.cmd",
        "truncated ELF",
    ),
    "directory as a binary path": (
        "b = board(binary=None); b.set_se_binary_workload(sys.argv[1]); "
        "Simulator(board=b).run()",
        "board.workload.binary",
        "is a directory",
    ),
    "arguments=12345": (
        "b = board(binary=None); b.set_se_binary_workload(BinaryResource(local_path="
        f"{str(HELLO)!r}), arguments=12345)",
        "board.workload.arguments",
        "expected a list, got 12345",
    ),
    "max_ticks=-1": (
        "Simulator(board=board(), max_ticks=-1)",
        "simulator.max_ticks",
        "is -1",
    ),
    "max_ticks='soon'": (
        "Simulator(board=board(), max_ticks='soon')",
        "simulator.max_ticks",
        "got 'soon'",
    ),
    "unknown CPU type string": (
        "get_cpu_type_from_str('bogus')",
        "cpu_type",
        "'bogus' does not correspond to a known CPU type",
    ),
    "unknown CPU type in the processor": (
        "SimpleProcessor('bogus', 1)",
        "board.processor.cpu_type",
        "'bogus' does not correspond",
    ),
    "num_cores of the wrong type": (
        "Simulator(board=board(cores='2')).run()",
        "board.processor.num_cores",
        "expected an integer, got '2'",
    ),
    "memory size of the wrong type": (
        "Simulator(board=board(size=1.5)).run()",
        "board.memory.size",
        "1.5 is not a valid MemorySize",
    ),
    "clock that is not one": (
        "Simulator(board=board(clk='fast')).run()",
        "board.clk_domain.clock",
        "'fast'",
    ),
    "not a board": (
        "Simulator(board=42)",
        "simulator.board",
        "got 42",
    ),
    "bad exit event handler": (
        "Simulator(board=board(), on_exit_event={ExitEvent.EXIT: 42})",
        "simulator.on_exit_event",
        "got 42",
    ),
    "run() inside an exit handler": (
        textwrap.dedent(
            f"""
            def again():
                while True:
                    simulator.run()
                    yield False
            simulator = Simulator(board=board(binary={str(M5_WORK)!r}),
                                  on_exit_event={{ExitEvent.WORKBEGIN: again()}})
            simulator.run()
            """
        ),
        "Simulator.run()",
        "inside an exit event handler",
    ),
}


#: Cases found only when the board is instantiated and run (through sim.m5).
NEEDS_M5 = {"non-ELF binary", "truncated ELF", "directory as a binary path",
            "run() inside an exit handler"}
HAS_M5 = importlib.util.find_spec("sim.m5") is not None


def run_sim(*args, cwd):
    """``python -m sim ARGS`` with this checkout's package; CompletedProcess."""
    env = dict(os.environ, PYTHONPATH=str(REPO / "python"))
    env.pop("SIM_OUTDIR", None)
    return subprocess.run(
        [sys.executable, "-m", "sim", *map(str, args)],
        cwd=cwd, env=env, capture_output=True, text=True, timeout=300,
    )


@unittest.skipIf(SKIP, SKIP)
class RunErrorsTest(unittest.TestCase):
    def setUp(self):
        self.tmp = tempfile.TemporaryDirectory()
        self.dir = Path(self.tmp.name)
        (self.dir / "text.txt").write_text("just text, no program\n")
        (self.dir / "short.elf").write_bytes(HELLO.read_bytes()[:20])

    def tearDown(self):
        self.tmp.cleanup()

    def run_script(self, body, *extra):
        script = self.dir / "script.py"
        script.write_text(PRELUDE + "\n" + body + "\n")
        return run_sim("run", "-d", self.dir / "out", *extra, script, self.dir, cwd=self.dir)

    def assert_one_line(self, proc, path, problem):
        err = proc.stderr
        self.assertEqual(proc.returncode, 1, err)
        self.assertNotIn("Traceback", err)
        lines = err.strip().splitlines()
        self.assertEqual(len(lines), 1, f"expected one line:\n{err}")
        self.assertTrue(lines[0].startswith("sim run: error: "), err)
        self.assertIn(path, lines[0])
        self.assertIn(problem, lines[0])
        self.assertEqual(lines[0].count(problem), 1, f"printed more than once: {err}")

    def test_each_case_is_one_line_naming_the_parameter(self):
        for name, (body, path, problem) in CASES.items():
            with self.subTest(name):
                if name in NEEDS_M5 and not HAS_M5:
                    self.skipTest("sim.m5 (gem5's m5 API) is not there yet")
                proc = self.run_script(body)
                self.assert_one_line(proc, path, problem)
                self.assertIn("(at ", proc.stderr, "the script line is named")

    def test_multisim_without_simulators(self):
        proc = self.run_script("print('no simulators here')", "--multisim")
        self.assert_one_line(proc, "script.py", "added no simulators")

    def test_errors_in_the_script_itself_keep_their_traceback(self):
        proc = self.run_script("def helper():\n    return 1 / 0\nhelper()")
        self.assertEqual(proc.returncode, 1)
        self.assertIn("Traceback", proc.stderr)
        self.assertIn("ZeroDivisionError", proc.stderr)
        self.assertIn("helper()", proc.stderr)


class ErrorClassesTest(unittest.TestCase):
    def test_built_in_bases_are_kept(self):
        self.assertTrue(issubclass(errors.ParamError, ValueError))
        self.assertTrue(issubclass(errors.ParamTypeError, TypeError))
        self.assertTrue(issubclass(errors.UnsupportedError, NotImplementedError))
        self.assertTrue(issubclass(errors.MissingFileError, FileNotFoundError))
        self.assertTrue(issubclass(errors.UsageError, RuntimeError))
        for cls in (errors.ParamError, errors.UsageError, errors.MissingFileError):
            self.assertTrue(issubclass(cls, sim.SimError))

    def test_message_and_pickling(self):
        for cls in (errors.ParamError, errors.ParamTypeError, errors.MissingFileError):
            err = cls("board.memory.size", "bad")
            self.assertEqual(str(err), "board.memory.size: bad")
            copy = pickle.loads(pickle.dumps(err))
            self.assertIs(type(copy), cls)
            self.assertEqual((copy.path, str(copy)), (err.path, str(err)))

    def test_missing_resource_path(self):
        from sim.resources.resource import BinaryResource

        with self.assertRaises(errors.MissingFileError) as ctx:
            BinaryResource(local_path="/nonexistent/prog")
        self.assertEqual(ctx.exception.path, "BinaryResource.local_path")
        with self.assertRaises(errors.ParamTypeError):
            BinaryResource(local_path=42)


if __name__ == "__main__":
    unittest.main()
