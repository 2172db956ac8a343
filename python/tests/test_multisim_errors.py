"""A real multisim run of two simulations, one with a bad cache size: the
parameter error raised in its worker process reaches the caller as that error
(same class, path and message), the other simulation still runs, and
non-string workload arguments reach the guest as their ``str()`` (as gem5's
``Process.cmd``, a ``VectorParam.String``, converts them). Also the error
classes survive pickling, which is how they cross the process pool."""

import importlib.util
import pickle
import subprocess
import sys
import tempfile
import textwrap
import unittest
from pathlib import Path

from tests.test_configs_e2e import PYTHON_DIR, REPO, _native_available

from sim.errors import MissingFileError, ParamError, ParamTypeError, UnsupportedError, UsageError
from sim.objects.ports import PortError
from sim.objects.simobject import UnknownAttributeError
from sim.utils.multisim.multisim import MultiSimError

ARGV_ENV = REPO / "guest" / "build" / "riscv64" / "argv_env"

SKIP = None
if not _native_available():
    SKIP = "sim._native is not built (maturin develop in python/)"
elif not ARGV_ENV.is_file():
    SKIP = "guest programs are not built (bash guest/build.sh)"
elif importlib.util.find_spec("sim.m5") is None:
    SKIP = "sim.m5 (gem5's m5 API) is not there yet"

SCRIPT = textwrap.dedent(
    """
    import sim.utils.multisim as multisim
    from sim.components.boards.simple_board import SimpleBoard
    from sim.components.cachehierarchies.classic.private_l1_private_l2_cache_hierarchy import (
        PrivateL1PrivateL2CacheHierarchy,
    )
    from sim.components.memory import SingleChannelSimpleMemory
    from sim.components.processors.cpu_types import CPUTypes
    from sim.components.processors.simple_processor import SimpleProcessor
    from sim.resources.resource import BinaryResource
    from sim.simulate.simulator import Simulator

    multisim.set_num_processes(2)
    for size in ["4KiB", "5KiB"]:
        board = SimpleBoard(
            clk_freq="1GHz",
            processor=SimpleProcessor(cpu_type=CPUTypes.ATOMIC, num_cores=1),
            memory=SingleChannelSimpleMemory(size="64MiB"),
            cache_hierarchy=PrivateL1PrivateL2CacheHierarchy(
                l1d_size=size, l1i_size="4KiB", l2_size="64KiB"
            ),
        )
        board.set_se_binary_workload(
            BinaryResource(local_path=BINARY), arguments=[7, 2.5, "x"]
        )
        multisim.add_simulator(Simulator(board=board, id=f"l1d_{size}"))
    """
)

DRIVER = textwrap.dedent(
    """
    import sys
    from sim import _runtime
    from sim.utils.multisim import multisim
    _runtime.set_outdir(sys.argv[2])
    try:
        multisim.run(sys.argv[1])
    except Exception as err:
        print("RAISED", type(err).__module__, type(err).__name__, flush=True)
        print("PATH", getattr(err, "path", None), flush=True)
        print("NOTES", getattr(err, "__notes__", None), flush=True)
    else:
        print("RAISED nothing", flush=True)
    """
)


class PickleTest(unittest.TestCase):
    def test_errors_round_trip(self):
        for err in [
            ParamError("board.memory.size", "is 3; allowed: sizes"),
            ParamTypeError("a.b", "expected a list"),
            UnsupportedError("a.c", "not yet"),
            MissingFileError("a.d", "no such file"),
            PortError("board.x.port", "bound twice"),
            UnknownAttributeError("board.y", "no such attribute"),
        ]:
            back = pickle.loads(pickle.dumps(err))
            self.assertIs(type(back), type(err))
            self.assertEqual((back.path, back.problem, str(back)),
                             (err.path, err.problem, str(err)))
        usage = pickle.loads(pickle.dumps(UsageError("run() twice")))
        self.assertEqual(str(usage), "run() twice")
        failures = MultiSimError({"a": "boom", "b": "Traceback..."}, {"a": ParamError("p", "q")})
        back = pickle.loads(pickle.dumps(failures))
        self.assertEqual(back.failures, failures.failures)
        self.assertEqual(str(back.errors["a"]), "p: q")


@unittest.skipIf(SKIP, SKIP)
class WorkerErrorTest(unittest.TestCase):
    def test_bad_parameter_in_a_worker_reaches_the_caller(self):
        with tempfile.TemporaryDirectory() as tmp:
            script = Path(tmp) / "sweep.py"
            script.write_text(f"BINARY = {str(ARGV_ENV)!r}\n" + SCRIPT)
            out = Path(tmp) / "out"
            proc = subprocess.run(
                [sys.executable, "-c", DRIVER, str(script), str(out)],
                cwd=str(PYTHON_DIR), capture_output=True, text=True, timeout=600,
            )
            self.assertEqual(proc.returncode, 0, proc.stderr)
            lines = proc.stdout.splitlines()
            self.assertIn("RAISED sim.errors ParamError", lines, proc.stdout + proc.stderr)
            path = [line for line in lines if line.startswith("PATH ")][0]
            self.assertTrue(path.endswith(".size"), path)
            self.assertIn("cache_hierarchy", path)
            self.assertIn("l1d_5KiB", [line for line in lines if line.startswith("NOTES")][0])
            # The good simulation ran, with its arguments as strings.
            self.assertIn("argv[1]=[7] len=1", lines)
            self.assertIn("argv[2]=[2.5] len=3", lines)
            self.assertIn("argv[3]=[x] len=1", lines)
            self.assertTrue((out / "l1d_4KiB" / "stats.txt").is_file())
            self.assertFalse((out / "l1d_5KiB" / "stats.txt").exists())


if __name__ == "__main__":
    unittest.main()
