"""The object catalogue of sim.objects against gem5's: parameter types with
units, interleaved address ranges, the DRAM presets' numbers, memory
controllers, cache children, the RISC-V CPU parts and BaseCPU's wiring methods,
workloads chosen from a binary's ELF header, Parent.all, config.dot and the
declared parameter lists the Rust registry is checked against."""

import json
import os
import struct
import tempfile
import unittest

try:
    import sim._native  # noqa: F401  (units are parsed by the simulator)

    HAVE_NATIVE = True
except ImportError:
    HAVE_NATIVE = False

from sim.errors import MissingFileError, ParamError
from sim.objects import (
    DDR3_1600_8x8,
    DDR4_2400_8x8,
    HBM_2000_4H_1x64,
    HMC_2500_1x32,
    LPDDR3_1600_1x32,
    NULL,
    AddrRange,
    Cache,
    CoherentXBar,
    Current,
    HBMCtrl,
    L2XBar,
    LRURP,
    MemCtrl,
    MemorySize,
    Param,
    Parent,
    Process,
    RiscvEmuLinux,
    RiscvMMU,
    Root,
    Self,
    SEWorkload,
    SimObject,
    SimpleMemory,
    SrcClockDomain,
    StridePrefetcher,
    StubWorkload,
    SubSystem,
    System,
    SystemXBar,
    TimingSimpleCPU,
    TreePLRURP,
    VectorParam,
    VoltageDomain,
    config_dot,
    config_ini,
    declared_params,
    instantiate_tree,
    write_config,
)
from sim.objects.catalogue import declared_ports


class Meter(SimObject):
    """One parameter of each type the catalogue added."""

    type = "Meter"
    amps = Param.Current("0mA", "a current")
    volts = Param.Voltage("1V", "a voltage")
    joules = Param.Energy("0J", "an energy")
    temp = Param.Temperature("25C", "a temperature")
    net = Param.NetworkBandwidth("1Gbps", "a network bandwidth")
    bw = Param.MemoryBandwidth("12.8GiB/s", "a memory bandwidth")
    small = Param.MemorySize32("1KiB", "a 32-bit size")
    sock = Param.HostSocket(7000, "a socket")
    tcp = Param.TcpPort(80, "a TCP port")
    vlen = Param.RiscvVectorLength(256, "a vector length")
    tlb = Param.TypeTLB("data", "a TLB kind")
    order = Param.ByteOrder("little", "a byte order")
    i8 = Param.Int8(0, "an 8-bit int")
    i16 = Param.Int16(0, "a 16-bit int")
    i64 = Param.Int64(0, "a 64-bit int")
    tick = Param.Tick(0, "a tick")
    count = Param.Counter(0, "a counter")


GOOD = [
    ("amps", "55mA", 0.055), ("amps", "2A", 2.0), ("amps", 0.5, 0.5), ("amps", "3", 3.0),
    ("volts", "1.2V", 1.2), ("volts", "500mV", 0.5),
    ("joules", "1pJ", 1e-12), ("joules", "3nJ", 3e-9),
    ("temp", "25C", 298.15), ("temp", "300K", 300.0), ("temp", "32F", 273.15),
    ("net", "1Gbps", 1e9), ("net", "100Mbps", 1e8),
    ("bw", "1GiB/s", float(1 << 30)), ("bw", "1GB/s", float(1 << 30)),  # binary, as gem5
    ("bw", "512MiB/s", float(1 << 29)),
    ("small", "4KiB", 4096), ("small", (1 << 32) - 1, (1 << 32) - 1),
    ("sock", 0, 0), ("sock", "@gdb", "@gdb"), ("sock", "/tmp/gdb.sock", "/tmp/gdb.sock"),
    ("tcp", 65535, 65535), ("vlen", 8, 8), ("vlen", 65536, 65536),
    ("tlb", "instruction", "instruction"), ("tlb", "unified", "unified"),
    ("order", "big", "big"), ("i8", -128, -128), ("i8", 127, 127),
    ("i16", -32768, -32768), ("i64", -(1 << 63), -(1 << 63)),
    ("tick", (1 << 64) - 1, (1 << 64) - 1), ("count", "0x10", 16),
]

