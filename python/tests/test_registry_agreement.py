"""The Python object declarations (``sim.objects``) and the Rust builder's
registry (``models::build::registry``) describe the same types: every type the
builder can build is declared in Python, and every parameter a Rust constructor
reads is a parameter of the Python class, so neither side can drift."""

import unittest

import sim.objects as objects

try:
    from sim import _native
except ImportError:  # the extension is not built
    _native = None


@unittest.skipIf(_native is None, "sim._native is not built (python/install.sh)")
class RegistryAgreementTest(unittest.TestCase):
    def setUp(self):
        self.python = objects.declared_params()
        self.rust = _native.registered_params()

    def test_every_registered_type_is_declared_in_python(self):
        missing = sorted(set(self.rust) - set(self.python))
        self.assertEqual(missing, [], "registered in Rust but declared by no Python class")

    def test_every_parameter_rust_reads_is_declared(self):
        for type_name, params in sorted(self.rust.items()):
            declared = set(self.python.get(type_name, ()))
            with self.subTest(type_name):
                self.assertEqual(sorted(set(params) - declared), [])

    def test_the_core_types_are_built_by_rust(self):
        for type_name in ["Root", "System", "SrcClockDomain", "VoltageDomain",
                          "BaseAtomicSimpleCPU", "BaseTimingSimpleCPU", "CoherentXBar",
                          "NoncoherentXBar", "SnoopFilter", "Cache", "LRURP",
                          "StridePrefetcher", "MemCtrl", "DRAMInterface", "SimpleMemory",
                          "Process", "RiscvEmuLinux", "SubSystem"]:
            self.assertIn(type_name, self.rust)
            self.assertIn(type_name, self.python)


if __name__ == "__main__":
    unittest.main()
