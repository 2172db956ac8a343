"""The stdlib components as gem5 builds them, checked in the tree that
``instantiate_tree(Root(full_system=False, board=board))`` returns as
config.json: the stdlib's object names (``board.processor.cores.core``,
``board.cache_hierarchy.l1dcaches``, ``board.memory.mem_ctrl``), gem5's
parameters for each stdlib cache and hierarchy, the connections, the memory
mode, the workload's ``Process``, the template extension, and errors naming
tree paths. No simulation: these need neither ``sim.m5`` nor the extension."""

import unittest

from tests.fake_m5 import riscv_elf

import sim.objects as objects
from sim.components.boards.mem_mode import MemMode, mem_mode_to_string
from sim.components.boards.simple_board import SimpleBoard
from sim.components.cachehierarchies.classic.caches.l1dcache import L1DCache
from sim.components.cachehierarchies.classic.caches.l2cache import L2Cache
from sim.components.cachehierarchies.classic.no_cache import NoCache
from sim.components.cachehierarchies.classic.private_l1_cache_hierarchy import (
    PrivateL1CacheHierarchy,
)
from sim.components.cachehierarchies.classic.private_l1_private_l2_cache_hierarchy import (
    PrivateL1PrivateL2CacheHierarchy,
)
from sim.components.cachehierarchies.classic.private_l1_shared_l2_cache_hierarchy import (
    PrivateL1SharedL2CacheHierarchy,
)
from sim.components.memory import SingleChannelSimpleMemory
from sim.components.processors.base_cpu_core import BaseCPUCore
from sim.components.processors.base_cpu_processor import BaseCPUProcessor
from sim.components.processors.cpu_types import CPUTypes
from sim.components.processors.simple_processor import SimpleProcessor
from sim.errors import ParamError, UnsupportedError, UsageError
from sim.isas import ISA

PROG = riscv_elf("prog")
HAS_PREFETCHER = hasattr(objects, "StridePrefetcher") and "prefetcher" in objects.Cache._params
# Page-table walkers (and gem5's walker caches) come with full system: these SE
# boards leave the walkers' ports unconnected.
HAS_WALKERS = False
HAS_DRAM = all(hasattr(objects, name) for name in ("MemCtrl", "DDR3_1600_8x8", "DDR4_2400_8x8"))


def board_of(hierarchy, cpu=CPUTypes.TIMING, cores=1, memory=None, clk="3GHz"):
    board = SimpleBoard(
        clk_freq=clk,
        processor=SimpleProcessor(cpu_type=cpu, num_cores=cores),
        memory=memory if memory is not None else SingleChannelSimpleMemory(size="512MiB"),
        cache_hierarchy=hierarchy,
    )
    board.set_se_binary_workload(PROG, arguments=[7, "x", 2.5])
    return board


def config_of(board):
    board._pre_instantiate()
    return objects.instantiate_tree(objects.Root(full_system=False, board=board))["board"]


def children(tree):
    """Names of a config.json object's children (its object-valued entries)."""
    return sorted(k for k, v in tree.items()
                  if (isinstance(v, dict) and "path" in v and v["path"].endswith(k))
                  or (isinstance(v, list) and v and isinstance(v[0], dict) and "path" in v[0]))


def paths(tree, out=None):
    """Every object path in a config.json subtree."""
    out = [] if out is None else out
    if isinstance(tree, dict) and "path" in tree:
        out.append(tree["path"])
        for value in tree.values():
            for item in value if isinstance(value, list) else [value]:
                if isinstance(item, dict):
                    paths(item, out)
    return out


