"""The ``sim`` command in-process, on fake native and ``m5`` modules: ``sim
run`` runs a script as ``__main__`` with its arguments, sets the output
directory, and reports parameter errors without a traceback."""

import contextlib
import io
import os
import tempfile
import textwrap
import unittest
from pathlib import Path
from unittest import mock

from tests.fake_m5 import FakeM5Mixin, riscv_elf
from tests.fake_native import FakeNativeMixin

from sim import _runtime, cli

SCRIPT = textwrap.dedent(
    """
    import sys
    from sim.components.boards.simple_board import SimpleBoard
    from sim.components.cachehierarchies.classic.private_l1_cache_hierarchy import (
        PrivateL1CacheHierarchy,
    )
    from sim.components.memory import SingleChannelSimpleMemory
    from sim.components.processors.cpu_types import CPUTypes
    from sim.components.processors.simple_processor import SimpleProcessor
    from sim.simulate.simulator import Simulator

    assert __name__ == "__main__"
    board = SimpleBoard("1GHz", SimpleProcessor(CPUTypes.ATOMIC, 1),
                        SingleChannelSimpleMemory(size="64MiB"),
                        PrivateL1CacheHierarchy(l1d_size=sys.argv[1], l1i_size="32KiB"))
    board.set_se_binary_workload(BINARY)
    Simulator(board=board).run()
    """
)


class RunCommandTest(FakeM5Mixin, FakeNativeMixin, unittest.TestCase):
    def setUp(self):
        super().setUp()
        self.tmp = tempfile.TemporaryDirectory()
        self.script = Path(self.tmp.name) / "config.py"
        self.script.write_text(f"BINARY = {riscv_elf()!r}\n" + SCRIPT)
        self.env = mock.patch.dict(os.environ, {})
        self.env.start()

    def tearDown(self):
        self.env.stop()
        self.tmp.cleanup()
        super().tearDown()

    def main(self, *argv):
        err = io.StringIO()
        with contextlib.redirect_stderr(err), mock.patch("sys.argv", ["sim"]):
            code = cli.main(list(argv))
        return code, err.getvalue()

    def test_run_script_with_outdir_and_final_dump(self):
        outdir = Path(self.tmp.name) / "out"
        code, _ = self.main("run", "-d", str(outdir), str(self.script), "32KiB")
        self.assertEqual(code, 0)
        self.assertEqual(self.m5.log.count("instantiate"), 1)
        l1d = self.m5.config["board"]["cache_hierarchy"]["l1dcaches"][0]
        self.assertEqual(l1d["size"], 32 << 10)
        self.assertEqual(os.environ[_runtime.OUTDIR_ENV], str(outdir))
        self.assertEqual(_runtime.outdir(), str(outdir))

    def test_parameter_error(self):
        code, err = self.main("run", str(self.script), "lots")
        self.assertEqual(code, 1)
        self.assertIn("sim run: error: board.cache_hierarchy.l1dcaches.size:", err)
        self.assertNotIn("Traceback", err)

    def test_usage_errors(self):
        code, err = self.main("run", str(self.script) + ".missing")
        self.assertEqual(code, 1)
        self.assertIn("no such script", err)
        with self.assertRaises(SystemExit) as ctx:
            self.main("run", "-p", "2", str(self.script))
        self.assertEqual(ctx.exception.code, 2)

    def test_other_commands_go_to_native(self):
        calls = []
        self.native.cli_main = lambda argv: calls.append(argv) or 3
        self.assertEqual(cli.main(["se", "--help"]), 3)
        self.assertEqual(calls, [["sim", "se", "--help"]])


if __name__ == "__main__":
    unittest.main()
