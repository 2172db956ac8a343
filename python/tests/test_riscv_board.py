"""gem5's stdlib ``RiscvBoard`` on the virt layout.

* The tree it makes (no simulation): devices at QEMU virt's addresses under
  ``board.platform`` and ``board.disk``, each on its own membus port after the
  memory, interrupt controllers sized for every hart, the workload node, the
  readfile, kernel arguments, errors naming parameter paths.
* Full-system exit events through the Simulator with a fake ``m5``: an
  ``m5 exit`` does not end a full-system run, KERNEL_PANIC does.
* End to end under ``sim run``: the bare-metal HTIF program, a RAM range not at
  0x8000_0000, and one boot of Debian's kernel from the disk image to the
  readfile script and back (about 3.4 G instructions on the atomic CPU).
  Set ``SIM_SLOW_TESTS=1`` for the slower ones (2 harts, a kernel panic).
"""

import contextlib
import hashlib
import io
import json
import os
import subprocess
import sys
import tempfile
import textwrap
import unittest
from pathlib import Path

import sim.objects as objects
from sim import _runtime
from sim.components.boards.riscv_board import RiscvBoard
from sim.components.cachehierarchies.classic.no_cache import NoCache
from sim.components.memory import SingleChannelSimpleMemory
from sim.components.processors.cpu_types import CPUTypes
from sim.components.processors.simple_processor import SimpleProcessor
from sim.errors import MissingFileError
from sim.isas import ISA
from sim.resources.resource import DiskImageResource, obtain_resource
from sim.simulate.exit_event import ExitEvent
from sim.simulate.simulator import Simulator

from tests.fake_m5 import FakeM5Mixin

try:
    from sim import _native  # noqa: F401

    HAVE_NATIVE = True
except ImportError:
    HAVE_NATIVE = False

REPO = Path(__file__).resolve().parents[2]
FS = REPO / "guest" / "build" / "fs"
MTEST = REPO / "guest" / "build" / "bare" / "mtest.elf"
FS_BUILT = all((FS / f).is_file() for f in ("fw_jump.bin", "Image", "initramfs.cpio", "disk.img"))
SLOW = os.environ.get("SIM_SLOW_TESTS") == "1"
M5_EXIT = ("m5_exit instruction encountered", 0)
SIM_SECOND = 10**12  # ticks


def make_fs_board(cores=1, size="512MiB"):
    return RiscvBoard(
        clk_freq="1GHz",
        processor=SimpleProcessor(cpu_type=CPUTypes.ATOMIC, isa=ISA.RISCV, num_cores=cores),
        memory=SingleChannelSimpleMemory(size=size),
        cache_hierarchy=NoCache(),
    )


class Files:
    """Stand-ins for the firmware, kernel, initramfs and disk (never run)."""

    def __init__(self, tmp: Path):
        self.dir = tmp
        for name in ("fw.bin", "Image", "initrd.cpio", "disk.img"):
            (tmp / name).write_bytes(b"\0" * 64)

    def __getattr__(self, name):
        return str(self.dir / {"fw": "fw.bin", "kernel": "Image", "initrd": "initrd.cpio",
                               "disk": "disk.img"}[name])


