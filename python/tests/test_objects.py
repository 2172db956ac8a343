"""gem5's SimObject model (sim.objects): parameter types, subclass defaults,
children, proxies, ports, and the config.json / config.ini of a tree built the
way learning_gem5's simple.py builds one."""

import json
import os
import subprocess
import sys
import unittest

try:
    import sim._native  # noqa: F401  (units are parsed by the simulator)

    HAVE_NATIVE = True
except ImportError:
    HAVE_NATIVE = False

from sim.errors import ParamError
from sim.objects import (
    NULL,
    AddrRange,
    Cache,
    Enum,
    L2XBar,
    Param,
    Parent,
    PortError,
    Process,
    RiscvEmuLinux,
    Root,
    Self,
    SimObject,
    SimpleMemory,
    SrcClockDomain,
    System,
    SystemXBar,
    TimingSimpleCPU,
    UnknownAttributeError,
    VectorParam,
    VoltageDomain,
    config_ini,
    instantiate_tree,
    write_config,
)
from sim.objects.ports import RequestPort, ResponsePort, VectorResponsePort


class Colour(Enum):
    vals = ["red", "green"]


class Gadget(SimObject):
    """One parameter of every type, for the table below."""

    type = "Gadget"
    size = Param.MemorySize("32KiB", "a size")
    freq = Param.Frequency("1GHz", "a frequency")
    clock = Param.Clock("1GHz", "a clock")
    lat = Param.Latency("30ns", "a latency")
    cycles = Param.Cycles(2, "cycles")
    addr = Param.Addr(0, "an address")
    rng = Param.AddrRange("1MiB", "a range")
    flag = Param.Bool(False, "a flag")
    i = Param.Int(0, "an int")
    u = Param.Unsigned(0, "an unsigned")
    u8 = Param.UInt8(0, "a byte")
    u16 = Param.UInt16(0, "a half")
    u32 = Param.UInt32(0, "a word")
    u64 = Param.UInt64(0, "a double word")
    f = Param.Float(0.5, "a float")
    pct = Param.Percent(0, "a percentage")
    s = Param.String("", "a string")
    colour = Param.Colour("red", "an enum")
    ranges = VectorParam.AddrRange([], "ranges")
    sizes = VectorParam.MemorySize([], "sizes")
    needed = Param.Unsigned("a required value")
    a = Param.Int(3, "a")
    b = Param.Int(Self.a, "b, defaulting to a")
    line = Param.Unsigned(Parent.cache_line_size, "the system's line size")
    owner = Param.System(Parent.any, "the system")


GOOD = [
    ("size", "32KiB", 32768), ("size", "32kB", 32768), ("size", 4096, 4096),
    ("size", "2MiB", 2 << 20),
    ("freq", "3GHz", 333), ("freq", "2GHz", 500), ("clock", "2GHz", 500),
    ("clock", "1ns", 1000), ("clock", "250t", 250),
    ("lat", "30ns", 30000), ("lat", "1us", 1000000), ("lat", "7t", 7),
    ("cycles", 4, 4), ("cycles", "10", 10),
    ("addr", 0x80000000, 0x80000000), ("addr", "0x1000", 0x1000), ("addr", "1MiB", 1 << 20),
    ("rng", "512MiB", AddrRange(0, 512 << 20)),
    ("rng", AddrRange(0x1000, size="4KiB"), AddrRange(0x1000, 0x2000)),
    ("flag", True, True), ("flag", "false", False), ("flag", 1, True),
    ("i", -5, -5), ("i", (1 << 31) - 1, (1 << 31) - 1),
    ("u", (1 << 32) - 1, (1 << 32) - 1),
    ("u8", 255, 255), ("u16", 65535, 65535), ("u32", 1 << 31, 1 << 31),
    ("u64", (1 << 64) - 1, (1 << 64) - 1),
    ("f", 2, 2.0), ("f", "1.25", 1.25), ("pct", 100, 100),
    ("s", "text", "text"), ("colour", "green", "green"),
    ("ranges", AddrRange("1GiB"), [AddrRange(0, 1 << 30)]),
    ("sizes", ["1KiB", 8], [1024, 8]),
]

