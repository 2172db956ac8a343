"""gem5's own configuration scripts under ``sim run``, unmodified.

Three layers:

* in-process checks of what those scripts use from ``m5``
  (``m5.internal.params`` enums, ``m5.util.convert``, parameter ``.value``,
  ``apply_config``) and of the one-line errors for what is not modelled
  (other ISAs, O3/Minor CPUs, CPU switching, interleaved memory, full-system
  stdlib modules);
* the project's own se.py-style script, ``data/gem5_style/objectlist_se.py``,
  run end to end;
* gem5's ``configs/deprecated/example/se.py`` and friends, extracted from a
  gem5 checkout at ``$GEM5_MIRROR`` (default ``/work/.mirror/gem5+gem5/repo``,
  a git directory) when there is one, and run end to end.
"""

import os
import shutil
import subprocess
import sys
import tempfile
import unittest
from pathlib import Path

import sim.m5 as m5
from sim import aliases, objects
from sim.errors import ParamError, UnsupportedError
from sim.m5.internal import params as internal_params
from sim.m5.util import convert

from tests.test_configs_e2e import HELLO, REPO, SKIP as E2E_SKIP, run_sim

GUEST = HELLO.parent
DATA = Path(__file__).resolve().parent / "data" / "gem5_style"
MIRROR = Path(os.environ.get("GEM5_MIRROR", "/work/.mirror/gem5+gem5/repo"))
EXIT_CAUSE = "because exiting with last active thread context"
CROSS_SYSROOT = "/usr/riscv64-linux-gnu"


