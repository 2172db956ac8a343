"""``sim.stats.parse_file`` and ``sim stats`` refuse paths that are not regular
files without opening them (a FIFO would block, a device never ends), and read
at most ``max_bytes`` of text (decompressed, for .gz)."""

import contextlib
import gzip
import io
import os
import shutil
import tempfile
import unittest
from pathlib import Path

from sim import stats
from sim.stats import cli

DATA = Path(__file__).resolve().parent / "data"
SAMPLE = DATA / "hello_atomic.txt"


class StatsFilesTest(unittest.TestCase):
    def setUp(self):
        self.tmp = tempfile.TemporaryDirectory()
        self.dir = Path(self.tmp.name)

    def tearDown(self):
        self.tmp.cleanup()

    def cli_error(self, *argv):
        err = io.StringIO()
        with contextlib.redirect_stderr(err), contextlib.redirect_stdout(io.StringIO()):
            code = cli.main(list(argv))
        return code, err.getvalue()

    def test_non_regular_files_are_refused(self):
        fifo = self.dir / "fifo"
        os.mkfifo(fifo)
        cases = [(fifo, "a FIFO"), (self.dir, "a directory"), ("/dev/zero", "a character device")]
        for path, kind in cases:
            with self.subTest(str(path)):
                with self.assertRaises(stats.StatsFileError) as ctx:
                    stats.parse_file(path)
                self.assertIn(f"{path} is {kind}", str(ctx.exception))
                code, err = self.cli_error(str(path))
                self.assertEqual(code, 1)
                self.assertEqual(err.count("\n"), 1, err)
                self.assertIn(kind, err)

    def test_size_bound(self):
        size = SAMPLE.stat().st_size
        self.assertTrue(stats.parse_file(SAMPLE, max_bytes=size))
        with self.assertRaisesRegex(stats.StatsFileError, f"more than {size - 1} bytes"):
            stats.parse_file(SAMPLE, max_bytes=size - 1)
        packed = self.dir / "stats.txt.gz"
        with open(SAMPLE, "rb") as src, gzip.open(packed, "wb") as dst:
            shutil.copyfileobj(src, dst)
        self.assertLess(packed.stat().st_size, size)
        self.assertTrue(stats.parse_file(packed, max_bytes=size))
        with self.assertRaises(stats.StatsFileError):
            stats.parse_file(packed, max_bytes=size - 1)


if __name__ == "__main__":
    unittest.main()