class TreeTest(unittest.TestCase):
    def setUp(self):
        self.tmp = tempfile.TemporaryDirectory()
        self.files = Files(Path(self.tmp.name))
        _runtime.set_outdir(str(Path(self.tmp.name) / "m5out"))

    def tearDown(self):
        _runtime.set_outdir(None)
        self.tmp.cleanup()

    def workload_board(self, cores=1, **kw):
        board = make_fs_board(cores)
        f = self.files
        board.set_kernel_disk_workload(kernel=f.kernel, disk_image=f.disk, bootloader=f.fw,
                                       initrd=f.initrd, **kw)
        return board

    def config_of(self, board):
        board._pre_instantiate()
        return objects.instantiate_tree(objects.Root(full_system=True, board=board))

    @unittest.skipUnless(HAVE_NATIVE, "units are parsed by sim._native (python/install.sh)")
    def test_devices_at_virt_addresses_each_on_a_membus_port_after_memory(self):
        tree = self.config_of(self.workload_board(cores=2))
        self.assertTrue(tree["full_system"])
        board = tree["board"]
        p = board["platform"]
        self.assertEqual(board["mem_ranges"], ["2147483648:2684354560"])
        self.assertEqual((p["clint"]["pio_addr"], p["clint"]["num_threads"]), (0x200_0000, 2))
        self.assertEqual(
            (p["plic"]["pio_addr"], p["plic"]["n_contexts"], p["plic"]["hart_config"]),
            (0xC00_0000, 4, "MS,MS"),
        )
        self.assertEqual((p["uart"]["pio_addr"], p["uart"]["interrupt_id"]), (0x1000_0000, 10))
        self.assertEqual(p["uart"]["device"], "board.platform.terminal")
        self.assertEqual((p["rtc"]["pio_addr"], p["rtc"]["interrupt_id"]), (0x10_1000, 11))
        self.assertEqual(p["syscon"]["pio_addr"], 0x10_0000)
        disk = board["disk"]
        self.assertEqual((disk["type"], disk["pio_addr"], disk["interrupt_id"]),
                         ("RiscvMmioVirtIO", 0x1000_1000, 1))
        image = disk["vio"]["image"]
        self.assertEqual(image["type"], "CowDiskImage")
        self.assertEqual((image["child"]["type"], image["child"]["read_only"],
                          image["child"]["image_file"]),
                         ("RawDiskImage", True, self.files.disk))
        membus = board["cache_hierarchy"]["membus"]
        peers = membus["mem_side_ports"]["peer"]
        self.assertTrue(peers[0].startswith("board.memory."), peers)
        self.assertEqual(peers[1:], [
            "board.platform.clint.pio", "board.platform.plic.pio", "board.platform.uart.pio",
            "board.platform.rtc.pio", "board.platform.syscon.pio", "board.disk.pio",
        ])

    @unittest.skipUnless(HAVE_NATIVE, "units are parsed by sim._native (python/install.sh)")
    def test_workload_node_has_gem5_addresses_and_ours(self):
        w = self.config_of(self.workload_board())["board"]["workload"]
        self.assertEqual(w["type"], "RiscvBootloaderKernelWorkload")
        self.assertEqual(
            (w["bootloader_filename"], w["object_file"], w["initrd_filename"]),
            (self.files.fw, self.files.kernel, self.files.initrd),
        )
        self.assertEqual((w["kernel_addr"], w["entry_point"], w["initrd_addr"], w["dtb_addr"]),
                         (0x8020_0000, 0x8000_0000, 0x8820_0000, 0))
        self.assertEqual(w["command_line"], "console=ttyS0 root=/dev/vda disk_device=/dev/vda rw")

    def test_readfile_contents_go_to_the_outdir(self):
        board = self.workload_board(readfile_contents="uname -a\n")
        path = Path(str(board.readfile))
        self.assertEqual(path.parent, Path(self.tmp.name) / "m5out")
        self.assertTrue(path.name.startswith("readfile_"))
        self.assertEqual(path.read_text(), "uname -a\n")
        other = self.workload_board(readfile_contents="true\n")
        self.assertNotEqual(str(other.readfile), str(path))

    def test_kernel_args_fill_root_from_the_partition(self):
        disk = DiskImageResource(local_path=self.files.disk, root_partition="1")
        board = make_fs_board()
        board.set_kernel_disk_workload(kernel=self.files.kernel, disk_image=disk,
                                       kernel_args=["console=ttyS0", "root={root_value}"])
        self.assertEqual(str(board.workload.command_line), "console=ttyS0 root=/dev/vda1")
        board.append_kernel_arg("quiet")
        self.assertEqual(str(board.workload.command_line), "console=ttyS0 root=/dev/vda1 quiet")
        self.assertTrue(board.is_fullsystem())

    def test_missing_files_name_the_parameter(self):
        f = self.files
        missing = str(Path(self.tmp.name) / "nothing")
        for kw, where in [
            (dict(kernel=missing), "board.workload.object_file"),
            (dict(disk_image=missing), "board.disk.vio.image.child.image_file"),
            (dict(bootloader=missing), "board.workload.bootloader_filename"),
            (dict(initrd=missing), "board.workload.initrd_filename"),
        ]:
            with self.subTest(where=where):
                args = dict(kernel=f.kernel, disk_image=f.disk, bootloader=f.fw, initrd=f.initrd)
                args.update(kw)
                with self.assertRaises(MissingFileError) as caught:
                    make_fs_board().set_kernel_disk_workload(**args)
                self.assertEqual(caught.exception.path, where)
                self.assertIn(missing, str(caught.exception))

    def test_set_workload_from_a_catalog_workload(self):
        catalog = Path(self.tmp.name)
        (catalog / "resources.json").write_text(json.dumps({"resources": [
            {"id": "fw", "category": "bootloader", "isa": "riscv", "path": "fw.bin"},
            {"id": "kernel", "category": "kernel", "isa": "riscv", "path": "Image"},
            {"id": "initrd", "category": "file", "path": "initrd.cpio"},
            {"id": "disk", "category": "disk-image", "path": "disk.img", "root_partition": None},
            {"id": "boot", "category": "workload", "function": "set_kernel_disk_workload",
             "resources": {"kernel": "kernel", "disk_image": "disk", "bootloader": "fw",
                           "initrd": "initrd"},
             "additional_params": {"readfile_contents": "echo hi\n"}},
        ]}))
        board = make_fs_board()
        board.set_workload(obtain_resource("boot", resource_directory=str(catalog)))
        self.assertTrue(board.is_fullsystem())
        self.assertEqual(str(board.workload.object_file), self.files.kernel)
        self.assertEqual(str(board.workload.initrd_filename), self.files.initrd)
        self.assertEqual(Path(str(board.readfile)).read_text(), "echo hi\n")

    @unittest.skipUnless(HAVE_NATIVE, "units are parsed by sim._native (python/install.sh)")
    def test_bare_metal_workload_has_no_disk_device(self):
        board = make_fs_board()
        board.set_bare_metal_workload(self.files.kernel)
        tree = self.config_of(board)["board"]
        self.assertEqual((tree["workload"]["type"], tree["workload"]["bootloader"]),
                         ("RiscvBareMetal", self.files.kernel))
        self.assertEqual(tree["disk"]["vio"]["type"], "VirtIODummyDevice")