class M5ApiForGem5Scripts(unittest.TestCase):
    def test_enum_addr_map_lists_gem5_values_then_count(self):
        members = internal_params.enum_AddrMap.__members__
        self.assertEqual(list(members), ["RoRaBaChCo", "RoRaBaCoCh", "RoCoRaBaCh", "Num_AddrMap"])
        self.assertEqual([int(v) for v in members.values()], [0, 1, 2, 3])
        self.assertIn("enum_MemoryMode", dir(internal_params))
        self.assertIsNone(getattr(internal_params, "enum_NoSuchEnum", None))

    def test_convert_prefixes_and_converters(self):
        self.assertEqual(convert.toFrequency("2GHz") / convert.mega, 2000)
        self.assertEqual(convert.toInteger("0x10"), 16)
        self.assertEqual(convert.toMetricFloat("3kHz", units="Hz"), 3000.0)
        self.assertEqual(convert.toMemoryBandwidth("2KiB/s"), 2048.0)
        self.assertTrue(convert.toBool("Yes"))
        self.assertFalse(convert.toBool("0"))
        with self.assertRaises(ValueError):
            convert.toBool("maybe")
        with self.assertRaises(ValueError):
            convert.toInteger("12 apples")

    def test_parameter_values_have_value_and_getvalue(self):
        system = objects.System()
        self.assertEqual(system.cache_line_size.value, 64)
        self.assertEqual(system.cache_line_size.getValue(), 64)
        dram = objects.DDR3_1600_8x8()
        self.assertEqual(dram.addr_mapping.value, "RoRaBaCoCh")
        self.assertEqual(dram.device_rowbuffer_size.value * dram.devices_per_rank.value, 8192)
        self.assertIsInstance(dram.devices_per_rank, int)

    def test_apply_config_runs_statements_on_children(self):
        system = objects.System()
        system.cpu = [objects.AtomicSimpleCPU(cpu_id=i) for i in range(3)]
        root = objects.Root(full_system=False, system=system)
        try:
            root.apply_config(["system.cache_line_size = 128",
                               "system.cpu.max_insts_any_thread = 7",
                               "system.cpu[1:].width = 2", "system.cpu[0, 2].socket_id = 5"])
            self.assertEqual(system.cache_line_size, 128)
            self.assertEqual([c.max_insts_any_thread for c in system.cpu], [7, 7, 7])
            self.assertEqual([c.width for c in system.cpu], [1, 2, 2])
            self.assertEqual([c.socket_id for c in system.cpu], [5, 0, 5])
            self.assertEqual(list(root.get_simobj("system.cpu[2]")), [system.cpu[2]])
            with self.assertRaises(ParamError) as caught:
                root.apply_config(["system.cpu.icache_port = system.cpu"])
            self.assertIn("system.cpu0.icache_port", str(caught.exception))
        finally:
            objects.Root._reset_instance()

    def test_an_object_called_is_a_copy_with_overrides(self):
        proto = objects.SimpleMemory(latency="20ns")
        copy = proto(bandwidth="1GiB/s")
        self.assertIsNot(copy, proto)
        self.assertEqual(copy.latency, proto.latency)
        self.assertNotEqual(copy.bandwidth, proto.bandwidth)
        system = objects.System()
        system.mem = proto
        with self.assertRaises(ParamError):
            proto(latency="1ns")

    def test_bool_none_is_false_as_gem5(self):
        dram = objects.DDR3_1600_8x8()
        dram.enable_dram_powerdown = None
        self.assertIs(dram.enable_dram_powerdown, False)

    def test_a_port_name_handed_on_by_a_subclass_getattr_is_the_port(self):
        class Renaming(objects.ExternalSlave):
            def __getattr__(self, attr):
                return super().__getattr__("port" if attr == "cpu_side" else attr)

        ext = Renaming()
        self.assertIs(ext.cpu_side, ext.port)

    def test_a_lone_object_indexes_as_a_list_of_one(self):
        cpu = objects.TimingSimpleCPU()
        self.assertIs(cpu[0], cpu)
        self.assertEqual(len(cpu), 1)
        self.assertEqual(list(cpu), [cpu])
        with self.assertRaises(IndexError):
            cpu[1]

    def test_simple_memory_is_its_own_controller(self):
        mem = objects.SimpleMemory()
        self.assertIs(mem.controller(), mem)
        self.assertIsInstance(objects.DDR4_2400_8x8().controller(), objects.MemCtrl)

    def test_riscv_cpus_are_riscv_and_listed(self):
        self.assertTrue(issubclass(objects.TimingSimpleCPU, objects.RiscvCPU))
        self.assertIs(objects.TimingSimpleCPU.ArchMMU, objects.RiscvMMU)
        concrete = {n for n, c in vars(objects).items() if isinstance(c, type)
                    and issubclass(c, objects.BaseCPU) and not c.abstract}
        self.assertEqual(concrete, {"AtomicSimpleCPU", "TimingSimpleCPU",
                                    "RiscvAtomicSimpleCPU", "RiscvTimingSimpleCPU",
                                    "MinorCPU", "RiscvMinorCPU",
                                    "O3CPU", "DerivO3CPU", "RiscvO3CPU"})

    def test_other_isa_and_detailed_cpus_are_unsupported(self):
        for name, words in [("X86TimingSimpleCPU", "X86 ISA"), ("ArmAtomicSimpleCPU", "Arm ISA"),
                            ("ArmDefaultRelease", "Arm ISA"), ("VExpress_GEM5_V1", "Arm ISA"),
                            ("X86O3CPU", "X86 ISA")]:
            with self.subTest(name=name):
                with self.assertRaises(UnsupportedError) as caught:
                    getattr(objects, name)()
                self.assertIn(words, str(caught.exception))
                self.assertNotIn("\n", str(caught.exception))

    def test_full_system_stdlib_modules_are_unsupported_at_import(self):
        finder = aliases._AliasFinder()
        for name, words in [("gem5.components.boards.x86_board", "RISC-V board"),
                            ("gem5.prebuilt.riscvmatched.riscvmatched_board", "Minor"),
                            ("gem5.components.cachehierarchies.ruby.mesi_two_level_cache_hierarchy",
                             "Ruby"),
                            ("m5.util.fdthelper", "full-system"),
                            ("gem5.components.cachehierarchies.classic."
                             "private_l1_private_l2_walk_cache_hierarchy", "walker caches"),
                            ("m5.stats.gem5stats", "pystats")]:
            with self.subTest(name=name):
                with self.assertRaises(UnsupportedError) as caught:
                    finder.find_spec(name)
                self.assertIn(words, str(caught.exception))
        # The parent package of such modules loads, empty.
        self.assertIsNotNone(finder.find_spec("gem5.prebuilt"))
        self.assertIsNone(aliases.not_provided("gem5.components.boards.simple_board"))
        self.assertIsNone(aliases.not_provided("gem5.components.boards.riscv_board"))
        self.assertIsNone(aliases.not_provided("gem5.components.boards.kernel_disk_workload"))

    def test_checkpoint_sampling_generators_are_unsupported(self):
        from sim.simulate import exit_event_generators as gens

        for make in (gens.simpoints_save_checkpoint_generator,
                     gens.looppoint_save_checkpoint_generator):
            with self.subTest(generator=make.__name__):
                with self.assertRaises(UnsupportedError) as caught:
                    make("cpt", None)
                self.assertIn("checkpoints are not supported", str(caught.exception))

    def _instantiate_error(self, system):
        objects.Root(full_system=False, system=system)
        try:
            with self.assertRaises(UnsupportedError) as caught:
                m5.instantiate()
            return str(caught.exception)
        finally:
            m5._reset_for_tests()

    def test_switched_out_cpu_is_unsupported(self):
        system = objects.System()
        system.cpu = objects.AtomicSimpleCPU(switched_out=True)
        self.assertIn("system.cpu.switched_out", self._instantiate_error(system))

    def test_an_interleaved_simple_memory_is_refused(self):
        # Interleaving is modelled for DRAM controllers behind a crossbar.
        system = objects.System()
        system.clk_domain = objects.SrcClockDomain(clock="1GHz",
                                                   voltage_domain=objects.VoltageDomain())
        system.mem = objects.SimpleMemory(range=objects.AddrRange(
            0, size="256MiB", intlvHighBit=6, intlvBits=1, intlvMatch=0))
        objects.Root(full_system=False, system=system)
        try:
            with self.assertRaises(ParamError) as caught:
                m5.instantiate()
            self.assertIn("system.mem.range", str(caught.exception))
        finally:
            m5._reset_for_tests()

    def test_hbm_pseudo_channels_may_interleave_by_one_bit(self):
        def hbm_ctrl(channel_masks):
            ctrl = objects.HBMCtrl()
            for name, match in (("dram", 0), ("dram_2", 1)):
                setattr(ctrl, name, objects.HBM_2000_4H_1x64(range=objects.AddrRange(
                    0, size="256MiB", masks=[64, *channel_masks], intlvMatch=match)))
            return ctrl

        system = objects.System()
        system.mem_ctrl = hbm_ctrl([])
        root = objects.Root(full_system=False, system=system)
        try:
            m5.buildable.check_modelled(root)  # raises nothing: HBMCtrl splits its pseudo channels
        finally:
            objects.Root._reset_instance()

    def test_set_interp_dir_is_kept_for_the_builder(self):
        from sim import _runtime
        try:
            m5.core.setInterpDir("/opt/riscv")
            self.assertEqual(_runtime.interp_dir(), "/opt/riscv")
        finally:
            _runtime.set_interp_dir(None)