class NamesTest(unittest.TestCase):
    def test_private_l1_shared_l2_single_core(self):
        config = config_of(board_of(PrivateL1SharedL2CacheHierarchy("32KiB", "32KiB", "256KiB")))
        # (A System may have children of its own, such as gem5's dvfs_handler.)
        for name in ("cache_hierarchy", "clk_domain", "memory", "processor", "workload"):
            self.assertIn(name, children(config))
        walkers = ["dptw_caches", "iptw_caches"] if HAS_WALKERS else []
        self.assertEqual(children(config["cache_hierarchy"]), sorted(
            ["l1dcaches", "l1icaches", "l2bus", "l2cache", "membus"] + walkers))
        self.assertEqual(children(config["processor"]), ["cores"])
        self.assertEqual(children(config["memory"]), ["module"])
        found = paths(config)
        for path in ("board.processor.cores.core", "board.processor.cores.core.workload",
                     "board.cache_hierarchy.l1dcaches", "board.cache_hierarchy.l2cache",
                     "board.cache_hierarchy.membus.snoop_filter", "board.memory.module"):
            self.assertIn(path, found)
        if HAS_PREFETCHER:
            self.assertIn("board.cache_hierarchy.l1dcaches.prefetcher", found)
        self.assertEqual(config["type"], "System")
        self.assertEqual(config["processor"]["type"], "SubSystem")
        self.assertEqual(config["processor"]["cores"][0]["core"]["type"], "BaseTimingSimpleCPU")
        self.assertEqual(config["cache_hierarchy"]["l2bus"]["type"], "CoherentXBar")
        self.assertEqual(config["memory"]["module"]["type"], "SimpleMemory")
        l2bus = config["cache_hierarchy"]["l2bus"]["cpu_side_ports"]["peer"]
        self.assertEqual(l2bus[:2], ["board.cache_hierarchy.l1icaches.mem_side",
                                     "board.cache_hierarchy.l1dcaches.mem_side"])
        if HAS_WALKERS:
            self.assertEqual(l2bus[2:], ["board.cache_hierarchy.iptw_caches.mem_side",
                                         "board.cache_hierarchy.dptw_caches.mem_side"])
            self.assertFalse(config["cache_hierarchy"]["iptw_caches"][0]["writeback_clean"])
            self.assertEqual(config["cache_hierarchy"]["iptw_caches"][0]["size"], 8192)

    def test_several_cores_are_numbered(self):
        config = config_of(board_of(PrivateL1CacheHierarchy("32KiB", "32KiB"), cores=2))
        found = paths(config)
        for path in ("board.processor.cores0.core", "board.processor.cores1.core",
                     "board.cache_hierarchy.l1dcaches0", "board.cache_hierarchy.l1icaches1"):
            self.assertIn(path, found)
        self.assertEqual([c["core"]["cpu_id"] for c in config["processor"]["cores"]], [0, 1])

    def test_private_l2_uses_gem5s_cache_node_names(self):
        config = config_of(board_of(PrivateL1PrivateL2CacheHierarchy("32KiB", "32KiB", "1MiB"),
                                    cores=2))
        h = config["cache_hierarchy"]
        for i in (0, 1):
            # gem5 records l2_assoc=4 here but builds L2Cache(size) with 16 ways.
            self.assertEqual(h[f"l2-cache-{i}"]["assoc"], 16)
            self.assertEqual(h[f"l1d-cache-{i}"]["cpu_side"]["peer"],
                             f"board.processor.cores{i}.core.dcache_port")
            self.assertEqual(h[f"l1i-cache-{i}"]["mem_side"]["peer"],
                             f"board.cache_hierarchy.l2buses{i}.cpu_side_ports[0]")
            self.assertIn(f"board.cache_hierarchy.l2-cache-{i}.mem_side",
                          h["membus"]["cpu_side_ports"]["peer"])
        self.assertEqual(len(h["l2buses"]), 2)


