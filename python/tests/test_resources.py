"""obtain_resource and the local catalog: lookup by id, the error listing known
ids, SIM_RESOURCE_DIR, workloads, and the resource classes' path checks."""

import json
import os
import tempfile
import unittest
from pathlib import Path
from unittest import mock

from sim.isas import ISA
from sim.resources import client
from sim.resources.resource import (
    BinaryResource,
    DiskImageResource,
    KernelResource,
    Resource,
    WorkloadResource,
    obtain_resource,
)


class CatalogTest(unittest.TestCase):
    def setUp(self):
        self.tmp = tempfile.TemporaryDirectory()
        root = Path(self.tmp.name)
        (root / "riscv64").mkdir()
        (root / "riscv64" / "hello").write_bytes(b"\x7fELF")
        (root / "index").mkdir()
        self.dir = root / "index"
        catalog = {
            "resources": [
                {"id": "riscv-hello", "category": "binary", "path": "../riscv64/hello",
                 "isa": "riscv", "description": "hello world"},
                {"id": "riscv-gone", "category": "binary", "path": "../riscv64/gone"},
                {"id": "hello-workload", "category": "workload",
                 "function": "set_se_binary_workload",
                 "resources": {"binary": "riscv-hello"},
                 "additional_params": {"arguments": ["x"]}},
            ]
        }
        (self.dir / "resources.json").write_text(json.dumps(catalog))

    def tearDown(self):
        self.tmp.cleanup()

    def test_binary_by_id(self):
        res = obtain_resource("riscv-hello", resource_directory=str(self.dir))
        self.assertIsInstance(res, BinaryResource)
        self.assertEqual(Path(res.get_local_path()), (self.dir.parent / "riscv64/hello").resolve())
        self.assertIs(res.get_architecture(), ISA.RISCV)
        self.assertEqual(res.get_description(), "hello world")
        self.assertEqual(res.get_id(), "riscv-hello")

    def test_deprecated_resource_function(self):
        import contextlib
        import io

        err = io.StringIO()
        with contextlib.redirect_stderr(err):
            res = Resource("riscv-hello", resource_directory=str(self.dir))
        self.assertIsInstance(res, BinaryResource)
        self.assertEqual(res.get_id(), "riscv-hello")
        self.assertIn("`Resource` has been deprecated", err.getvalue())

    def test_environment_variable(self):
        with mock.patch.dict(os.environ, {client.RESOURCE_DIR_ENV: str(self.dir)}):
            self.assertIsInstance(obtain_resource("riscv-hello"), BinaryResource)

    def test_unknown_id_lists_known_ids(self):
        with self.assertRaises(client.ResourceNotFoundError) as ctx:
            obtain_resource("x86-hello", resource_directory=str(self.dir))
        message = str(ctx.exception)
        self.assertIn("x86-hello", message)
        self.assertIn("riscv-hello", message)
        self.assertIn("hello-workload", message)

    def test_missing_file_and_catalog(self):
        with self.assertRaisesRegex(client.ResourceNotFoundError, "does not exist"):
            obtain_resource("riscv-gone", resource_directory=str(self.dir))
        with self.assertRaisesRegex(client.ResourceNotFoundError, "guest/build.sh"):
            obtain_resource("riscv-hello", resource_directory=self.tmp.name + "/nowhere")

    def test_workload(self):
        wl = obtain_resource("hello-workload", resource_directory=str(self.dir))
        self.assertIsInstance(wl, WorkloadResource)
        self.assertEqual(wl.get_function_str(), "set_se_binary_workload")
        self.assertIsInstance(wl.get_parameters()["binary"], BinaryResource)
        self.assertEqual(wl.get_parameters()["arguments"], ["x"])

    def test_default_directory_is_the_guest_build(self):
        repo = Path(__file__).resolve().parents[2]
        self.assertEqual(client.default_resource_dir(), repo / "guest/build/resources")

    def test_classes_check_local_path(self):
        binary = self.dir.parent / "riscv64/hello"
        self.assertEqual(BinaryResource(local_path=str(binary)).get_local_path(), str(binary))
        self.assertIsInstance(KernelResource(local_path=str(binary)), BinaryResource)
        self.assertIsNone(DiskImageResource(local_path=str(binary)).get_root_partition())
        with self.assertRaises(FileNotFoundError):
            BinaryResource(local_path=str(self.dir / "nothing"))


if __name__ == "__main__":
    unittest.main()