def _cause_line(stdout: str) -> str:
    return next((l for l in stdout.splitlines() if l.startswith("Exiting @ tick")), "")


@unittest.skipIf(E2E_SKIP, E2E_SKIP)
class OwnGem5StyleScript(unittest.TestCase):
    def run_script(self, *args):
        with tempfile.TemporaryDirectory() as out:
            done = run_sim("run", "-d", out, DATA / "objectlist_se.py", HELLO, *args)
            ini = (Path(out) / "config.ini").read_text() if done.returncode == 0 else ""
            return done, ini

    def test_atomic_simple_memory(self):
        done, ini = self.run_script("--mem-type", "SimpleMemory")
        self.assertEqual(done.returncode, 0, done.stderr)
        self.assertIn("Hello, world!", done.stdout)
        self.assertIn(EXIT_CAUSE, _cause_line(done.stdout))
        self.assertIn("type=SimpleMemory", ini)

    def test_timing_caches_prefetcher_dram_and_param(self):
        done, ini = self.run_script(
            "--cpu-type", "TimingSimpleCPU", "--caches", "--l1d-hwp-type", "StridePrefetcher",
            "--mem-type", "DDR4_2400_8x8", "--addr-map", "RoRaBaChCo",
            "--param", "system.cpu.dcache.assoc = 4")
        self.assertEqual(done.returncode, 0, done.stderr)
        self.assertIn("DDR4_2400_8x8: RoRaBaChCo, row buffer 8192 bytes, line 64 bytes",
                      done.stdout)
        self.assertIn("Hello, world!", done.stdout)
        self.assertIn(EXIT_CAUSE, _cause_line(done.stdout))
        dcache = ini.split("[system.cpu.dcache]")[1].split("\n\n")[0]
        self.assertIn("assoc=4", dcache)
        self.assertIn("type=StridePrefetcher", ini)

    def test_periodic_stat_dump_dumps_and_resets_every_period(self):
        with tempfile.TemporaryDirectory() as out:
            done = run_sim("run", "-d", out, DATA / "periodic_dump.py", HELLO,
                           100_000_000, 350_000_000)
            self.assertEqual(done.returncode, 0, done.stderr)
            self.assertIn("done 350000000 simulate() limit reached", done.stdout)
            text = (Path(out) / "stats.txt").read_text()
        final = [int(l.split()[1]) for l in text.splitlines() if l.startswith("finalTick")]
        sim_ticks = [int(l.split()[1]) for l in text.splitlines() if l.startswith("simTicks")]
        # Three periodic dumps, each after a reset, then the dump at the end.
        self.assertEqual(final, [100_000_000, 200_000_000, 300_000_000, 350_000_000])
        self.assertEqual(sim_ticks, [100_000_000] * 3 + [50_000_000])

    def test_cpu_choices_come_from_the_catalogue(self):
        done, _ = self.run_script("--cpu-type", "X86O3CPU")
        self.assertEqual(done.returncode, 2)
        self.assertIn("invalid choice: 'X86O3CPU'", done.stderr)
        self.assertIn("'TimingSimpleCPU'", done.stderr)