BAD = [
    ("amps", "lots", "Current"), ("amps", "5V", "Current"), ("amps", True, "Current"),
    ("volts", "1.2A", "Voltage"), ("joules", [], "Energy"),
    ("temp", "-300C", "Temperature"), ("temp", "25", "Temperature"), ("temp", 25, "Temperature"),
    ("net", "fast", "NetworkBandwidth"), ("net", "0bps", "NetworkBandwidth"),
    ("bw", "fast", "MemoryBandwidth"), ("bw", "1Gbps", "MemoryBandwidth"),
    ("small", "4GiB", "MemorySize32"), ("sock", 70000, "HostSocket"), ("sock", "", "HostSocket"),
    ("tcp", 65536, "TcpPort"), ("vlen", 96, "RiscvVectorLength"),
    ("vlen", 4, "RiscvVectorLength"), ("vlen", 1 << 17, "RiscvVectorLength"),
    ("tlb", "both", "TypeTLB"), ("order", "middle", "ByteOrder"),
    ("i8", 128, "Int8"), ("i8", -129, "Int8"), ("i16", 1 << 15, "Int16"),
    ("i64", 1 << 63, "Int64"), ("tick", -1, "Tick"), ("count", 1 << 64, "Counter"),
]


def milli(number):
    """``number`` thousandths, computed as gem5 computes "55mA" (55 * 1e-3)."""
    return float(number) * 1e-3


def clocked_system(**kwargs):
    system = System(**kwargs)
    system.clk_domain = SrcClockDomain(clock="1GHz", voltage_domain=VoltageDomain())
    return system


def memory_system(ctrl):
    """A system whose memory is ``ctrl`` behind a SystemXBar."""
    system = clocked_system(mem_mode="timing", mem_ranges=[AddrRange("512MiB")])
    system.membus = SystemXBar()
    system.system_port = system.membus.cpu_side_ports
    system.mem_ctrl = ctrl
    ctrl.port = system.membus.mem_side_ports
    return Root(full_system=False, system=system)


class L1Cache(Cache):
    """learning_gem5's L1 cache: defaults by assignment, wiring methods."""

    assoc = 2
    tag_latency = 2
    data_latency = 2
    response_latency = 2
    mshrs = 4
    tgts_per_mshr = 20

    def connectBus(self, bus):
        self.mem_side = bus.cpu_side_ports


class L1ICache(L1Cache):
    size = "16kB"

    def connectCPU(self, cpu):
        self.cpu_side = cpu.icache_port


class L1DCache(L1Cache):
    size = "64kB"

    def connectCPU(self, cpu):
        self.cpu_side = cpu.dcache_port


class L2Cache(Cache):
    size = "256kB"
    assoc = 8
    tag_latency = 20
    data_latency = 20
    response_latency = 20
    mshrs = 20
    tgts_per_mshr = 12

    def connectCPUSideBus(self, bus):
        self.cpu_side = bus.mem_side_ports

    def connectMemSideBus(self, bus):
        self.mem_side = bus.cpu_side_ports


def two_level_root():
    """learning_gem5's two_level.py with its subclassed caches and their wiring methods."""
    system = clocked_system(mem_mode="timing", mem_ranges=[AddrRange("512MB")])
    system.cpu = TimingSimpleCPU()
    system.cpu.icache = L1ICache()
    system.cpu.dcache = L1DCache()
    system.cpu.icache.connectCPU(system.cpu)
    system.cpu.dcache.connectCPU(system.cpu)
    system.l2bus = L2XBar()
    system.cpu.icache.connectBus(system.l2bus)
    system.cpu.dcache.connectBus(system.l2bus)
    system.l2cache = L2Cache()
    system.l2cache.connectCPUSideBus(system.l2bus)
    system.membus = SystemXBar()
    system.l2cache.connectMemSideBus(system.membus)
    system.cpu.createInterruptController()
    system.mem_ctrl = MemCtrl()
    system.mem_ctrl.dram = DDR3_1600_8x8()
    system.mem_ctrl.dram.range = system.mem_ranges[0]
    system.mem_ctrl.port = system.membus.mem_side_ports
    system.system_port = system.membus.cpu_side_ports
    system.workload = RiscvEmuLinux()
    system.cpu.workload = Process(cmd=["tests/hello"])
    system.cpu.createThreads()
    return Root(full_system=False, system=system)


def elf_header(machine, bits=64, little=True, os_abi=0):
    """The first 64 bytes of an ELF file with the given e_machine."""
    ident = b"\x7fELF" + bytes([1 if bits == 32 else 2, 1 if little else 2, 1, os_abi])
    ident += bytes(8)
    order = "<" if little else ">"
    return ident + struct.pack(order + "HHI", 2, machine, 1) + bytes(40)


