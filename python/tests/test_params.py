"""Parameter checking at board build: errors name the board path and what is
allowed; native errors are mapped back to board paths; unsupported gem5
features are refused clearly."""

import unittest

from tests.fake_native import FakeNativeMixin, make_board

from sim import params
from sim.components.cachehierarchies.classic.caches.l1dcache import L1DCache
from sim.components.cachehierarchies.classic.caches.l1icache import L1ICache
from sim.components.cachehierarchies.classic.caches.l2cache import L2Cache
from sim.components.cachehierarchies.classic.caches.prefetchers import NULL, StridePrefetcher
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
from sim.components.memory import SimpleMemory, SingleChannelDDR3_1600, SingleChannelDDR4_2400
from sim.components.processors.cpu_types import CPUTypes, get_cpu_type_from_str
from sim.components.processors.simple_switchable_processor import SimpleSwitchableProcessor
from sim.isas import ISA, get_isa_from_str
from sim.utils.requires import requires


class BoardParamTest(FakeNativeMixin, unittest.TestCase):
    def build_error(self, board):
        with self.assertRaises(params.ParamError) as ctx:
            board._pre_instantiate()
        self.assertIsInstance(ctx.exception, ValueError)
        return ctx.exception

    def test_bad_cache_size_names_its_path(self):
        err = self.build_error(
            make_board(hierarchy=PrivateL1SharedL2CacheHierarchy("lots", "32KiB", "1MiB"))
        )
        self.assertEqual(err.path, "board.cache_hierarchy.l1d.size")
        self.assertIn("board.cache_hierarchy.l1d.size", str(err))
        self.assertIn("32KiB", str(err))

    def test_wrong_types(self):
        err = self.build_error(
            make_board(hierarchy=PrivateL1SharedL2CacheHierarchy("32KiB", "32KiB", 3.5))
        )
        self.assertEqual(err.path, "board.cache_hierarchy.l2.size")
        err = self.build_error(
            make_board(
                hierarchy=PrivateL1SharedL2CacheHierarchy("32KiB", "32KiB", "1MiB", l2_assoc="16")
            )
        )
        self.assertEqual(err.path, "board.cache_hierarchy.l2.assoc")
        self.assertIn("integer", str(err))
        self.assertEqual(self.build_error(make_board(clk="fast")).path, "board.clk_freq")
        self.assertEqual(
            self.build_error(make_board(memory=SingleChannelDDR4_2400("huge"))).path,
            "board.memory.size",
        )
        self.assertEqual(self.build_error(make_board(cores=0)).path, "board.processor.num_cores")

    def test_unimplemented_cpu_types(self):
        for cpu in ("o3", "minor", CPUTypes.KVM):
            err = self.build_error(make_board(cpu=cpu))
            self.assertIsInstance(err, NotImplementedError)
            self.assertEqual(err.path, "board.processor.cpu_type")
            self.assertIn("not implemented yet", str(err))
            self.assertIn("atomic, timing", str(err))

    def test_switchable_processor_refused(self):
        board = make_board()
        board.processor = SimpleSwitchableProcessor(CPUTypes.ATOMIC, CPUTypes.TIMING, 2)
        err = self.build_error(board)
        self.assertIsInstance(err, NotImplementedError)
        self.assertIn("CPU switching is not supported yet", str(err))

    def test_other_isa_refused(self):
        board = make_board()
        board.processor._isa = ISA.X86
        err = self.build_error(board)
        self.assertEqual(err.path, "board.processor.isa")
        self.assertIn("riscv", str(err))

    def test_simple_memory_timing(self):
        cfg = make_board(memory=SimpleMemory(size="64MiB"))._config("out")
        self.assertEqual(cfg["memory"], {"type": "SimpleMemory", "size": "64MiB"})
        for kwargs, path in [
            ({"latency": "50ns"}, "board.memory.latency"),
            ({"latency_var": "5ns"}, "board.memory.latency_var"),
            ({"bandwidth": "1GiB/s"}, "board.memory.bandwidth"),
        ]:
            err = self.build_error(make_board(memory=SimpleMemory(size="64MiB", **kwargs)))
            self.assertEqual(err.path, path)
            self.assertIn("not supported yet", str(err))

    def test_gem5_defaults(self):
        # gem5 stdlib's L1DCache, L1ICache and L2Cache defaults.
        l1d = {"size": "32KiB", "assoc": 8, "tag_latency": 1, "data_latency": 1,
               "response_latency": 1, "mshrs": 16, "tgts_per_mshr": 20,
               "writeback_clean": False, "prefetcher": "StridePrefetcher"}
        l1i = dict(l1d, size="16KiB", writeback_clean=True)
        l2 = {"size": "1MiB", "assoc": 16, "tag_latency": 10, "data_latency": 10,
              "response_latency": 1, "mshrs": 20, "tgts_per_mshr": 12,
              "writeback_clean": True, "prefetcher": "StridePrefetcher"}
        shared = PrivateL1SharedL2CacheHierarchy("32KiB", "16KiB", "1MiB")._check("h")
        self.assertEqual(shared, {"kind": "private_l1_shared_l2", "l1d": l1d, "l1i": l1i, "l2": l2})
        private = PrivateL1PrivateL2CacheHierarchy("32KiB", "16KiB", "1MiB")._check("h")
        self.assertEqual(private, {"kind": "private_l1_private_l2", "l1d": l1d, "l1i": l1i, "l2": l2})
        self.assertEqual(
            PrivateL1CacheHierarchy("32KiB", "16KiB")._check("h"),
            {"kind": "private_l1", "l1d": l1d, "l1i": l1i},
        )
        self.assertEqual(NoCache()._check("h"), {"kind": "none"})
        shared = PrivateL1SharedL2CacheHierarchy("32KiB", "16KiB", "1MiB", 4, 2, 8)._check("h")
        self.assertEqual([shared[k]["assoc"] for k in ("l1d", "l1i", "l2")], [4, 2, 8])

    def test_custom_caches(self):
        h = PrivateL1PrivateL2CacheHierarchy("32KiB", "16KiB", "1MiB")
        h.l1d = L1DCache("64KiB", tag_latency=3, mshrs=4, PrefetcherCls=None)
        h.l1i = L1ICache("16KiB", PrefetcherCls=NULL)
        h.l2 = L2Cache("512KiB", assoc=8, writeback_clean=False)
        h.l2.prefetcher = NULL  # as gem5 scripts may set it after construction
        cfg = h._check("h")
        self.assertEqual(
            (cfg["l1d"]["size"], cfg["l1d"]["tag_latency"], cfg["l1d"]["mshrs"]), ("64KiB", 3, 4)
        )
        self.assertEqual(cfg["l1d"]["prefetcher"], "Null")
        self.assertEqual(cfg["l1i"]["prefetcher"], "Null")
        self.assertEqual((cfg["l2"]["assoc"], cfg["l2"]["writeback_clean"]), (8, False))
        self.assertEqual(cfg["l2"]["prefetcher"], "Null")
        h.l2.prefetcher = StridePrefetcher()
        self.assertEqual(h._check("h")["l2"]["prefetcher"], "StridePrefetcher")
        self.assertEqual(
            L1DCache("1KiB", PrefetcherCls=StridePrefetcher)._check("c")["prefetcher"],
            "StridePrefetcher",
        )

    def test_bad_cache_parameters_name_their_path(self):
        for attr, value, path, allowed in [
            ("mshrs", 0, "board.cache_hierarchy.l1d.mshrs", "allowed values: 1 to 65536"),
            ("tgts_per_mshr", -1, "board.cache_hierarchy.l1d.tgts_per_mshr", "1 to 65536"),
            ("tag_latency", -2, "board.cache_hierarchy.l1d.tag_latency", "0 to 65536"),
            ("data_latency", "1ns", "board.cache_hierarchy.l1d.data_latency", "integer"),
            ("response_latency", 1.5, "board.cache_hierarchy.l1d.response_latency", "integer"),
            ("writeback_clean", 1, "board.cache_hierarchy.l1d.writeback_clean", "True or False"),
            ("prefetcher", "Stride", "board.cache_hierarchy.l1d.prefetcher", "StridePrefetcher"),
        ]:
            with self.subTest(attr=attr):
                h = PrivateL1CacheHierarchy("32KiB", "32KiB")
                setattr(h.l1d, attr, value)
                err = self.build_error(make_board(hierarchy=h))
                self.assertEqual(err.path, path)
                self.assertIn(allowed, str(err))
        h = PrivateL1CacheHierarchy("32KiB", "32KiB")
        h.l1i = "32KiB"
        err = self.build_error(make_board(hierarchy=h))
        self.assertEqual(err.path, "board.cache_hierarchy.l1i")
        self.assertIn("L1ICache", str(err))
        self.assertEqual(SingleChannelDDR3_1600()._check("m")["size"], "8GiB")
        self.assertEqual(SingleChannelDDR4_2400()._check("m")["size"], "16GiB")

    def test_custom_membus_refused(self):
        err = self.build_error(
            make_board(hierarchy=PrivateL1CacheHierarchy("32KiB", "32KiB", membus=object()))
        )
        self.assertEqual(err.path, "board.cache_hierarchy.membus")

    def test_workload_checks(self):
        board = make_board()
        board._workloads = []
        self.assertEqual(self.build_error(board).path, "board.workload")
        with self.assertRaises(params.UnsupportedError):
            board.set_se_binary_workload("/x", stdin_file="in.txt")
        with self.assertRaises(params.ParamError):
            board.set_se_binary_workload("/x", arguments="-v")
        board.set_se_multi_binary_workload(["/a", "/b", "/c"])
        err = self.build_error(board)
        self.assertIn("3 binaries", str(err))

    def test_set_workload_resource(self):
        from sim.resources.resource import WorkloadResource

        board = make_board()
        board._is_workload_set = False
        board.set_workload(
            WorkloadResource(
                function="set_se_binary_workload",
                parameters={"binary": "/bin/x", "arguments": ["-n", "3"]},
            )
        )
        self.assertEqual(board._workloads, [{"binary": "/bin/x", "args": ["-n", "3"]}])
        with self.assertRaises(params.UnsupportedError):
            board.set_workload(WorkloadResource(function="set_kernel_disk_workload"))

    def test_native_errors_mapped_to_board_paths(self):
        self.native.native_error = "hierarchy.l1d.size: 100 is not allowed: a multiple of 512"
        err = self.build_error(make_board())
        self.assertEqual(err.path, "board.cache_hierarchy.l1d.size")
        self.assertIn("a multiple of 512", str(err))
        self.native.native_error = "something odd happened"
        with self.assertRaisesRegex(ValueError, "something odd"):
            make_board()._pre_instantiate()

    def test_board_path(self):
        self.assertEqual(params.board_path("memory.size"), "board.memory.size")
        self.assertEqual(params.board_path("cpu_clock"), "board.clk_freq")
        self.assertEqual(params.board_path("workloads[1].binary"), "board.workload.binary")


class EnumsTest(unittest.TestCase):
    def test_cpu_types(self):
        self.assertIs(get_cpu_type_from_str("TIMING"), CPUTypes.TIMING)
        with self.assertRaisesRegex(Exception, "Known CPU Types"):
            get_cpu_type_from_str("fast")

    def test_isas(self):
        self.assertIs(get_isa_from_str("RiscV"), ISA.RISCV)
        with self.assertRaisesRegex(Exception, "Known ISAs"):
            get_isa_from_str("z80")

    def test_requires(self):
        requires(isa_required=ISA.RISCV)
        with self.assertRaisesRegex(Exception, "The required ISA is 'X86'"):
            requires(isa_required=ISA.X86)
        with self.assertRaisesRegex(Exception, "KVM is required"):
            requires(kvm_required=True)
        from sim.coherence_protocol import CoherenceProtocol

        with self.assertRaisesRegex(Exception, "classic caches only"):
            requires(coherence_protocol_required=CoherenceProtocol.CHI)


if __name__ == "__main__":
    unittest.main()