BAD = [
    ("size", "lots", "MemorySize"), ("size", -1, "MemorySize"), ("size", 1.5, "MemorySize"),
    ("size", True, "MemorySize"),
    ("freq", "1ns", "Frequency"), ("freq", "fast", "Frequency"),
    ("clock", "soon", "Clock"), ("lat", "3GHz", "Latency"), ("lat", "30", "Latency"),
    ("cycles", -1, "Cycles"), ("cycles", "many", "Cycles"),
    ("addr", "here", "Addr"), ("rng", 3.5, "AddrRange"), ("rng", "big", "AddrRange"),
    ("flag", "maybe", "Bool"), ("flag", 2, "Bool"),
    ("i", 1 << 31, "Int"), ("u", -1, "Unsigned"), ("u8", 256, "UInt8"),
    ("u16", 1 << 16, "UInt16"), ("u32", 1 << 32, "UInt32"), ("u64", 1 << 64, "UInt64"),
    ("f", "half", "Float"), ("f", float("nan"), "Float"), ("pct", 101, "Percent"),
    ("s", 5, "String"), ("colour", "blue", "Colour"), ("ranges", ["x"], "AddrRange"),
]


def rooted_system():
    """A System under a Root, so that its path is ``system``."""
    return Root(full_system=False, system=System()).system


def simple_system():
    """learning_gem5's simple.py: one timing CPU on a system crossbar, a memory."""
    system = System()
    system.clk_domain = SrcClockDomain()
    system.clk_domain.clock = "1GHz"
    system.clk_domain.voltage_domain = VoltageDomain()
    system.mem_mode = "timing"
    system.mem_ranges = [AddrRange("512MB")]
    system.cpu = TimingSimpleCPU()
    system.membus = SystemXBar()
    system.cpu.icache_port = system.membus.cpu_side_ports
    system.cpu.dcache_port = system.membus.cpu_side_ports
    system.mem_ctrl = SimpleMemory()
    system.mem_ctrl.range = system.mem_ranges[0]
    system.mem_ctrl.port = system.membus.mem_side_ports
    system.system_port = system.membus.cpu_side_ports
    system.cpu.createInterruptController()
    system.workload = RiscvEmuLinux()
    process = Process()
    process.cmd = ["tests/hello"]
    system.cpu.workload = process
    system.cpu.createThreads()
    return Root(full_system=False, system=system)


class L1Cache(Cache):
    assoc = 2
    tag_latency = 2
    data_latency = 2
    response_latency = 2
    mshrs = 4
    tgts_per_mshr = 20


class L1ICache(L1Cache):
    size = "16kB"


class L1DCache(L1Cache):
    size = "64kB"


class L2Cache(Cache):
    size = "256kB"
    assoc = 8
    tag_latency = 20
    data_latency = 20
    response_latency = 20
    mshrs = 20
    tgts_per_mshr = 12


def two_level_system():
    """learning_gem5's two_level.py shape: L1s, an L2 bus and an L2 cache."""
    system = System(mem_mode="timing", mem_ranges=[AddrRange("512MB")])
    system.clk_domain = SrcClockDomain(clock="1GHz", voltage_domain=VoltageDomain())
    system.cpu = cpu = TimingSimpleCPU()
    system.membus = SystemXBar()
    cpu.icache = L1ICache()
    cpu.dcache = L1DCache()
    cpu.icache_port = cpu.icache.cpu_side
    cpu.dcache.cpu_side = cpu.dcache_port  # the other direction works too
    system.l2bus = L2XBar()
    cpu.icache.mem_side = system.l2bus.cpu_side_ports
    cpu.dcache.mem_side = system.l2bus.cpu_side_ports
    system.l2cache = L2Cache()
    system.l2cache.cpu_side = system.l2bus.mem_side_ports
    system.l2cache.mem_side = system.membus.cpu_side_ports
    system.mem_ctrl = SimpleMemory(range=system.mem_ranges[0])
    system.mem_ctrl.port = system.membus.mem_side_ports
    system.system_port = system.membus.cpu_side_ports
    cpu.workload = Process(cmd=["tests/hello"])
    return Root(full_system=False, system=system)