class Gem5DefaultsTest(unittest.TestCase):
    def test_stdlib_cache_parameters(self):
        h = config_of(board_of(PrivateL1SharedL2CacheHierarchy("32KiB", "16KiB", "1MiB")))[
            "cache_hierarchy"]
        l1 = {"assoc": 8, "tag_latency": 1, "data_latency": 1, "response_latency": 1,
              "mshrs": 16, "tgts_per_mshr": 20}
        for name, size, wbc in (("l1dcaches", 32768, False), ("l1icaches", 16384, False)):
            cache = h[name][0]
            self.assertEqual(cache["type"], "Cache")
            self.assertEqual({k: cache[k] for k in l1}, l1)
            self.assertEqual((cache["size"], cache["writeback_clean"]), (size, wbc))
        l2 = h["l2cache"]
        self.assertEqual(
            {k: l2[k] for k in ("size", "assoc", "tag_latency", "data_latency",
                                "response_latency", "mshrs", "tgts_per_mshr",
                                "writeback_clean", "clusivity")},
            {"size": 1 << 20, "assoc": 16, "tag_latency": 10, "data_latency": 10,
             "response_latency": 1, "mshrs": 20, "tgts_per_mshr": 12,
             "writeback_clean": False, "clusivity": "mostly_incl"},
        )
        if HAS_PREFETCHER:
            self.assertEqual(l2["prefetcher"]["type"], "StridePrefetcher")
        # The L1I keeps gem5's writeback_clean=True outside this hierarchy.
        private = config_of(board_of(PrivateL1CacheHierarchy("32KiB", "16KiB")))
        self.assertTrue(private["cache_hierarchy"]["l1icaches"][0]["writeback_clean"])
        self.assertFalse(private["cache_hierarchy"]["l1dcaches"][0]["writeback_clean"])

    def test_associativities_given(self):
        h = config_of(board_of(PrivateL1SharedL2CacheHierarchy("32KiB", "16KiB", "1MiB", 4, 2, 8)))[
            "cache_hierarchy"]
        self.assertEqual([h["l1dcaches"][0]["assoc"], h["l1icaches"][0]["assoc"],
                          h["l2cache"]["assoc"]], [4, 2, 8])

    def test_membus(self):
        config = config_of(board_of(NoCache(), cpu=CPUTypes.ATOMIC))
        membus = config["cache_hierarchy"]["membus"]
        self.assertEqual((membus["width"], membus["max_routing_table_size"]), (64, 2048))
        walkers = ["board.processor.cores.core.mmu.itb.walker.port",
                   "board.processor.cores.core.mmu.dtb.walker.port"] if HAS_WALKERS else []
        self.assertEqual(membus["cpu_side_ports"]["peer"], [
            "board.processor.cores.core.icache_port",
            "board.processor.cores.core.dcache_port",
        ] + walkers + ["board.system_port"])
        self.assertEqual(membus["mem_side_ports"]["peer"], ["board.memory.module.port"])
        self.assertEqual(config["mem_mode"], "atomic")
        shared = config_of(board_of(PrivateL1SharedL2CacheHierarchy("1KiB", "1KiB", "8KiB")))
        self.assertEqual(shared["cache_hierarchy"]["membus"]["max_routing_table_size"], 512)
        self.assertEqual(shared["mem_mode"], "timing")

    def test_board_clock_and_memory_range(self):
        config = config_of(board_of(NoCache(), clk="2GHz"))
        self.assertEqual(config["clk_domain"]["clock"], [500])
        self.assertEqual(config["mem_ranges"], ["0:536870912"])
        self.assertEqual(config["memory"]["module"]["range"], "0:536870912")
        self.assertEqual(config["processor"]["cores"][0]["core"]["clk_domain"], "board.clk_domain")