@unittest.skipUnless(HAVE_NATIVE, "units are parsed by sim._native (python/install.sh)")
class ParamTypeTest(unittest.TestCase):
    def meter(self):
        root = Root(full_system=False, system=System())
        root.system.meter = Meter()
        return root.system.meter

    def test_good_values_convert(self):
        for name, value, want in GOOD:
            with self.subTest(name=name, value=value):
                meter = self.meter()
                setattr(meter, name, value)
                got = getattr(meter, name)
                if isinstance(want, float):
                    self.assertAlmostEqual(got, want, places=15)
                else:
                    self.assertEqual(got, want)

    def test_bad_values_name_path_value_and_what_is_allowed(self):
        for name, value, kind in BAD:
            with self.subTest(name=name, value=value):
                with self.assertRaises(ParamError) as caught:
                    setattr(self.meter(), name, value)
                message = str(caught.exception)
                self.assertTrue(message.startswith(f"system.meter.{name}: "), message)
                self.assertIn(repr(value), message)
                self.assertIn(kind, message)
                self.assertIn("allowed:", message)

    def test_ini_and_json_forms(self):
        root = Root(full_system=False, system=System())
        root.system.clk_domain = SrcClockDomain(clock="1GHz", voltage_domain=VoltageDomain())
        root.system.meter = Meter(amps="55mA", net="1Gbps", sock=7000, temp="25C")
        ini = config_ini(root).split("[system.meter]")[1].split("\n\n")[0].splitlines()
        # 8 bits / 1e9 bit/s = 8ns = 8000 ticks per byte, as gem5 writes it.
        for line in ["amps=0.055", "net=8000.000000", "bw=73.000000", "sock=#7000", "temp=298.15",
                     "tlb=data", "volts=1.0", "small=1024"]:
            self.assertIn(line, ini)
        meter = instantiate_tree(root)["system"]["meter"]
        self.assertEqual((meter["amps"], meter["net"], meter["sock"]), (0.055, "8000.000000",
                                                                        "#7000"))
        root.system.meter.sock = "/tmp/g.sock"
        self.assertIn("sock=P/tmp/g.sock", config_ini(root).splitlines())

    def test_value_constructors_check_like_parameters(self):
        self.assertEqual(MemorySize("512MiB"), 512 << 20)
        self.assertEqual(MemorySize("1kB").value, 1024)
        self.assertEqual(str(MemorySize("2KiB")), "2048")
        self.assertAlmostEqual(Current("55mA"), 0.055)
        with self.assertRaises(ParamError) as caught:
            MemorySize("lots")
        self.assertIn("'lots'", str(caught.exception))


class AddrRangeInterleavingTest(unittest.TestCase):
    def test_high_bit_interleaving_makes_masks_as_gem5(self):
        # Two channels interleaved on bit 6 (64-byte lines).
        rng = AddrRange(0, size="1GiB" if HAVE_NATIVE else 1 << 30, intlvHighBit=6,
                        intlvBits=1, intlvMatch=1)
        self.assertEqual(rng.masks, [1 << 6])
        self.assertEqual(str(rng), f"0:{1 << 30}:1:64")
        self.assertEqual(rng.size(), 1 << 29)
        four = AddrRange(0, 1 << 30, intlvHighBit=7, intlvBits=2, intlvMatch=3)
        self.assertEqual(four.masks, [1 << 6, 1 << 7])
        hashed = AddrRange(0, 1 << 30, intlvHighBit=6, xorHighBit=20, intlvBits=1)
        self.assertEqual(hashed.masks, [(1 << 6) | (1 << 20)])

    def test_explicit_masks_and_equality(self):
        rng = AddrRange(0, 1 << 20, masks=[0x40, 0x80], intlvMatch=2)
        self.assertEqual(rng.intlv_bits, 2)
        self.assertEqual(rng, AddrRange(0, 1 << 20, intlvHighBit=7, intlvBits=2, intlvMatch=2))
        self.assertNotEqual(rng, AddrRange(0, 1 << 20))
        self.assertFalse(AddrRange(0, 16).interleaved())

    def test_bad_interleavings_are_refused(self):
        for kwargs in [dict(intlvBits=1), dict(intlvBits=2, intlvHighBit=6, intlvMatch=4),
                       dict(masks=[0]), dict(masks="64"), dict(intlvBits=8, intlvHighBit=3),
                       dict(intlvMatch=-1)]:
            with self.subTest(kwargs=kwargs), self.assertRaises(ParamError):
                AddrRange(0, 1 << 20, **kwargs)


