"""Parameter checking at board build: errors name the board path and what is
allowed; native errors are mapped back to board paths; unsupported gem5
features are refused clearly."""

import unittest

from tests.fake_native import FakeNativeMixin, make_board

from sim import params
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
        self.assertEqual(err.path, "board.cache_hierarchy.l1d_size")
        self.assertIn("board.cache_hierarchy.l1d_size", str(err))
        self.assertIn("32KiB", str(err))

    def test_wrong_types(self):
        err = self.build_error(
            make_board(hierarchy=PrivateL1SharedL2CacheHierarchy("32KiB", "32KiB", 3.5))
        )
        self.assertEqual(err.path, "board.cache_hierarchy.l2_size")
        err = self.build_error(
            make_board(
                hierarchy=PrivateL1SharedL2CacheHierarchy("32KiB", "32KiB", "1MiB", l2_assoc="16")
            )
        )
        self.assertEqual(err.path, "board.cache_hierarchy.l2_assoc")
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
        shared = PrivateL1SharedL2CacheHierarchy("32KiB", "16KiB", "1MiB")._check("h")
        self.assertEqual(
            shared,
            {"kind": "private_l1_shared_l2", "l1d_size": "32KiB", "l1i_size": "16KiB",
             "l2_size": "1MiB", "l1d_assoc": 8, "l1i_assoc": 8, "l2_assoc": 16},
        )
        private = PrivateL1PrivateL2CacheHierarchy("32KiB", "16KiB", "1MiB")._check("h")
        self.assertEqual(private["l2_assoc"], 16)
        self.assertEqual(PrivateL1CacheHierarchy("32KiB", "16KiB")._check("h")["l1d_assoc"], 8)
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
        self.native.native_error = "hierarchy.l1d_size: 100 is not allowed: a multiple of 512"
        err = self.build_error(make_board())
        self.assertEqual(err.path, "board.cache_hierarchy.l1d_size")
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