class FullSystemExitsTest(FakeM5Mixin, unittest.TestCase):
    EVENTS = (M5_EXIT, M5_EXIT, ("workbegin", 0), ("workend", 0), M5_EXIT,
              ("Kernel panic in simulated system: Attempted to kill init!", 1))

    def setUp(self):
        super().setUp()
        self.tmp = tempfile.TemporaryDirectory()
        self.files = Files(Path(self.tmp.name))
        self.board = make_fs_board()
        self.board.set_kernel_disk_workload(kernel=self.files.kernel, disk_image=self.files.disk)

    def tearDown(self):
        self.tmp.cleanup()
        super().tearDown()

    def test_generator_continues_past_boot_exits(self):
        seen = []

        def on_exit():
            seen.append("init")
            yield False
            seen.append("after boot")
            yield False
            seen.append("readfile done")
            yield True

        sim = Simulator(board=self.board, on_exit_event={ExitEvent.EXIT: on_exit()})
        sim.run()
        self.assertEqual(seen, ["init", "after boot", "readfile done"])
        self.assertEqual([e for e, _ in sim.get_tick_stopwatch()], [
            ExitEvent.EXIT, ExitEvent.EXIT, ExitEvent.WORKBEGIN, ExitEvent.WORKEND,
            ExitEvent.EXIT])
        self.assertEqual([e.split("@")[0] for e in self.m5.log if "@" in e], ["reset", "dump"])
        self.assertEqual(sim.get_roi_ticks(), [1000])
        self.assertTrue(self.m5.root.full_system)
        # The kernel panic that follows ends the machine: nothing is left to run.
        sim.run()
        self.assertEqual(sim.get_last_exit_event_code(), 1)
        err = io.StringIO()
        with contextlib.redirect_stderr(err):
            sim.run()
        self.assertIn("nothing left to run", err.getvalue())

    def test_default_exit_stops_and_run_goes_on(self):
        sim = Simulator(board=self.board)
        sim.run()
        self.assertEqual(sim.get_current_tick(), 1000)
        sim.run()  # an m5 exit in full system is not the end of the machine
        self.assertEqual(sim.get_current_tick(), 2000)

    def test_function_list_form(self):
        calls = []
        sim = Simulator(board=self.board, on_exit_event={
            ExitEvent.EXIT: [lambda: calls.append(1), lambda: calls.append(2),
                             lambda: calls.append(3) or True],
            ExitEvent.KERNEL_PANIC: [lambda: calls.append("panic") or True],
        })
        sim.run()
        self.assertEqual(calls, [1, 2, 3])
        sim.run()
        self.assertEqual(calls, [1, 2, 3, "panic"])

    def test_kernel_panic_cause_translates(self):
        self.assertEqual(
            ExitEvent.translate_exit_status("Kernel panic in simulated system: VFS: oops"),
            ExitEvent.KERNEL_PANIC)
        self.assertEqual(ExitEvent.translate_exit_status("Kernel panic in simulated system."),
                         ExitEvent.KERNEL_PANIC)
        self.assertEqual(ExitEvent.KERNEL_PANIC.value, "kernel panic in simulated system")