@unittest.skipUnless(HAVE_NATIVE, "units are parsed by sim._native (python/install.sh)")
class DramTest(unittest.TestCase):
    def dram(self, ctrl):
        return instantiate_tree(memory_system(ctrl))["system"]["mem_ctrl"]

    def test_ddr3_1600_8x8_is_gem5s(self):
        ctrl = self.dram(DDR3_1600_8x8(range=AddrRange("512MiB")).controller())
        dram = ctrl["dram"]
        self.assertEqual((ctrl["type"], ctrl["cxx_class"]), ("MemCtrl", "gem5::memory::MemCtrl"))
        self.assertEqual((dram["type"], dram["path"]), ("DRAMInterface", "system.mem_ctrl.dram"))
        self.assertEqual(dram["range"], "0:536870912")
        self.assertEqual((dram["device_size"], dram["device_bus_width"], dram["burst_length"]),
                         (512 << 20, 8, 8))
        self.assertEqual((dram["devices_per_rank"], dram["ranks_per_channel"],
                          dram["banks_per_rank"], dram["bank_groups_per_rank"]), (8, 2, 8, 0))
        self.assertEqual((dram["tCK"], dram["tBURST"], dram["tRCD"], dram["tRAS"],
                          dram["tRFC"], dram["tREFI"], dram["tXS"]),
                         (1250, 5000, 13750, 35000, 260000, 7800000, 270000))
        self.assertEqual((dram["IDD0"], dram["IDD4R"], dram["IDD5"], dram["VDD"]),
                         (milli(55), milli(157), milli(235), 1.5))
        self.assertEqual((dram["IDD02"], dram["VDD2"]), (0.0, 0.0))
        # Self proxies: write timings default to the read ones.
        self.assertEqual((dram["tRCD_WR"], dram["tCWL"], dram["tBURST_MAX"], dram["tAAD"]),
                         (13750, 13750, 5000, 1250))
        self.assertEqual((dram["page_policy"], dram["addr_mapping"]),
                         ("open_adaptive", "RoRaBaCoCh"))
        self.assertEqual((ctrl["mem_sched_policy"], ctrl["static_frontend_latency"],
                          ctrl["static_backend_latency"], ctrl["write_high_thresh_perc"],
                          ctrl["min_writes_per_switch"], ctrl["qos_q_policy"]),
                         ("frfcfs", 10000, 10000, 85, 16, "fifo"))
        self.assertEqual(len(ctrl["qos_requestors"]), 16)
        self.assertNotIn("range", ctrl)

    def test_ddr4_2400_8x8_inherits_from_16x4(self):
        dram = self.dram(MemCtrl(dram=DDR4_2400_8x8()))["dram"]
        self.assertEqual((dram["device_bus_width"], dram["devices_per_rank"],
                          dram["device_rowbuffer_size"]), (8, 8, 1024))
        self.assertEqual((dram["bank_groups_per_rank"], dram["banks_per_rank"],
                          dram["write_buffer_size"], dram["read_buffer_size"]), (4, 16, 128, 64))
        self.assertEqual((dram["tCK"], dram["tRCD"], dram["tCCD_L"], dram["tXAW"],
                          dram["tRRD_L"]), (833, 14160, 5000, 21000, 4900))
        self.assertEqual((dram["IDD0"], dram["IDD4R"], dram["IDD4W"], dram["IDD3N2"],
                          dram["VDD"], dram["VDD2"]),
                         (milli(48), milli(135), milli(123), milli(3), 1.2, 2.5))
        self.assertEqual(dram["tWTR_L"], dram["tWTR"])

    def test_class_defaults_read_as_gem5_scripts_read_them(self):
        # se.py's MemConfig reads preset classes' defaults through .value.
        self.assertEqual(DDR3_1600_8x8.device_rowbuffer_size.value, 1024)
        self.assertEqual(DDR3_1600_8x8.devices_per_rank.value, 8)
        self.assertEqual(DDR4_2400_8x8.tCK.value, 833)
        with self.assertRaises(ParamError) as caught:
            DDR3_1600_8x8.tRCD_WR.value  # Self.tRCD: only an object can resolve it
        self.assertIn("Self.tRCD", str(caught.exception))
        with self.assertRaises(ParamError):
            MemCtrl.dram.value  # required, no default

    def test_other_presets(self):
        lp = self.dram(MemCtrl(dram=LPDDR3_1600_1x32()))["dram"]
        self.assertEqual((lp["dll"], lp["device_rowbuffer_size"], lp["IDD4R2"], lp["VDD"]),
                         (False, 4096, milli(230), 1.8))
        hmc = self.dram(HMC_2500_1x32().controller())
        self.assertEqual((hmc["min_writes_per_switch"], hmc["static_backend_latency"]), (8, 4000))
        self.assertEqual((hmc["dram"]["page_policy"], hmc["dram"]["addr_mapping"]),
                         ("close_adaptive", "RoCoRaBaCh"))

    def test_hbm_controller_has_two_pseudo_channels(self):
        ctrl = self.dram(HBMCtrl(dram=HBM_2000_4H_1x64(range=AddrRange(0, size="256MiB")),
                                 dram_2=HBM_2000_4H_1x64(range=AddrRange("256MiB", "512MiB"))))
        self.assertEqual((ctrl["type"], ctrl["cxx_class"]), ("HBMCtrl", "gem5::memory::HBMCtrl"))
        self.assertEqual((ctrl["min_reads_per_switch"], ctrl["min_writes_per_switch"]), (64, 64))
        second = ctrl["dram_2"]
        self.assertEqual((second["path"], second["range"]),
                         ("system.mem_ctrl.dram_2", f"{256 << 20}:{512 << 20}"))
        self.assertEqual((second["tRCD"], second["tRCD_WR"], second["tCL"], second["tCWL"],
                          second["tAAD"], second["two_cycle_activate"]),
                         (12000, 6000, 18000, 7000, 1000, True))

    def test_controller_without_interface_or_port_is_reported(self):
        with self.assertRaises(ParamError) as caught:
            instantiate_tree(memory_system(MemCtrl()))
        self.assertIn("system.mem_ctrl.dram", str(caught.exception))
        root = memory_system(MemCtrl(dram=DDR3_1600_8x8()))
        root.system.spare = MemCtrl(dram=DDR3_1600_8x8())
        with self.assertRaises(ParamError) as caught:
            instantiate_tree(root)
        self.assertIn("system.spare.port", str(caught.exception))

    def test_system_memories_is_parent_all(self):
        root = memory_system(MemCtrl(dram=DDR3_1600_8x8()))
        root.system.scratch = SimpleMemory(range=AddrRange(1 << 30, size=4096))
        tree = instantiate_tree(root)
        self.assertEqual(tree["system"]["memories"], ["system.mem_ctrl.dram", "system.scratch"])