class WorkloadTest(unittest.TestCase):
    def test_process_and_se_workload(self):
        board = board_of(NoCache())
        self.assertFalse(board.is_fullsystem())
        self.assertIsInstance(board.workload, objects.SEWorkload)
        config = config_of(board)
        process = config["processor"]["cores"][0]["core"]["workload"][0]
        self.assertEqual(process["type"], "Process")
        self.assertEqual(process["cmd"], [PROG, "7", "x", "2.5"])
        self.assertEqual(process["executable"], PROG)
        self.assertTrue(config["exit_on_work_items"])

    def test_multi_binary(self):
        board = board_of(NoCache(), cores=2)
        board.set_se_multi_binary_workload([riscv_elf("a"), riscv_elf("b")],
                                           arguments=[["1"], [2]])
        config = config_of(board)
        cores = config["processor"]["cores"]
        self.assertEqual([c["core"]["workload"][0]["cmd"] for c in cores],
                         [[riscv_elf("a"), "1"], [riscv_elf("b"), "2"]])
        self.assertEqual([c["core"]["workload"][0]["pid"] for c in cores], [100, 101])
        with self.assertRaisesRegex(ParamError, "3 binaries need as many cores"):
            board.set_se_multi_binary_workload([PROG] * 3)

    def test_no_workload_and_workload_resource(self):
        from sim.resources.resource import WorkloadResource

        board = SimpleBoard("1GHz", SimpleProcessor(CPUTypes.ATOMIC, 1),
                            SingleChannelSimpleMemory(size="64MiB"), NoCache())
        with self.assertRaises(UsageError):
            board.is_fullsystem()
        board.set_workload(WorkloadResource(function="set_se_binary_workload",
                                            parameters={"binary": PROG, "arguments": ["-n"]}))
        self.assertEqual(config_of(board)["processor"]["cores"][0]["core"]["workload"][0]["cmd"],
                         [PROG, "-n"])
        with self.assertRaises(UnsupportedError):
            board.set_workload(WorkloadResource(function="set_kernel_disk_workload"))
        with self.assertRaises(ParamError):
            board.set_workload(WorkloadResource(function="set_se_binary_workload",
                                                parameters={"binary": PROG, "nonsense": 1}))

    def test_connect_once(self):
        board = board_of(NoCache())
        board._pre_instantiate()
        with self.assertRaises(UsageError):
            board._pre_instantiate()


class TemplateTest(unittest.TestCase):
    def test_templates_are_copied_per_core(self):
        h = PrivateL1SharedL2CacheHierarchy("32KiB", "16KiB", "1MiB")
        h.l1d = L1DCache("64KiB", tag_latency=3, mshrs=4, PrefetcherCls=None)
        h.l2 = L2Cache("512KiB", assoc=8)
        h.l2.writeback_clean = True
        config = config_of(board_of(h, cores=2))["cache_hierarchy"]
        for cache in config["l1dcaches"]:
            self.assertEqual((cache["size"], cache["tag_latency"], cache["mshrs"]), (65536, 3, 4))
            self.assertNotIn("prefetcher", [k for k, v in cache.items() if isinstance(v, dict)])
        self.assertEqual(config["l1dcaches"][0]["path"], "board.cache_hierarchy.l1dcaches0")
        self.assertEqual((config["l2cache"]["size"], config["l2cache"]["assoc"],
                          config["l2cache"]["writeback_clean"]), (512 << 10, 8, True))
        self.assertEqual(config["l1icaches"][1]["size"], 16384)  # no template: gem5's cache
        with self.assertRaisesRegex(ParamError, "board.cache_hierarchy.l1i"):
            h.l1i = "32KiB"


class ErrorPathTest(unittest.TestCase):
    def test_bad_values_name_tree_paths(self):
        with self.assertRaises(ParamError) as ctx:
            board_of(PrivateL1SharedL2CacheHierarchy("lots", "32KiB", "1MiB"))._pre_instantiate()
        self.assertEqual(ctx.exception.path, "board.cache_hierarchy.l1dcaches.size")
        self.assertIn("lots", str(ctx.exception))
        with self.assertRaises(ParamError) as ctx:
            board_of(PrivateL1PrivateL2CacheHierarchy("1KiB", "1KiB", 3.5))._pre_instantiate()
        self.assertEqual(ctx.exception.path, "board.cache_hierarchy.l2-cache-0.size")
        with self.assertRaises(ParamError) as ctx:
            board_of(NoCache(), clk="fast")
        self.assertEqual(ctx.exception.path, "board.clk_domain.clock")
        with self.assertRaises(ParamError) as ctx:
            board_of(NoCache(), memory=SingleChannelSimpleMemory(size="huge"))
        self.assertEqual(ctx.exception.path, "board.memory.size")
        with self.assertRaises(ParamError) as ctx:
            board_of(NoCache(), cores=0)
        self.assertEqual(ctx.exception.path, "board.processor.num_cores")

    def test_minor_cpu_type_builds_a_timing_board(self):
        board = board_of(NoCache(), cpu="minor")
        config = config_of(board)
        self.assertEqual(config["mem_mode"], "timing")
        core = board.get_processor().get_cores()[0].get_simobject()
        self.assertIsInstance(core, objects.BaseMinorCPU)
        self.assertEqual(type(core.branchPred).__name__, "TournamentBP")

    def test_o3_cpu_type_builds_a_timing_board(self):
        board = board_of(NoCache(), cpu="o3")
        config = config_of(board)
        self.assertEqual(config["mem_mode"], "timing")
        core = board.get_processor().get_cores()[0].get_simobject()
        self.assertIsInstance(core, objects.BaseO3CPU)
        self.assertEqual(type(core.branchPred).__name__, "TournamentBP")

    def test_unimplemented_cpu_types(self):
        for cpu in ("kvm", CPUTypes.KVM):
            with self.assertRaises(UnsupportedError) as ctx:
                board_of(NoCache(), cpu=cpu)
            self.assertEqual(ctx.exception.path, "board.processor.cpu_type")
            self.assertIn("atomic, timing", str(ctx.exception))

    def test_not_a_component(self):
        with self.assertRaises(ParamError) as ctx:
            SimpleBoard("1GHz", SimpleProcessor(CPUTypes.ATOMIC, 1), "512MiB", NoCache())
        self.assertEqual(ctx.exception.path, "board.memory")