@unittest.skipUnless(HAVE_NATIVE, "units are parsed by sim._native (python/install.sh)")
class ParamTypeTest(unittest.TestCase):
    def gadget(self):
        root = Root(full_system=False, system=System())
        root.system.gadget = Gadget()
        return root.system.gadget

    def test_good_values_convert(self):
        for name, value, expected in GOOD:
            with self.subTest(param=name, value=value):
                gadget = self.gadget()
                setattr(gadget, name, value)
                self.assertEqual(getattr(gadget, name), expected)

    def test_bad_values_name_path_value_and_type(self):
        for name, value, kind in BAD:
            with self.subTest(param=name, value=value):
                gadget = self.gadget()
                with self.assertRaises(ParamError) as ctx:
                    setattr(gadget, name, value)
                message = str(ctx.exception)
                self.assertTrue(message.startswith(f"system.gadget.{name}: "), message)
                self.assertIn(kind, message)
                self.assertIn("allowed", message)

    def test_keyword_arguments_are_checked_like_assignments(self):
        self.assertEqual(Gadget(size="1KiB").size, 1024)
        with self.assertRaisesRegex(ParamError, r"^Gadget\.u8: 300 is not a valid UInt8"):
            Gadget(u8=300)

    def test_addr_range_forms_and_exclusive_end(self):
        self.assertEqual(str(AddrRange("512MiB")), "0:536870912")
        self.assertEqual(str(AddrRange(0x80000000, size="1GiB")), "2147483648:3221225472")
        self.assertEqual(AddrRange(start=16, end=32).size(), 16)
        self.assertEqual(AddrRange((4, 8)), AddrRange(4, 8))
        self.assertEqual(AddrRange("1KiB").size(), 1024)
        with self.assertRaisesRegex(ParamError, "before its start"):
            AddrRange(8, 4)
        with self.assertRaisesRegex(ParamError, "needs an end or a size"):
            AddrRange(start=4)

    def test_unknown_attribute_is_an_attribute_error_naming_the_path(self):
        gadget = self.gadget()
        with self.assertRaises(AttributeError) as ctx:
            gadget.sise = "1KiB"
        self.assertIsInstance(ctx.exception, UnknownAttributeError)
        self.assertIn("system.gadget.sise", str(ctx.exception))
        with self.assertRaisesRegex(AttributeError, "system.gadget.nothing"):
            gadget.nothing  # noqa: B018

    def test_required_parameter_unset_is_reported_at_instantiate(self):
        root = simple_system()
        root.system.gadget = Gadget()
        with self.assertRaisesRegex(ParamError, r"^system\.gadget\.needed: has no value"):
            instantiate_tree(root)
        root.system.gadget.needed = 1
        self.assertEqual(instantiate_tree(root)["system"]["gadget"]["needed"], 1)