@unittest.skipUnless(HAVE_NATIVE, "units are parsed by sim._native (python/install.sh)")
class ProxyTest(unittest.TestCase):
    def test_parent_all_finds_every_object_of_the_type_sorted_by_path(self):
        class Census(SimObject):
            type = "Census"
            policies = VectorParam.BaseReplacementPolicy(Parent.all, "every policy under "
                                                                     "the parent")
            mine = VectorParam.BaseReplacementPolicy(Self.all, "every policy under this object")

        root = two_level_root()
        root.system.census = Census()
        root.system.census.own = LRURP()
        tree = instantiate_tree(root)
        census = tree["system"]["census"]
        self.assertEqual(census["policies"], ["system.census.own",
                                              "system.cpu.dcache.replacement_policy",
                                              "system.cpu.icache.replacement_policy",
                                              "system.l2cache.replacement_policy"])
        self.assertEqual(census["mine"], ["system.census.own"])

    def test_eventq_index_is_inherited_from_root_and_find_any(self):
        root = two_level_root()
        root.system.cpu.eventq_index = 3
        tree = instantiate_tree(root)
        self.assertEqual((tree["eventq_index"], tree["system"]["eventq_index"]), (0, 0))
        self.assertEqual(tree["system"]["cpu"]["mmu"]["itb"]["eventq_index"], 3)
        self.assertEqual(root.system.find_any(SystemXBar), (root.system.membus, True))
        self.assertEqual(root.system.find_any(Cache), (root.system.l2cache, True))
        self.assertEqual(root.system.find_any(HBMCtrl), (None, False))
        with self.assertRaises(ParamError) as caught:
            root.system.find_any(CoherentXBar)  # the membus and the l2bus
        self.assertIn("system.l2bus", str(caught.exception))

    def test_parent_all_on_a_value_parameter_is_an_error(self):
        class Bad(SimObject):
            type = "Bad"
            n = Param.Int(Parent.all, "not an object")

        root = two_level_root()
        root.system.bad = Bad()
        with self.assertRaises(ParamError) as caught:
            instantiate_tree(root)
        self.assertIn("system.bad.n", str(caught.exception))
        self.assertIn("Parent.all", str(caught.exception))

    def test_parent_x_chains_through_tags_to_the_cache(self):
        root = two_level_root()
        root.system.cpu.dcache.size = "32kB"
        tree = instantiate_tree(root)
        tags = tree["system"]["cpu"]["dcache"]["tags"]
        self.assertEqual((tags["size"], tags["assoc"], tags["tag_latency"], tags["block_size"]),
                         (32768, 2, 2, 64))
        self.assertEqual(tags["indexing_policy"]["size"], 32768)
        self.assertEqual(tags["indexing_policy"]["entry_size"], 64)