def run_script(directory: Path, script: str, timeout=900):
    """``python -m sim run script.py`` in ``directory``; CompletedProcess."""
    path = directory / "script.py"
    path.write_text(textwrap.dedent(script))
    env = dict(os.environ, PYTHONPATH=str(REPO / "python"))
    env.pop("SIM_OUTDIR", None)
    return subprocess.run([sys.executable, "-m", "sim", "run", str(path)], cwd=directory,
                          env=env, capture_output=True, text=True, timeout=timeout)


BOARD = """
    import json
    from gem5.components.boards.riscv_board import RiscvBoard
    from gem5.components.cachehierarchies.classic.no_cache import NoCache
    from gem5.components.memory import SingleChannelDDR3_1600
    from gem5.components.processors.cpu_types import CPUTypes
    from gem5.components.processors.simple_processor import SimpleProcessor
    from gem5.isas import ISA
    from gem5.resources.resource import obtain_resource
    from gem5.simulate.exit_event import ExitEvent
    from gem5.simulate.simulator import Simulator

    board = RiscvBoard(
        clk_freq="1GHz",
        processor=SimpleProcessor(cpu_type=CPUTypes.ATOMIC, isa=ISA.RISCV, num_cores={cores}),
        memory=SingleChannelDDR3_1600("512MiB"),
        cache_hierarchy=NoCache(),
    )
"""


