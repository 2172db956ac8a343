"""The full-system platform devices as gem5 scripts declare them (HiFive-style:
devices under ``system.platform``, the UART finding its ``Terminal`` with
``Parent.any``, a disk as ``RiscvMmioVirtIO(vio=VirtIOBlock(image=CowDiskImage(...)))``)
resolve to the tree the Rust builder reads."""

import unittest

try:
    import sim._native  # noqa: F401  (units are parsed by the simulator)

    HAVE_NATIVE = True
except ImportError:
    HAVE_NATIVE = False

from sim.errors import ParamError
from sim.objects import (
    Clint,
    CowDiskImage,
    GoldfishRTC,
    Plic,
    RawDiskImage,
    RiscvMmioVirtIO,
    RiscvTestFinisher,
    RiscvUart8250,
    Root,
    SrcClockDomain,
    SubSystem,
    System,
    Terminal,
    VirtIOBlock,
    VoltageDomain,
    declared_params,
    instantiate_tree,
)


def platform_system(image="/tmp/disk.img", terminal=True):
    system = System()
    system.clk_domain = SrcClockDomain(clock="1GHz", voltage_domain=VoltageDomain())
    p = system.platform = SubSystem()
    p.clint = Clint(pio_addr=0x2000000, pio_size=0x10000, num_threads=2)
    p.plic = Plic(pio_addr=0xC000000, n_src=96, hart_config="MS,MS")
    p.uart = RiscvUart8250(pio_addr=0x10000000)
    if terminal:
        p.terminal = Terminal()
    p.rtc = GoldfishRTC(pio_addr=0x101000)
    p.test = RiscvTestFinisher(pio_addr=0x100000)
    p.disk = RiscvMmioVirtIO(
        pio_addr=0x10001000, pio_size=0x1000, interrupt_id=1,
        vio=VirtIOBlock(image=CowDiskImage(child=RawDiskImage(read_only=True))))
    p.disk.vio.image.child.image_file = image
    return Root(full_system=True, system=system)


@unittest.skipUnless(HAVE_NATIVE, "units are parsed by sim._native (python/install.sh)")
class PlatformDevicesTest(unittest.TestCase):
    def test_a_platform_resolves_with_gem5_names_and_defaults(self):
        tree = instantiate_tree(platform_system())
        p = tree["system"]["platform"]
        self.assertEqual(p["uart"]["type"], "Uart8250")
        self.assertEqual(p["uart"]["device"], "system.platform.terminal")
        self.assertEqual(p["uart"]["interrupt_id"], 10)
        self.assertEqual(p["uart"]["pio_latency"], 100_000)  # 100ns in ticks
        self.assertEqual(p["plic"]["pio_size"], 0x4000000)
        self.assertEqual(p["clint"]["num_threads"], 2)
        self.assertEqual(p["rtc"]["interrupt_id"], 11)
        self.assertEqual(p["terminal"]["outfile"], "file")
        image = p["disk"]["vio"]["image"]
        self.assertEqual(image["type"], "CowDiskImage")
        self.assertEqual(image["child"]["image_file"], "/tmp/disk.img")
        self.assertTrue(image["child"]["read_only"])
        self.assertEqual(p["disk"]["vio"]["queueSize"], 128)

    def test_a_uart_without_a_terminal_is_reported(self):
        root = platform_system(terminal=False)
        with self.assertRaisesRegex(ParamError, r"system\.platform\.uart\.device"):
            instantiate_tree(root)

    def test_gem5_parameter_names_are_declared(self):
        params = declared_params()
        self.assertIn("num_threads", params["Clint"])
        self.assertIn("hart_config", params["Plic"])
        self.assertIn("n_contexts", params["Plic"])
        self.assertIn("queueSize", params["VirtIOBlock"])
        self.assertLessEqual({"image_file", "read_only"}, set(params["RawDiskImage"]))
        self.assertIn("table_size", params["CowDiskImage"])


if __name__ == "__main__":
    unittest.main()