@unittest.skipUnless(HAVE_NATIVE, "units are parsed by sim._native (python/install.sh)")
class SubclassAndChildrenTest(unittest.TestCase):
    def test_subclass_overrides_defaults_by_assignment(self):
        self.assertEqual(L1ICache().assoc, 2)
        self.assertEqual(L1ICache().size, 16384)
        self.assertEqual(L1DCache(size="32KiB").size, 32768)
        self.assertEqual(L2Cache().assoc, 8)
        with self.assertRaisesRegex(AttributeError, r"Cache\.assoc: has no value"):
            Cache().assoc  # noqa: B018
        # The override keeps the parameter's type: a bad default is reported.

        class Bad(Cache):
            assoc = "two"

        with self.assertRaisesRegex(ParamError, r"Bad\.assoc: 'two' is not a valid Unsigned"):
            Bad().assoc  # noqa: B018

    def test_class_default_objects_are_copied_per_instance(self):
        one, two = SystemXBar(), SystemXBar()
        self.assertIsNot(one.snoop_filter, two.snoop_filter)
        self.assertEqual(one.snoop_filter.lookup_latency, 1)
        self.assertEqual(L2XBar().snoop_filter.lookup_latency, 0)
        self.assertIs(one.snoop_filter.get_parent(), one)

    def test_children_are_named_as_gem5_names_them(self):
        system = rooted_system()
        system.cpu = [TimingSimpleCPU() for _ in range(2)]
        self.assertEqual([c.path() for c in system.cpu], ["system.cpu0", "system.cpu1"])
        system.cpu = [TimingSimpleCPU()]
        self.assertEqual(system.cpu[0].path(), "system.cpu")
        system.cpu = [TimingSimpleCPU() for _ in range(11)]
        self.assertEqual(system.cpu[0].path(), "system.cpu00")
        self.assertEqual(system.cpu[10].path(), "system.cpu10")
        system.cpu = [TimingSimpleCPU() for _ in range(10)]
        self.assertEqual(system.cpu[9].path(), "system.cpu9")
        system.cpu[0].dcache = L1DCache()
        self.assertEqual(system.cpu[0].dcache.path(), "system.cpu0.dcache")
        self.assertIs(system.cpu[0].dcache.get_parent(), system.cpu[0])

    def test_an_object_has_one_parent(self):
        system = rooted_system()
        system.a = TimingSimpleCPU()
        with self.assertRaisesRegex(ParamError, r"^system\.b: system\.a already has a parent"):
            system.b = system.a

    def test_abstract_classes_cannot_be_made(self):
        from sim.objects import BaseCPU

        with self.assertRaisesRegex(TypeError, "BaseCPU is abstract"):
            BaseCPU()


@unittest.skipUnless(HAVE_NATIVE, "units are parsed by sim._native (python/install.sh)")
class ProxyTest(unittest.TestCase):
    def test_parent_any_and_parent_attr_resolve(self):
        root = simple_system()
        root.system.gadget = Gadget(needed=1, a=9)
        root.system.cache_line_size = 128
        tree = instantiate_tree(root)
        gadget = tree["system"]["gadget"]
        self.assertEqual(gadget["owner"], "system")
        self.assertEqual(gadget["line"], 128)
        self.assertEqual(gadget["b"], 9)  # Self.a
        self.assertEqual(tree["system"]["cpu"]["clk_domain"], "system.clk_domain")
        self.assertEqual(tree["system"]["membus"]["snoop_filter"]["system"], "system")
        self.assertIs(root.system.gadget.owner, root.system)

    def test_parent_attr_searches_every_ancestor(self):
        root = two_level_system()
        instantiate_tree(root)
        self.assertIs(root.system.cpu.dcache.clk_domain, root.system.clk_domain)

    def test_unresolvable_proxy_names_object_and_param(self):
        root = simple_system()
        del root.system._children["clk_domain"]
        with self.assertRaisesRegex(
            ParamError, r"^system\.cpu\.clk_domain: cannot be resolved: Parent\.clk_domain"
        ):
            instantiate_tree(root)

    def test_parent_any_without_a_match_names_object_and_param(self):
        root = Root(full_system=False)
        root.gadget = Gadget(needed=1, line=64)
        with self.assertRaisesRegex(
            ParamError, r"^gadget\.owner: cannot be resolved: Parent\.any found no System"
        ):
            instantiate_tree(root)

    def test_parent_any_with_two_candidates_is_ambiguous(self):
        root = Root(full_system=False)
        root.one = System()
        root.two = System()
        root.gadget = Gadget(needed=1, line=64)
        with self.assertRaisesRegex(ParamError, r"^gadget\.owner: .*ambiguous"):
            instantiate_tree(root)

    def test_proxy_loop_is_reported(self):
        class Loop(SimObject):
            type = "Loop"
            x = Param.Int(Self.y, "x")
            y = Param.Int(Self.x, "y")

        root = Root(full_system=False)
        root.loop = Loop()
        with self.assertRaisesRegex(ParamError, r"^loop\.x: its proxies form a loop"):
            instantiate_tree(root)


