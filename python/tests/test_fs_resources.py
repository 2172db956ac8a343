"""The full-system guest in the local catalog: extra index files
(``resources-*.json``) merge with ``resources.json``, and after
``bash guest/fs/build.sh`` the ids riscv-bootloader-opensbi, riscv-linux-kernel,
riscv-initramfs and riscv-disk-img resolve to files of the right kind."""

import json
import tempfile
import unittest
from pathlib import Path

from sim.resources import client
from sim.resources.resource import (
    BootloaderResource,
    DiskImageResource,
    FileResource,
    KernelResource,
    obtain_resource,
)

REPO = Path(__file__).resolve().parents[2]
FS_BUILD = REPO / "guest" / "build" / "fs"
FS_INDEX = REPO / "guest" / "build" / "resources" / "resources-fs.json"
FS_FILES = ["fw_jump.bin", "Image", "initramfs.cpio", "disk.img"]


class ExtraIndexTest(unittest.TestCase):
    def setUp(self):
        self.tmp = tempfile.TemporaryDirectory()
        self.dir = Path(self.tmp.name)
        (self.dir / "disk.img").write_bytes(b"\0" * 1024)
        (self.dir / "hello").write_bytes(b"\x7fELF")

    def tearDown(self):
        self.tmp.cleanup()

    def write(self, name, entries):
        (self.dir / name).write_text(json.dumps({"resources": entries}))

    def test_extra_index_alone_and_merged(self):
        self.write("resources-fs.json", [
            {"id": "disk", "category": "disk-image", "path": "disk.img",
             "root_partition": 1, "build": "bash guest/fs/build.sh"},
            {"id": "gone", "category": "kernel", "path": "Image",
             "build": "bash guest/fs/build.sh"},
        ])
        disk = obtain_resource("disk", resource_directory=str(self.dir))
        self.assertIsInstance(disk, DiskImageResource)
        self.assertEqual(disk.get_root_partition(), "1")
        with self.assertRaisesRegex(client.ResourceNotFoundError, "guest/fs/build.sh"):
            obtain_resource("gone", resource_directory=str(self.dir))
        self.write("resources.json", [{"id": "hello", "category": "binary", "path": "hello"}])
        ids = [e["id"] for e in client.load_catalog(str(self.dir))]
        self.assertEqual(ids, ["hello", "disk", "gone"])

    def test_no_index_names_both_build_commands(self):
        with self.assertRaisesRegex(client.ResourceNotFoundError, "guest/fs/build.sh"):
            client.load_catalog(str(self.dir))


@unittest.skipUnless(
    FS_INDEX.is_file() and all((FS_BUILD / f).is_file() for f in FS_FILES),
    "the full-system guest is not built: run `bash guest/fs/build.sh`",
)
class BuiltGuestTest(unittest.TestCase):
    """The catalog entries written by guest/fs/build.sh, checked against the files."""

    def get(self, rid):
        return obtain_resource(rid, resource_directory=str(FS_INDEX.parent))

    def head(self, resource, n, offset=0):
        with open(resource.get_local_path(), "rb") as f:
            f.seek(offset)
            return f.read(n)

    def test_bootloader_is_opensbi(self):
        sbi = self.get("riscv-bootloader-opensbi")
        self.assertIsInstance(sbi, BootloaderResource)
        self.assertEqual(sbi.get_architecture().name, "RISCV")
        with open(sbi.get_local_path(), "rb") as f:
            self.assertIn(b"OpenSBI", f.read())

    def test_kernel_is_a_riscv_image(self):
        kernel = self.get("riscv-linux-kernel")
        self.assertIsInstance(kernel, KernelResource)
        # The RISC-V Image header: magic2 "RSC\x05" at 0x38, text offset 2 MiB at 0x08.
        self.assertEqual(self.head(kernel, 4, 0x38), b"RSC\x05")
        self.assertEqual(int.from_bytes(self.head(kernel, 8, 0x08), "little"), 0x200000)

    def test_initramfs_is_a_newc_cpio_with_init(self):
        initramfs = self.get("riscv-initramfs")
        self.assertIsInstance(initramfs, FileResource)
        self.assertEqual(self.head(initramfs, 6), b"070701")
        with open(initramfs.get_local_path(), "rb") as f:
            data = f.read()
        for name in (b"init\0", b"bin/busybox\0", b"bin/m5\0", b"-ext4.ko\0", b"-virtio_blk.ko\0"):
            self.assertIn(name, data)

    def test_disk_is_a_bare_ext4_file_system(self):
        disk = self.get("riscv-disk-img")
        self.assertIsInstance(disk, DiskImageResource)
        self.assertIsNone(disk.get_root_partition())
        # The ext2/3/4 superblock magic 0xEF53 at byte 1024 + 56.
        self.assertEqual(self.head(disk, 2, 1080), b"\x53\xef")


if __name__ == "__main__":
    unittest.main()