class Gem5SurfaceTest(unittest.TestCase):
    def test_base_cpu_processor_of_own_cores(self):
        cores = [BaseCPUCore(objects.AtomicSimpleCPU(cpu_id=0), ISA.RISCV)]
        board = SimpleBoard("1GHz", BaseCPUProcessor(cores),
                            SingleChannelSimpleMemory(size="64MiB"), NoCache())
        board.set_se_binary_workload(PROG)
        config = config_of(board)
        self.assertEqual(config["processor"]["cores"][0]["core"]["path"],
                         "board.processor.cores.core")
        self.assertEqual(config["mem_mode"], "atomic")
        self.assertEqual(mem_mode_to_string(MemMode.ATOMIC_NONCACHING), "atomic_noncaching")
        # gem5's own tests import this preset.
        from sim.components.memory import DualChannelDDR4_2400

        self.assertTrue(callable(DualChannelDDR4_2400))


@unittest.skipUnless(HAS_DRAM, "sim.objects has no MemCtrl / DRAM interfaces yet")
class DramTest(unittest.TestCase):
    def test_single_channel(self):
        from sim.components.memory import SingleChannelDDR3_1600, SingleChannelDDR4_2400

        self.assertEqual(SingleChannelDDR3_1600().get_size(), 8 << 30)
        self.assertEqual(SingleChannelDDR4_2400().get_size(), 16 << 30)
        config = config_of(board_of(NoCache(), memory=SingleChannelDDR3_1600("512MiB")))
        ctrl = config["memory"]["mem_ctrl"][0]
        self.assertEqual(ctrl["path"], "board.memory.mem_ctrl")
        self.assertEqual(ctrl["type"], "MemCtrl")
        self.assertEqual(ctrl["dram"]["path"], "board.memory.mem_ctrl.dram")
        self.assertEqual(ctrl["dram"]["type"], "DRAMInterface")  # presets keep gem5's type
        self.assertEqual(ctrl["dram"]["tCK"], 1250)
        self.assertEqual(ctrl["dram"]["range"], "0:536870912")
        self.assertEqual(config["cache_hierarchy"]["membus"]["mem_side_ports"]["peer"],
                         ["board.memory.mem_ctrl.port"])

    def test_dual_channel_interleaves(self):
        from sim.components.memory import DualChannelDDR4_2400

        memory = DualChannelDDR4_2400("1GiB")
        config = config_of(board_of(NoCache(), memory=memory))
        ctrls = config["memory"]["mem_ctrl"]
        self.assertEqual([c["path"] for c in ctrls],
                         ["board.memory.mem_ctrl0", "board.memory.mem_ctrl1"])
        ranges = [r for r, _ in memory.get_mem_ports()]
        # Each channel holds half of the interleaved gibibyte.
        self.assertEqual([r.size() for r in ranges], [1 << 29, 1 << 29])
        self.assertNotEqual(ctrls[0]["dram"]["range"], ctrls[1]["dram"]["range"])


if __name__ == "__main__":
    unittest.main()