class Requestor(SimObject):
    type = "Requestor"
    out = RequestPort("out")


class Responder(SimObject):
    type = "Responder"
    inp = ResponsePort("in", required=True)
    many = VectorResponsePort("many")


@unittest.skipUnless(HAVE_NATIVE, "units are parsed by sim._native (python/install.sh)")
class PortTest(unittest.TestCase):
    def pair(self):
        system = rooted_system()
        system.req = Requestor()
        system.req2 = Requestor()
        system.req3 = Requestor()
        system.resp = Responder()
        return system

    def test_binding_works_in_both_directions(self):
        system = self.pair()
        system.resp.inp = system.req.out
        self.assertIs(system.req.out.peer, system.resp.inp)
        self.assertEqual(str(system.resp.inp.peer), "system.req.out")
        system = self.pair()
        system.req.out = system.resp.inp
        self.assertEqual(str(system.resp.inp.peer), "system.req.out")

    def test_vector_port_grows_by_one_per_connection(self):
        system = self.pair()
        system.req.out = system.resp.many
        system.resp.many = system.req2.out
        self.assertEqual(len(system.resp.many), 2)
        self.assertEqual(str(system.req.out.peer), "system.resp.many[0]")
        self.assertEqual(str(system.req2.out.peer), "system.resp.many[1]")
        system.resp.many[3] = system.req3.out  # an explicit index, as gem5 allows
        self.assertEqual(str(system.req3.out.peer), "system.resp.many[3]")
        self.assertEqual(len(system.resp.many), 4)

    def test_binding_a_scalar_port_twice_names_both_ends(self):
        system = self.pair()
        system.req.out = system.resp.inp
        with self.assertRaises(PortError) as ctx:
            system.req2.out = system.resp.inp
        message = str(ctx.exception)
        self.assertIn("system.resp.inp", message)
        self.assertIn("system.req.out", message)
        self.assertIn("system.req2.out", message)
        self.assertIs(system.req2.out.peer, None)
        with self.assertRaisesRegex(PortError, "already connected"):
            system.req.out = system.resp.many
        self.assertEqual(len(system.resp.many), 0)  # nothing half-connected

    def test_request_to_request_is_refused(self):
        system = self.pair()
        with self.assertRaisesRegex(
            PortError,
            r"^system\.req\.out: cannot be connected to system\.req2\.out: both are request",
        ):
            system.req.out = system.req2.out
        with self.assertRaisesRegex(PortError, "can only be connected to a port"):
            system.req.out = 3

    def test_unbound_required_ports_are_reported(self):
        root = simple_system()
        root.system.resp = Responder()
        with self.assertRaisesRegex(PortError, r"^system\.resp\.inp: is not connected"):
            instantiate_tree(root)
        root = two_level_system()
        root.system.extra = L2Cache()
        with self.assertRaisesRegex(PortError, r"^system\.extra\.cpu_side: is not connected"):
            instantiate_tree(root)
        root = simple_system()
        root.system.cpu2 = TimingSimpleCPU()
        with self.assertRaisesRegex(PortError, r"^system\.cpu2\.dcache_port: is not connected"):
            instantiate_tree(root)


