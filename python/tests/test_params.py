"""sim.params' board paths of native parameter names, and the CPU type and ISA
enums and ``requires``. The stdlib components' parameters and their error
paths are tested in test_stdlib_tree.py."""

import unittest

from sim import params
from sim.components.processors.cpu_types import CPUTypes, get_cpu_type_from_str
from sim.isas import ISA, get_isa_from_str
from sim.utils.requires import requires


class BoardPathTest(unittest.TestCase):
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