@unittest.skipIf(E2E_SKIP, E2E_SKIP)
class OwnGem5StyleMultisim(unittest.TestCase):
    SCRIPT = DATA / "multisim_hello.py"

    def test_multisim_runs_every_simulation_with_gem5_imports(self):
        with tempfile.TemporaryDirectory() as out:
            done = run_sim("run", "--multisim", "-d", out, self.SCRIPT)
            self.assertEqual(done.returncode, 0, done.stderr)
            self.assertIn("3 simulations done", done.stdout)
            for sim_id in ("run_0", "run_1", "run_2"):
                self.assertTrue((Path(out) / sim_id / "stats.txt").is_file(), sim_id)

    def test_one_simulation_by_id_gets_str_of_a_number_argument(self):
        with tempfile.TemporaryDirectory() as out:
            done = run_sim("run", "-d", out, self.SCRIPT, "run_1")
            self.assertEqual(done.returncode, 0, done.stderr)
            self.assertIn("argv[1]=[run 1] len=5", done.stdout)
            self.assertIn("argv[2]=[1] len=1", done.stdout)


def _mirror_skip():
    if E2E_SKIP:
        return E2E_SKIP
    if not MIRROR.is_dir():
        return f"no gem5 checkout at {MIRROR} (set GEM5_MIRROR)"
    if shutil.which("git") is None or shutil.which("tar") is None:
        return "git and tar are needed to extract gem5's scripts"
    return None


MIRROR_SKIP = _mirror_skip()