@unittest.skipUnless(HAVE_NATIVE, "units are parsed by sim._native (python/install.sh)")
class TreeOutputTest(unittest.TestCase):
    def test_simple_config_json(self):
        tree = instantiate_tree(simple_system())
        json.dumps(tree)  # plain JSON values only
        self.assertEqual((tree["type"], tree["name"], tree["path"]), ("Root", "root", "root"))
        self.assertIs(tree["full_system"], False)
        system = tree["system"]
        self.assertEqual(system["path"], "system")
        self.assertEqual(system["cxx_class"], "gem5::System")
        self.assertEqual(system["mem_ranges"], ["0:536870912"])
        self.assertEqual(system["mem_mode"], "timing")
        self.assertEqual(system["clk_domain"]["clock"], [1000])
        self.assertEqual(system["clk_domain"]["voltage_domain"]["path"],
                         "system.clk_domain.voltage_domain")
        cpu = system["cpu"]
        self.assertEqual((cpu["type"], cpu["cxx_class"]),
                         ("BaseTimingSimpleCPU", "gem5::TimingSimpleCPU"))
        self.assertEqual(cpu["icache_port"], {"role": "GEM5 REQUESTOR",
                                              "peer": "system.membus.cpu_side_ports[0]",
                                              "is_source": "True"})
        self.assertEqual(cpu["workload"][0]["cmd"], ["tests/hello"])
        self.assertEqual(cpu["workload"][0]["path"], "system.cpu.workload")
        membus = system["membus"]
        self.assertEqual(membus["type"], "CoherentXBar")
        self.assertEqual(membus["cpu_side_ports"]["peer"],
                         ["system.cpu.icache_port", "system.cpu.dcache_port",
                          "system.system_port"])
        self.assertEqual(membus["cpu_side_ports"]["role"], "GEM5 RESPONDER")
        self.assertEqual(membus["cpu_side_ports"]["is_source"], "False")
        self.assertEqual(membus["snoop_filter"]["max_capacity"], 8 << 20)
        memory = system["mem_ctrl"]
        self.assertEqual(memory["range"], "0:536870912")
        self.assertEqual(memory["latency"], 30000)
        self.assertEqual(memory["bandwidth"], "73.000000")
        self.assertEqual(memory["port"]["peer"], "system.membus.mem_side_ports[0]")

    def test_simple_tree_matches_the_rust_fixture(self):
        # sim-core reads this tree (config::object_tree); its tests use this
        # fixture, which must stay what sim.objects writes.
        root = simple_system()
        root.system.cpu.workload[0].cwd = "/tmp"
        fixture = os.path.join(os.path.dirname(__file__), "..", "..", "sim-core", "tests",
                               "data", "simple_tree.json")
        with open(fixture, encoding="utf-8") as f:
            self.assertEqual(json.dumps(instantiate_tree(root), indent=4) + "\n", f.read())

    def test_simple_config_ini(self):
        ini = config_ini(simple_system())
        sections = ini.split("\n\n")
        self.assertEqual([s.splitlines()[0] for s in sections if s.strip()], [
            "[root]", "[system]", "[system.clk_domain]", "[system.clk_domain.voltage_domain]",
            "[system.cpu]", "[system.cpu.decoder]", "[system.cpu.interrupts]", "[system.cpu.isa]",
            "[system.cpu.mmu]", "[system.cpu.mmu.dtb]", "[system.cpu.mmu.dtb.walker]",
            "[system.cpu.mmu.dtb.walker.power_state]", "[system.cpu.mmu.itb]",
            "[system.cpu.mmu.itb.walker]", "[system.cpu.mmu.itb.walker.power_state]",
            "[system.cpu.mmu.pma_checker]", "[system.cpu.mmu.pmp]", "[system.cpu.power_state]",
            "[system.cpu.tracer]", "[system.cpu.tracer.disassembler]", "[system.cpu.workload]",
            "[system.dvfs_handler]", "[system.mem_ctrl]", "[system.mem_ctrl.power_state]",
            "[system.membus]", "[system.membus.power_state]", "[system.membus.snoop_filter]",
            "[system.workload]",
        ])
        for line in [
            "type=Root", "children=system", "full_system=false",
            "children=clk_domain cpu dvfs_handler mem_ctrl membus workload",
            "mem_ranges=0:536870912", "memories=system.mem_ctrl", "workload=system.workload",
            "type=RiscvEmuLinux", "isa=system.cpu.isa", "decoder=system.cpu.decoder",
            "interrupts=system.cpu.interrupts", "mmu=system.cpu.mmu", "entry_type=instruction",
            "possible_states=ON CLK_GATED OFF", "sys_clk_domain=system.clk_domain",
            "clock=1000", "voltage=1.0", "type=BaseTimingSimpleCPU", "clk_domain=system.clk_domain",
            "icache_port=system.membus.cpu_side_ports[0]", "workload=system.cpu.workload",
            "checker=Null", "cmd=tests/hello", "range=0:536870912", "latency=30000",
            "bandwidth=73.000000", "port=system.membus.mem_side_ports[0]",
            "cpu_side_ports=system.cpu.icache_port system.cpu.dcache_port system.system_port",
            "mem_side_ports=system.mem_ctrl.port", "type=CoherentXBar",
            "snoop_filter=system.membus.snoop_filter",
            "system_port=system.membus.cpu_side_ports[2]",
        ]:
            self.assertIn(line, ini.splitlines())

    def test_two_level_tree_with_subclassed_caches(self):
        root = two_level_system()
        tree = instantiate_tree(root)
        cpu = tree["system"]["cpu"]
        self.assertEqual(cpu["dcache"]["type"], "Cache")
        self.assertEqual(cpu["dcache"]["size"], 65536)
        self.assertEqual(cpu["icache"]["assoc"], 2)
        self.assertEqual(cpu["icache"]["addr_ranges"], ["0:18446744073709551615"])
        self.assertEqual(cpu["dcache"]["cpu_side"]["peer"], "system.cpu.dcache_port")
        self.assertEqual(cpu["icache"]["mem_side"]["peer"], "system.l2bus.cpu_side_ports[0]")
        self.assertEqual(tree["system"]["l2cache"]["mem_side"]["peer"],
                         "system.membus.cpu_side_ports[0]")
        self.assertEqual(tree["system"]["l2bus"]["snoop_filter"]["lookup_latency"], 0)
        ini = config_ini(root).splitlines()
        self.assertIn("children=dcache icache mmu power_state tracer workload", ini)
        self.assertIn("writeback_clean=false", ini)
        self.assertIn("icache_port=system.cpu.icache.cpu_side", ini)

    def test_references_outside_the_tree_are_reported(self):
        root = simple_system()
        elsewhere = Root(full_system=False, system=System())
        elsewhere.system.clk_domain = SrcClockDomain(clock="2GHz", voltage_domain=VoltageDomain())
        root.system.cpu.clk_domain = elsewhere.system.clk_domain
        with self.assertRaisesRegex(
            ParamError, r"^system\.cpu\.clk_domain: refers to system\.clk_domain, which is not"
        ):
            instantiate_tree(root)
        root = simple_system()
        stray = Requestor()
        stray.out = root.system.membus.cpu_side_ports
        with self.assertRaisesRegex(PortError,
                                    r"^system\.membus\.cpu_side_ports\[3\]: .*Requestor"):
            instantiate_tree(root)

    def test_reassigning_an_object_parameter_replaces_its_child(self):
        root = simple_system()
        cpu = root.system.cpu
        old = Process(cmd=["a"])
        cpu.workload = old
        cpu.workload = [Process(cmd=["b"]), Process(cmd=["c"])]
        self.assertIsNone(old.get_parent())
        tree = instantiate_tree(root)
        self.assertEqual([w["path"] for w in tree["system"]["cpu"]["workload"]],
                         ["system.cpu.workload0", "system.cpu.workload1"])
        self.assertEqual(tree["system"]["cpu"]["workload"][1]["cmd"], ["c"])
        cpu.workload = []
        self.assertEqual(instantiate_tree(root)["system"]["cpu"]["workload"], [])
        self.assertIn("workload=\n", config_ini(root))

    def test_ini_sections_are_sorted_by_path(self):
        # The tree's walk visits system.a's subtree before system.a-b; gem5
        # sorts the sections by path, where "a-b" comes before "a.x".
        root = simple_system()
        root.system.a = VoltageDomain()
        root.system.a.x = VoltageDomain()
        setattr(root.system, "a-b", VoltageDomain())
        headers = [line for line in config_ini(root).splitlines() if line.startswith("[")]
        self.assertEqual(headers[2:5], ["[system.a]", "[system.a-b]", "[system.a.x]"])
        paths = [h[1:-1] for h in headers]
        self.assertEqual(paths, sorted(paths))

    def test_write_config_writes_every_file_or_none(self):
        import tempfile

        with tempfile.TemporaryDirectory() as outdir:
            write_config(simple_system(), outdir)
            self.assertEqual(sorted(os.listdir(outdir)),
                             ["config.dot", "config.ini", "config.json"])
            with open(os.path.join(outdir, "config.json"), encoding="utf-8") as f:
                self.assertEqual(json.load(f)["system"]["mem_ranges"], ["0:536870912"])
            with open(os.path.join(outdir, "config.ini"), encoding="utf-8") as f:
                self.assertTrue(f.read().startswith("[root]\ntype=Root\n"))
        with tempfile.TemporaryDirectory() as outdir:
            root = simple_system()
            root.system.cpu2 = TimingSimpleCPU()
            with self.assertRaises(PortError):
                write_config(root, outdir)
            self.assertEqual(os.listdir(outdir), [])

    def test_orphan_parameter_objects_are_adopted_at_instantiate(self):
        root = simple_system()
        domain = SrcClockDomain(clock="2GHz", voltage_domain=VoltageDomain())
        root.system.cpu.clk_domain = domain
        self.assertEqual(domain.path(), "system.cpu.clk_domain")
        del root.system.cpu._children["clk_domain"]
        domain._parent = None  # orphaned again, as after gem5's clear_parent
        tree = instantiate_tree(root)
        self.assertEqual(tree["system"]["cpu"]["clk_domain"]["path"], "system.cpu.clk_domain")
        self.assertEqual(tree["system"]["cpu"]["clk_domain"]["clock"], [500])

    def test_the_tree_starts_at_root(self):
        with self.assertRaisesRegex(ParamError, "^root: the tree starts at a Root object"):
            instantiate_tree(simple_system().system)

    def test_null_object_parameter(self):
        root = simple_system()
        root.system.cpu.checker = NULL
        self.assertIsNone(instantiate_tree(root)["system"]["cpu"]["checker"])


class WithoutNativeTest(unittest.TestCase):
    def test_package_imports_and_builds_without_the_extension(self):
        # Units are parsed only when a string needs parsing: objects can be
        # declared and composed with plain numbers without sim._native.
        code = (
            "import sys; sys.modules['sim._native'] = None\n"
            "from sim.objects import System, SimpleMemory, AddrRange\n"
            "s = System(mem_ranges=[AddrRange(0, 4096)])\n"
            "s.mem = SimpleMemory(range=AddrRange(0, 4096), latency=30000)\n"
            "print(s.mem.path(), s.mem.range)\n"
        )
        out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                             check=True, cwd=os.path.join(os.path.dirname(__file__), ".."))
        self.assertEqual(out.stdout.strip(), "System.mem 0:4096")


if __name__ == "__main__":
    unittest.main()