@unittest.skipUnless(HAVE_NATIVE, "units are parsed by sim._native (python/install.sh)")
class CacheChildrenTest(unittest.TestCase):
    def test_default_children_in_config_json(self):
        cache = instantiate_tree(two_level_root())["system"]["l2cache"]
        self.assertEqual((cache["tags"]["type"], cache["tags"]["cxx_class"]),
                         ("BaseSetAssoc", "gem5::BaseSetAssoc"))
        self.assertEqual(cache["tags"]["indexing_policy"]["type"], "SetAssociative")
        self.assertEqual(cache["replacement_policy"]["type"], "LRURP")
        self.assertEqual(cache["tags"]["replacement_policy"], "system.l2cache.replacement_policy")
        self.assertEqual((cache["prefetcher"], cache["compressor"],
                          cache["partitioning_manager"]), (None, None, None))
        self.assertEqual(cache["tags"]["size"], 262144)

    def test_policies_and_stride_prefetcher(self):
        root = two_level_root()
        dcache = root.system.cpu.dcache
        dcache.replacement_policy = TreePLRURP()
        dcache.prefetcher = StridePrefetcher(degree=2)
        tree = instantiate_tree(root)["system"]["cpu"]["dcache"]
        self.assertEqual((tree["replacement_policy"]["type"],
                          tree["replacement_policy"]["num_leaves"]), ("TreePLRURP", 2))
        pf = tree["prefetcher"]
        self.assertEqual((pf["type"], pf["degree"], pf["on_inst"], pf["queue_size"],
                          pf["latency"], pf["confidence_threshold"], pf["table_assoc"]),
                         ("StridePrefetcher", 2, False, 32, 1, 50, 4))
        table = pf["table_indexing_policy"]
        self.assertEqual((table["type"], table["assoc"], table["size"], table["entry_size"]),
                         ("StridePrefetcherHashedSetAssociative", 4, 64, 1))
        self.assertEqual(pf["table_replacement_policy"]["type"], "RandomRP")
        self.assertEqual(pf["block_size"], 64)

    def test_each_cache_owns_its_children(self):
        one, two = L1DCache(), L1DCache()
        self.assertIsNot(one.tags, two.tags)
        self.assertIsNot(one.replacement_policy, two.replacement_policy)


@unittest.skipUnless(HAVE_NATIVE, "units are parsed by sim._native (python/install.sh)")
class CpuTest(unittest.TestCase):
    def test_riscv_parts_and_threads(self):
        root = two_level_root()
        cpu = instantiate_tree(root)["system"]["cpu"]
        self.assertEqual((cpu["isa"][0]["type"], cpu["isa"][0]["riscv_type"],
                          cpu["isa"][0]["vlen"], cpu["isa"][0]["privilege_mode_set"]),
                         ("RiscvISA", "RV64", 256, "MSU"))
        self.assertEqual(cpu["decoder"][0]["isa"], "system.cpu.isa")
        self.assertEqual(cpu["interrupts"][0]["type"], "RiscvInterrupts")
        mmu = cpu["mmu"]
        self.assertEqual((mmu["type"], mmu["itb"]["entry_type"], mmu["dtb"]["entry_type"]),
                         ("RiscvMMU", "instruction", "data"))
        self.assertEqual(mmu["itb"]["walker"]["pmp"], "system.cpu.mmu.pmp")
        self.assertEqual(mmu["dtb"]["pma_checker"], "system.cpu.mmu.pma_checker")
        self.assertEqual(cpu["tracer"]["type"], "ExeTracer")
        self.assertEqual(cpu["power_state"]["possible_states"], ["ON", "CLK_GATED", "OFF"])
        self.assertNotIn("pio", cpu["interrupts"][0])

    def test_two_threads_get_two_isas_and_decoders(self):
        cpu = TimingSimpleCPU(numThreads=2)
        cpu.createThreads()
        cpu.createInterruptController()
        self.assertEqual(len(cpu.isa), 2)
        self.assertEqual([d.isa for d in cpu.decoder], cpu.isa)
        self.assertEqual([i.get_name() for i in cpu.interrupts], ["interrupts0", "interrupts1"])
        with self.assertRaises(ParamError):
            cpu.createThreads()  # the decoders exist already
        self.assertRaises(RuntimeError, cpu.createThreads)  # gem5 raises RuntimeError
        mismatched = TimingSimpleCPU(numThreads=2)
        mismatched.isa = [mismatched.ArchISA()]
        with self.assertRaises(ParamError) as caught:
            mismatched.createThreads()
        self.assertIn("numThreads=2", str(caught.exception))

    def test_each_mmu_owns_its_tlbs(self):
        one, two = RiscvMMU(), RiscvMMU()
        self.assertIsNot(one.itb, two.itb)
        self.assertEqual(one.itb.get_name(), "itb")

    def test_connect_all_ports_after_private_l1s(self):
        system = clocked_system(mem_mode="timing")
        system.cpu = TimingSimpleCPU()
        system.membus = SystemXBar()
        system.cpu.addPrivateSplitL1Caches(L1ICache(), L1DCache())
        system.cpu.connectAllPorts(system.membus.cpu_side_ports,
                                   system.membus.cpu_side_ports, system.membus.mem_side_ports)
        peers = [str(e.peer) for e in system.membus.cpu_side_ports.elements]
        self.assertEqual(peers, ["System.cpu.icache.mem_side", "System.cpu.dcache.mem_side",
                                 "System.cpu.mmu.itb.walker.port",
                                 "System.cpu.mmu.dtb.walker.port"])
        self.assertEqual(str(system.cpu.icache_port.peer), "System.cpu.icache.cpu_side")

    def test_connect_bus_without_caches_and_two_level_hierarchy(self):
        cpu = TimingSimpleCPU()
        bus = SystemXBar()
        cpu.connectBus(bus)
        self.assertEqual([str(e.peer) for e in bus.cpu_side_ports.elements],
                         ["RiscvTimingSimpleCPU.icache_port", "RiscvTimingSimpleCPU.dcache_port",
                          "RiscvTimingSimpleCPU.mmu.itb.walker.port",
                          "RiscvTimingSimpleCPU.mmu.dtb.walker.port"])
        cpu2 = TimingSimpleCPU()
        cpu2.addTwoLevelCacheHierarchy(L1ICache(), L1DCache(), L2Cache())
        membus = SystemXBar()
        cpu2.connectCachedPorts(membus.cpu_side_ports)
        self.assertEqual([str(e.peer) for e in membus.cpu_side_ports.elements],
                         ["RiscvTimingSimpleCPU.l2cache.mem_side"])
        self.assertEqual(len(cpu2.toL2Bus.cpu_side_ports), 4)

    def test_deprecated_port_names_still_connect_with_a_warning(self):
        import contextlib
        import io

        cpu, bus = TimingSimpleCPU(), SystemXBar()
        err = io.StringIO()
        with contextlib.redirect_stderr(err):
            cpu.icache_port = bus.slave
            bus.slave = cpu.dcache_port
        self.assertEqual(len(bus.cpu_side_ports), 2)
        self.assertIn("`slave` is now called `cpu_side_ports`", err.getvalue())

    def test_memory_modes(self):
        from sim.objects import AtomicSimpleCPU

        self.assertEqual(TimingSimpleCPU.memory_mode(), "timing")
        self.assertEqual(AtomicSimpleCPU.memory_mode(), "atomic")