@unittest.skipIf(MIRROR_SKIP, MIRROR_SKIP)
class Gem5ScriptsUnmodified(unittest.TestCase):
    """gem5's scripts as gem5 ships them, with gem5's relative binary path."""

    @classmethod
    def setUpClass(cls):
        cls.tmp = tempfile.TemporaryDirectory()
        cls.work = Path(cls.tmp.name)
        archive = subprocess.run(
            ["git", "-C", str(MIRROR), "archive", "HEAD", "configs",
             "tests/gem5/se_mode", "tests/gem5/stdlib/configs", "tests/gem5/cpu_tests"],
            capture_output=True, check=True)
        subprocess.run(["tar", "x", "-C", str(cls.work)], input=archive.stdout, check=True)
        hello = cls.work / "tests/test-progs/hello/bin/riscv/linux/hello"
        hello.parent.mkdir(parents=True)
        shutil.copy(HELLO, hello)

    @classmethod
    def tearDownClass(cls):
        cls.tmp.cleanup()

    def sim_run(self, *args):
        out = self.work / "m5out"
        shutil.rmtree(out, ignore_errors=True)
        env = dict(os.environ, PYTHONPATH=str(REPO / "python"),
                   SIM_RESOURCE_DIR=str(GUEST.parent / "resources"))
        env.pop("SIM_OUTDIR", None)
        return subprocess.run(
            [sys.executable, "-m", "sim", "run", "-d", str(out), *map(str, args)],
            cwd=self.work, env=env, capture_output=True, text=True, timeout=600)

    def se(self, *args):
        return self.sim_run("configs/deprecated/example/se.py", *args)

    def assert_hello(self, done):
        self.assertEqual(done.returncode, 0, done.stderr)
        self.assertIn("Hello, world!", done.stdout)
        self.assertIn(EXIT_CAUSE, _cause_line(done.stdout))

    def assert_one_line_error(self, done, *words):
        self.assertEqual(done.returncode, 1, done.stdout + done.stderr)
        errors = [l for l in done.stderr.splitlines() if l.startswith("sim run: error: ")]
        self.assertEqual(len(errors), 1, done.stderr)
        self.assertNotIn("Traceback", done.stderr)
        for word in words:
            self.assertIn(word, errors[0])

    HELLO_ARG = "tests/test-progs/hello/bin/riscv/linux/hello"

    def test_se_py_atomic(self):
        done = self.se("--cmd", self.HELLO_ARG)
        self.assert_hello(done)
        self.assertNotIn("warn: RedirectPath", done.stderr)
        ini = (self.work / "m5out/config.ini").read_text()
        self.assertTrue("[system.redirect_paths0]\ntype=RedirectPath\napp_path=/proc" in ini,
                        "config.ini keeps the redirect paths")

    def test_se_py_timing_l2_ddr4_prefetcher(self):
        done = self.se("--cmd", self.HELLO_ARG, "--cpu-type", "TimingSimpleCPU", "--caches",
                       "--l2cache", "--mem-type", "DDR4_2400_8x8",
                       "--l2-hwp-type", "StridePrefetcher")
        self.assert_hello(done)
        ini = (self.work / "m5out/config.ini").read_text()
        for section in ("[system.l2.prefetcher]\ntype=StridePrefetcher",
                        "[system.mem_ctrls.dram]\ntype=DRAMInterface", "tCK=833\n"):
            self.assertTrue(section in ini, f"config.ini has no {section!r}")

    def test_se_py_two_cpus_two_programs(self):
        done = self.se("-n", "2", "--cpu-type", "TimingSimpleCPU", "--caches",
                       "--cmd", f"{GUEST / 'exit3'};{self.HELLO_ARG}")
        self.assert_hello(done)
        self.assertIn("Exit code is 3", done.stdout)
        ini = (self.work / "m5out/config.ini").read_text()
        self.assertTrue("[system.cpu1.workload]" in ini, "config.ini has no second CPU's process")

    def test_se_py_maxinsts_with_checker_option(self):
        # --checker calls addCheckerCpu(), which adds nothing to a simple CPU.
        done = self.se("--cmd", self.HELLO_ARG, "--maxinsts", "1000", "--checker")
        self.assertEqual(done.returncode, 0, done.stderr)
        self.assertIn("a thread reached the max instruction count", _cause_line(done.stdout))

    def test_se_py_two_interleaved_channels_share_the_traffic(self):
        done = self.se("--cmd", self.HELLO_ARG, "--cpu-type", "TimingSimpleCPU",
                       "--mem-type", "DDR3_1600_8x8", "--mem-channels", "2")
        self.assert_hello(done)
        text = (self.work / "m5out/stats.txt").read_text()
        reads = {}
        for line in text.splitlines():
            for ch in ("0", "1"):
                if line.startswith(f"system.mem_ctrls{ch}.dram.readBursts "):
                    reads[ch] = int(line.split()[1])
        self.assertEqual(set(reads), {"0", "1"}, text[:2000])
        # A 64-byte interleave splits a program's lines between the channels.
        self.assertGreater(min(reads.values()), sum(reads.values()) // 4, reads)

    def test_se_py_unsupported_features_are_one_line_errors(self):
        cases = [
            (["--standard-switch", "1000", "--caches"], ["switched_out", "switchCpus"]),
            (["--repeat-switch", "1000", "--caches"], ["switched_out", "switchCpus"]),
            (["--take-checkpoints", "1000,1000"], ["m5.checkpoint"]),
        ]
        for extra, words in cases:
            with self.subTest(args=extra):
                self.assert_one_line_error(self.se("--cmd", self.HELLO_ARG, *extra), *words)

    @unittest.skipUnless(Path(CROSS_SYSROOT, "lib/libc.so.6").exists()
                         and (GUEST / "dyn_dlopen").exists(),
                         "needs the riscv64 cross glibc and guest/build.sh's dyn_dlopen")
    def test_se_py_dynamic_program_with_interp_dir_and_redirects(self):
        # gem5's recipe: the interpreter from --interp-dir, the libraries it opens
        # from /lib redirected to the cross toolchain's.
        done = self.se("--cmd", GUEST / "dyn_dlopen", "--interp-dir", CROSS_SYSROOT,
                       "--redirects", f"/lib={CROSS_SYSROOT}/lib")
        self.assertEqual(done.returncode, 0, done.stderr)
        self.assertIn("sqrt(2) = 1.414213562373095\n", done.stdout)
        self.assertIn("missing library: NULL, error mentions it: yes", done.stdout)
        ini = (self.work / "m5out/config.ini").read_text()
        self.assertIn(f"type=RedirectPath\napp_path=/lib\neventq_index=0\n"
                      f"host_paths={CROSS_SYSROOT}/lib", ini)

    def test_learning_gem5_simple_riscv(self):
        self.assert_hello(self.sim_run("configs/learning_gem5/part1/simple-riscv.py"))

    def test_learning_gem5_x86_scripts_name_the_isa(self):
        for script in ("simple.py", "two_level.py"):
            with self.subTest(script=script):
                done = self.sim_run(f"configs/learning_gem5/part1/{script}")
                self.assert_one_line_error(done, "X86TimingSimpleCPU", "X86 ISA")

    def test_stdlib_full_system_and_prebuilt_examples_name_the_feature(self):
        for script, words in [("riscv-fs.py", ["walk_cache_hierarchy", "walker caches"]),
                              ("riscvmatched-hello.py", ["riscvmatched", "Minor"]),
                              ("arm-hello.py", ["ARM"]),
                              ("../../deprecated/example/fs.py", ["fdthelper", "full-system"]),
                              ("../riscv/fs_linux.py", ["fdthelper", "full-system"]),
                              ("arm-ubuntu-run.py", ["arm_board", "full-system"]),
                              ("x86-npb-benchmarks.py", ["gem5stats"]),
                              ("spatter_gen/spatter-gen-test.py", ["Spatter"])]:
            with self.subTest(script=script):
                done = self.sim_run(f"configs/example/gem5_library/{script}")
                self.assert_one_line_error(done, *words)

    def test_multisim_example_of_another_isa_is_one_line(self):
        done = self.sim_run("--multisim",
                            "configs/example/gem5_library/multisim/multisim-print-this.py")
        self.assert_one_line_error(done, "X86")

    def test_gem5_test_suite_simple_binary_runs(self):
        for script in ("tests/gem5/se_mode/hello_se/configs/simple_binary_run.py",
                       "tests/gem5/stdlib/configs/simple_binary_run.py"):
            for cpu in ("atomic", "timing"):
                with self.subTest(script=script, cpu=cpu):
                    self.assert_hello(self.sim_run(script, "riscv-hello", cpu, "riscv"))

    def test_gem5_cpu_tests_run_py(self):
        script = "tests/gem5/cpu_tests/run.py"
        for cpu in ("RiscvAtomicSimpleCPU", "RiscvTimingSimpleCPU", "RiscvMinorCPU"):
            with self.subTest(cpu=cpu):
                done = self.sim_run(script, HELLO, "--cpu", cpu)
                self.assertEqual(done.returncode, 0, done.stderr)
                self.assertIn("Hello, world!", done.stdout)

    def test_stdlib_memory_traffic_example(self):
        for generator in ("LinearGenerator", "RandomGenerator"):
            with self.subTest(generator=generator):
                done = self.sim_run("configs/example/gem5_library/memory_traffic.py",
                                    generator, 70)
                self.assertEqual(done.returncode, 0, done.stderr)
                stats = (self.work / "m5out/stats.txt").read_text()
                self.assertIn("board.memory.mem_ctrl.dram.readBursts", stats)

    def test_se_py_param_sets_every_cpu(self):
        done = self.se("--cmd", self.HELLO_ARG, "-n", "2",
                       "--param", "system.cpu.max_insts_any_thread = 500")
        self.assertEqual(done.returncode, 0, done.stderr)
        self.assertIn("a thread reached the max instruction count", _cause_line(done.stdout))
        ini = (self.work / "m5out/config.ini").read_text()
        self.assertEqual(ini.count("max_insts_any_thread=500\n"), 2)