@unittest.skipUnless(HAVE_NATIVE, "sim._native is not built (python/install.sh)")
class EndToEndTest(unittest.TestCase):
    def setUp(self):
        self.tmp = tempfile.TemporaryDirectory()
        self.dir = Path(self.tmp.name)

    def tearDown(self):
        self.tmp.cleanup()

    def assert_ok(self, done):
        self.assertEqual(done.returncode, 0, done.stdout + done.stderr)

    @unittest.skipUnless(MTEST.is_file(), "guest/build/bare/mtest.elf is not built")
    def test_bare_metal_htif_program_ends_the_machine(self):
        done = run_script(self.dir, BOARD.format(cores=1) + f"""
    board.set_bare_metal_workload({str(MTEST)!r})
    sim = Simulator(board=board)
    sim.run()
    print("RESULT", sim.get_last_exit_event_cause(), sim.get_last_exit_event_code())
    sim.run()
    """)
        self.assert_ok(done)
        self.assertIn("RESULT HTIF exit (tohost) 0", done.stdout)
        self.assertIn("nothing left to run", done.stderr)
        ini = (self.dir / "m5out" / "config.ini").read_text()
        self.assertIn("[board.workload]\ntype=RiscvBareMetal\n", ini)

    @unittest.skipUnless(FS_BUILT, "the full-system guest is not built (bash guest/fs/build.sh)")
    def test_ram_not_at_dram_base_names_mem_ranges(self):
        done = run_script(self.dir, BOARD.format(cores=1) + """
    from gem5.utils.requires import requires
    from m5.objects import AddrRange
    board.mem_ranges = [AddrRange(0x40000000, size="512MiB")]
    board.get_memory().set_memory_range(board.mem_ranges)
    board.set_kernel_disk_workload(
        kernel=obtain_resource("riscv-linux-kernel"),
        disk_image=obtain_resource("riscv-disk-img"),
        bootloader=obtain_resource("riscv-bootloader-opensbi"))
    Simulator(board=board).run()
    """)
        self.assertEqual(done.returncode, 1, done.stdout + done.stderr)
        errors = [l for l in done.stderr.splitlines() if l.startswith("sim run: error: ")]
        self.assertEqual(len(errors), 1, done.stderr)
        self.assertIn("board.mem_ranges", errors[0])
        self.assertIn("0x80000000", errors[0])


BOOT = """
    board.set_kernel_disk_workload(
        kernel=obtain_resource("riscv-linux-kernel"),
        disk_image=obtain_resource("riscv-disk-img"),
        bootloader=obtain_resource("riscv-bootloader-opensbi"),
        initrd=obtain_resource("riscv-initramfs"),
        readfile_contents={readfile!r},
        kernel_args={kernel_args!r},
    )

    def on_exit():
        print("EXIT init started", flush=True)
        yield False
        print("EXIT after-boot script", flush=True)
        yield False
        print("EXIT readfile script done", flush=True)
        yield True

    sim = Simulator(board=board, on_exit_event={{ExitEvent.EXIT: on_exit()}},
                    max_ticks={max_ticks})
    sim.run()
    print("RESULT " + json.dumps({{
        "events": [e.name for e, _ in sim.get_tick_stopwatch()],
        "cause": sim.get_last_exit_event_cause(),
        "code": sim.get_last_exit_event_code(),
        "roi_ticks": sim.get_roi_ticks(),
        "tick": sim.get_current_tick(),
    }}))
"""

READFILE = """\
m5 workbegin
uname -a
echo written-on-the-disk > /root/pyfs-check.txt
sync
cat /root/pyfs-check.txt
m5 workend
"""


def result_of(done):
    lines = [l for l in done.stdout.splitlines() if l.startswith("RESULT ")]
    return json.loads(lines[-1][len("RESULT "):]) if lines else None