class WorkloadTest(unittest.TestCase):
    def binary(self, data):
        fd, path = tempfile.mkstemp(prefix="elf")
        with os.fdopen(fd, "wb") as f:
            f.write(data)
        self.addCleanup(os.unlink, path)
        return path

    def test_riscv_binaries_get_riscv_emu_linux(self):
        for bits, abi in ((64, 0), (32, 0), (64, 3)):
            with self.subTest(bits=bits, abi=abi):
                path = self.binary(elf_header(243, bits, os_abi=abi))
                workload = SEWorkload.init_compatible(path)
                self.assertIsInstance(workload, RiscvEmuLinux)
                self.assertEqual(workload.type, "RiscvEmuLinux")

    def test_other_machines_name_the_binary_and_machine(self):
        for machine, name in ((62, "x86_64"), (183, "aarch64"), (40, "arm")):
            with self.subTest(machine=machine):
                path = self.binary(elf_header(machine))
                with self.assertRaises(ParamError) as caught:
                    SEWorkload.init_compatible(path)
                message = str(caught.exception)
                self.assertTrue(message.startswith(path + ": "), message)
                self.assertIn(name, message)
                self.assertIn(f"e_machine {machine}", message)
        freebsd = self.binary(elf_header(243, os_abi=9))
        with self.assertRaises(ParamError) as caught:
            SEWorkload.init_compatible(freebsd)
        self.assertIn("freebsd", str(caught.exception))

    def test_missing_and_non_elf_files(self):
        with self.assertRaises(MissingFileError):
            SEWorkload.init_compatible("/nonexistent/binary")
        with self.assertRaises(ParamError) as caught:
            SEWorkload.init_compatible(self.binary(b"#!/bin/sh\necho hi\n"))
        self.assertIn("not an ELF", str(caught.exception))

    def test_stub_workload_is_the_system_default(self):
        system = System()
        self.assertIsInstance(system.workload, StubWorkload)
        self.assertEqual(system.workload.path(), "System.workload")
        self.assertEqual((system.workload.entry, system.workload.byte_order,
                          system.workload.remote_gdb_port), (0, "little", 7000))

    def test_process_defaults_are_gem5s(self):
        process = Process(cmd=["hello"])
        self.assertEqual((process.pid, process.ppid, process.uid, process.release,
                          process.useArchPT, process.kvmInSE, process.input, process.drivers),
                         (100, 0, 100, "5.1.0", False, False, "cin", []))

    def test_subsystem_is_a_concrete_grouping(self):
        group = SubSystem()
        self.assertEqual((group.type, group.thermal_domain), ("SubSystem", NULL))