@unittest.skipUnless(HAVE_NATIVE, "sim._native is not built (python/install.sh)")
@unittest.skipUnless(FS_BUILT, "the full-system guest is not built (bash guest/fs/build.sh)")
class BootTest(unittest.TestCase):
    def setUp(self):
        self.tmp = tempfile.TemporaryDirectory()
        self.dir = Path(self.tmp.name)

    def tearDown(self):
        self.tmp.cleanup()

    def boot(self, cores, readfile=READFILE, kernel_args=None, max_ticks=2**64 - 1):
        script = BOARD.format(cores=cores) + BOOT.format(
            readfile=readfile, kernel_args=kernel_args, max_ticks=max_ticks)
        return run_script(self.dir, script, timeout=1800)

    def test_boot_to_the_readfile_script_and_back(self):
        disk_sum = hashlib.sha256((FS / "disk.img").read_bytes()).hexdigest()
        done = self.boot(cores=1)
        self.assertEqual(done.returncode, 0, done.stdout[-3000:] + done.stderr[-3000:])
        result = result_of(done)
        self.assertEqual(result["events"], ["EXIT", "EXIT", "WORKBEGIN", "WORKEND", "EXIT"])
        self.assertEqual((result["cause"], result["code"]), ("m5_exit instruction encountered", 0))
        self.assertEqual(len(result["roi_ticks"]), 1)
        out = self.dir / "m5out"
        terminal = (out / "board.platform.terminal").read_text(errors="replace")
        self.assertRegex(terminal, r"\nLinux \S+ 6\.12\.\S+ .* riscv64 GNU/Linux\n")
        self.assertIn("\nwritten-on-the-disk\n", terminal)
        self.assertIn("Readfile script done (status 0)", terminal)
        # WORKBEGIN reset the stats, WORKEND dumped the region; the run's end
        # dumped again.
        text = (out / "stats.txt").read_text()
        blocks = text.split("---------- Begin Simulation Statistics ----------")[1:]
        self.assertEqual(len(blocks), 2)
        insts = [int(line.split()[1]) for b in blocks for line in b.splitlines()
                 if line.startswith("board.processor.cores.core.commitStats0.numInsts ")]
        self.assertEqual(len(insts), 2)
        self.assertTrue(0 < insts[0] < 500_000_000, insts)
        print(f"\nboot to the readfile script and back: tick {result['tick']}", file=sys.stderr)
        ini = (out / "config.ini").read_text()
        for section in ("[board.platform.clint]", "[board.platform.plic]",
                        "[board.platform.uart]", "[board.platform.terminal]",
                        "[board.disk.vio.image.child]"):
            self.assertIn(section, ini)
        self.assertIn('"path": "board.platform.terminal"', (out / "config.json").read_text())
        # The copy-on-write disk left the image as it was.
        self.assertEqual(hashlib.sha256((FS / "disk.img").read_bytes()).hexdigest(), disk_sum)

    @unittest.skipUnless(SLOW, "slow (a 2-hart boot): set SIM_SLOW_TESTS=1")
    def test_boot_on_two_harts(self):
        done = self.boot(cores=2, readfile="cat /proc/cpuinfo\n", max_ticks=SIM_SECOND * 30)
        self.assertEqual(done.returncode, 0, done.stdout[-3000:] + done.stderr[-3000:])
        self.assertEqual(result_of(done)["events"], ["EXIT", "EXIT", "EXIT"])
        terminal = (self.dir / "m5out" / "board.platform.terminal").read_text(errors="replace")
        self.assertEqual(terminal.count("\nprocessor\t: "), 2, terminal[-2000:])

    @unittest.skipUnless(SLOW, "slow (boots the kernel to its init): set SIM_SLOW_TESTS=1")
    def test_kernel_panic_ends_the_run(self):
        # Linux reaches its init about 1 simulated second after power-on.
        done = self.boot(cores=1, kernel_args=["console=ttyS0", "rdinit=/no-such-init",
                                               "init=/no-such-init"], max_ticks=SIM_SECOND * 5)
        self.assertEqual(done.returncode, 0, done.stdout[-3000:] + done.stderr[-3000:])
        result = result_of(done)
        self.assertEqual(result["events"], ["KERNEL_PANIC"])
        self.assertTrue(result["cause"].startswith("Kernel panic in simulated system"),
                        result["cause"])


if __name__ == "__main__":
    unittest.main()