@unittest.skipUnless(HAVE_NATIVE, "units are parsed by sim._native (python/install.sh)")
class OutputTest(unittest.TestCase):
    def test_two_level_ini_json_and_dot(self):
        with tempfile.TemporaryDirectory() as outdir:
            write_config(two_level_root(), outdir)
            with open(os.path.join(outdir, "config.json"), encoding="utf-8") as f:
                tree = json.load(f)
            with open(os.path.join(outdir, "config.ini"), encoding="utf-8") as f:
                ini = f.read().splitlines()
            with open(os.path.join(outdir, "config.dot"), encoding="utf-8") as f:
                dot = f.read()
        self.assertEqual(tree["system"]["cpu"]["icache"]["type"], "Cache")
        self.assertEqual(tree["system"]["mem_ctrl"]["dram"]["IDD0"], 0.055)
        self.assertIn("[system.mem_ctrl.dram]", ini)
        self.assertIn("dram=system.mem_ctrl.dram", ini)
        self.assertIn("tags=system.cpu.icache.tags", ini)
        self.assertIn("type=BaseSetAssoc", ini)
        self.assertIn("workload=system.workload", ini)
        self.assertTrue(dot.startswith("digraph G {\n"))
        self.assertIn('subgraph "cluster_system_cpu_icache" {', dot)
        self.assertIn('label="icache \\n: L1ICache"', dot)
        # One edge per connection, from the request side to the response side.
        edges = [line.strip() for line in dot.splitlines() if " -> " in line]
        self.assertEqual(len(edges), 8)
        self.assertIn('"system_cpu_icache_port" -> "system_cpu_icache_cpu_side" '
                      '[dir="forward"];', edges)
        self.assertIn('"system_membus_mem_side_ports" -> "system_mem_ctrl_port" '
                      '[dir="forward"];', edges)

    def test_dot_is_deterministic(self):
        first, second = two_level_root(), two_level_root()
        instantiate_tree(first)
        instantiate_tree(second)
        self.assertEqual(config_dot(first), config_dot(second))


class CatalogueTest(unittest.TestCase):
    def test_declared_params_of_concrete_types(self):
        params = declared_params()
        self.assertEqual(list(params), sorted(params))
        for name in ["MemCtrl", "DRAMInterface", "HBMCtrl", "Cache", "BaseSetAssoc", "LRURP",
                     "StridePrefetcher", "RiscvISA", "RiscvMMU", "RiscvTLB", "Process",
                     "RiscvEmuLinux", "StubWorkload", "SubSystem", "System", "Root",
                     "BaseTimingSimpleCPU", "BaseAtomicSimpleCPU", "SnoopFilter",
                     "CoherentXBar", "SimpleMemory", "SrcClockDomain", "VoltageDomain",
                     "PowerState"]:
            self.assertIn(name, params)
        for abstract in ["BaseCache", "SEWorkload", "BaseCPU", "AbstractMemory", "MemInterface",
                         "QueuedPrefetcher", "BaseReplacementPolicy", "Meter"]:
            self.assertNotIn(abstract, params)
        self.assertIn("dram", params["MemCtrl"])
        self.assertNotIn("range", params["MemCtrl"])
        self.assertIn("range", params["DRAMInterface"])
        self.assertIn("IDD4R2", params["DRAMInterface"])
        self.assertEqual(params["HBMCtrl"], sorted(params["MemCtrl"] + ["dram_2"]))
        for name in ["tags", "replacement_policy", "prefetcher", "compressor", "size"]:
            self.assertIn(name, params["Cache"])
        self.assertIn("workload", params["System"])
        self.assertEqual(params["LRURP"], ["eventq_index"])  # every SimObject has it

    def test_a_class_adding_parameters_without_a_type_is_reported(self):
        import types

        module = types.ModuleType("sim.objects.scratch")
        namespace = {"__module__": module.__name__,
                     "extra": Param.Int(0, "a parameter the type does not have")}
        odd = type("OddCache", (Cache,), namespace)
        self.addCleanup(SimObject.registry().pop, "OddCache")
        with self.assertRaises(TypeError) as caught:
            declared_params()
        self.assertIn("OddCache", str(caught.exception))
        self.assertIn("['extra']", str(caught.exception))
        self.assertEqual(odd.type, "Cache")

    def test_declared_ports(self):
        ports = declared_ports()
        self.assertEqual(ports["MemCtrl"], ["port"])
        self.assertEqual(ports["Cache"], ["cpu_side", "mem_side"])
        self.assertEqual(ports["RiscvInterrupts"], [])


if __name__ == "__main__":
    unittest.main()
