"""Traffic generators: gem5's PyTrafficGen parameters and phase methods, what
``start`` hands to the simulator, and the config.json tree of gem5's
memory_traffic.py board (TestBoard + LinearGenerator/RandomGenerator + one
HBM channel)."""

import json
import os
import sys
import types
import unittest

try:
    import sim._native  # noqa: F401  (units such as "1ms" are parsed by the simulator)

    HAVE_NATIVE = True
except ImportError:
    HAVE_NATIVE = False

import sim.objects as objects
from sim.errors import ParamError
from sim.objects import PyTrafficGen, Root, System, instantiate_tree
from sim.objects.traffic_gen import TrafficPhase

try:
    from sim.components.boards.test_board import TestBoard
    from sim.components.memory.hbm import HighBandwidthMemory
    from sim.components.processors.linear_generator import LinearGenerator
    from sim.components.processors.random_generator import RandomGenerator

    HAVE_STDLIB = hasattr(objects, "HBMCtrl") and hasattr(objects, "SubSystem")
except ImportError:
    HAVE_STDLIB = False


FIXTURE = os.path.join(os.path.dirname(__file__), "..", "..", "models", "src", "mem",
                       "traffic_gen", "testdata", "memory_traffic.json")


class FakeM5:
    """Stands in for ``sim.m5`` and records what ``start`` passes on."""

    def __enter__(self):
        self.calls = []
        self.saved = sys.modules.get("sim.m5")
        module = types.ModuleType("sim.m5")
        module._native_start_traffic = lambda path, phases: self.calls.append((path, phases))
        sys.modules["sim.m5"] = module
        # ``import sim.m5 as m5`` reads the package attribute once sim.m5 was
        # imported (by an earlier test), so replace that too.
        package = sys.modules["sim"]
        self.saved_attr = package.__dict__.get("m5")
        package.m5 = module
        return self

    def __exit__(self, *exc):
        if self.saved is None:
            sys.modules.pop("sim.m5", None)
        else:
            sys.modules["sim.m5"] = self.saved
        package = sys.modules["sim"]
        if self.saved_attr is None:
            package.__dict__.pop("m5", None)
        else:
            package.m5 = self.saved_attr


class PyTrafficGenTest(unittest.TestCase):
    def test_parameters_and_port_are_gem5s(self):
        gen = PyTrafficGen()
        self.assertEqual((gen.type, gen.cxx_class), ("PyTrafficGen", "gem5::PyTrafficGen"))
        self.assertFalse(gen.elastic_req)
        self.assertEqual(gen.max_outstanding_reqs, 0)
        self.assertEqual(gen.stream_gen, "none")
        self.assertEqual((gen.cpu_id, gen.socket_id, gen.numThreads), (-1, 0, 1))
        self.assertIn("port", PyTrafficGen._ports)
        self.assertEqual(PyTrafficGen.memory_mode(), "timing")
        with self.assertRaises(ParamError):
            gen.stream_gen = "sometimes"
        with self.assertRaises(TypeError):
            objects.BaseTrafficGen()

    def test_phases_carry_gem5s_arguments(self):
        gen = PyTrafficGen()
        linear = gen.createLinear(10**9, 0, 32768, 64, 2000, 3000, 70, 4096)
        self.assertEqual(
            linear.to_dict(),
            {"kind": "linear", "duration": 10**9, "min_addr": 0, "max_addr": 32768,
             "block_size": 64, "min_period": 2000, "max_period": 3000,
             "read_percent": 70, "data_limit": 4096},
        )
        self.assertEqual(gen.createRandom(5, 0, 128, 64, 1, 1, 0, 0).to_dict()["kind"], "random")
        self.assertEqual(gen.createIdle(100).to_dict(), {"kind": "idle", "duration": 100})
        self.assertEqual(gen.createExit(0).to_dict(), {"kind": "exit", "duration": 0})

    def test_arguments_gem5_refuses_are_refused_by_name(self):
        gen = PyTrafficGen()
        with self.assertRaisesRegex(ParamError, r"createLinear\.read_percent.*more than 100"):
            gen.createLinear(1, 0, 64, 64, 1, 1, 101, 0)
        with self.assertRaisesRegex(ParamError, r"createRandom\.min_period"):
            gen.createRandom(1, 0, 64, 64, 5, 1, 50, 0)
        with self.assertRaisesRegex(ParamError, r"createIdle\.duration"):
            gen.createIdle(-1)
        with self.assertRaisesRegex(ParamError, r"createLinear\.block_size"):
            gen.createLinear(1, 0, 64, 0, 1, 1, 50, 0)

    def test_start_hands_the_phases_of_any_iterable_to_the_simulator(self):
        system = System()
        system.tgen = PyTrafficGen()

        def phases():
            yield system.tgen.createLinear(1000, 0, 4096, 64, 10, 10, 100, 0)
            yield system.tgen.createExit(0)

        with FakeM5() as m5:
            system.tgen.start(phases())
        path, sent = m5.calls[0]
        self.assertEqual(path, "System.tgen")
        self.assertEqual([p["kind"] for p in sent], ["linear", "exit"])
        with FakeM5() as m5, self.assertRaisesRegex(ParamError, "item 1 is 'exit'"):
            system.tgen.start([system.tgen.createIdle(1), "exit"])
        self.assertEqual(m5.calls, [])


@unittest.skipUnless(HAVE_NATIVE and HAVE_STDLIB,
                     "needs the native extension and the SimObject stdlib with HBMCtrl")
class MemoryTrafficBoardTest(unittest.TestCase):
    """The board of gem5's configs/example/gem5_library/memory_traffic.py."""

    def board(self, generator_class, rd_perc=100):
        from sim.components.memory.dram_interfaces.hbm import HBM_2000_4H_1x64

        memory = HighBandwidthMemory(HBM_2000_4H_1x64, 1, 128)
        generator = generator_class(
            duration="1ms", rate="32GiB/s", max_addr=memory.get_size(), rd_perc=rd_perc
        )
        board = TestBoard(clk_freq="1GHz", generator=generator, memory=memory,
                          cache_hierarchy=None)
        board._pre_instantiate()
        return board, generator

    def test_tree_has_the_stdlib_names_and_connections(self):
        board, _ = self.board(LinearGenerator, rd_perc=70)
        tree = instantiate_tree(Root(full_system=False, board=board))["board"]
        self.assertEqual(tree["mem_mode"], "timing")
        self.assertEqual(tree["mem_ranges"], ["0:268435456"])
        core = tree["processor"]["cores"][0]
        gen = core["generator"]
        self.assertEqual(gen["path"], "board.processor.cores.generator")
        self.assertEqual(gen["type"], "PyTrafficGen")
        self.assertEqual(gen["port"]["peer"], "board.memory.mem_ctrl.port")
        self.assertEqual(core["port_end"]["type"], "PortTerminator")
        ctrl = tree["memory"]["mem_ctrl"][0]
        self.assertEqual((ctrl["type"], ctrl["path"]), ("HBMCtrl", "board.memory.mem_ctrl"))
        self.assertEqual(ctrl["dram"]["range"], "0:268435456:0:64")
        self.assertEqual(ctrl["dram_2"]["range"], "0:268435456:1:64")
        self.assertEqual(ctrl["dram"]["tCL"], 18000)

    def test_cores_make_gem5s_phases_from_duration_and_rate(self):
        for cls, kind in ((LinearGenerator, "linear"), (RandomGenerator, "random")):
            _, generator = self.board(cls, rd_perc=30)
            phases = list(generator.get_cores()[0]._create_traffic())
            self.assertTrue(all(isinstance(p, TrafficPhase) for p in phases))
            first = phases[0].to_dict()
            # 64 bytes at 32 GiB/s: 1.8626 ns, rounded to 1863 ticks as gem5's fromSeconds.
            self.assertEqual(
                (first["kind"], first["duration"], first["min_period"], first["max_period"]),
                (kind, 10**9, 1863, 1863),
            )
            self.assertEqual((first["read_percent"], first["max_addr"]), (30, 256 << 20))
            self.assertEqual(phases[1].to_dict(), {"kind": "exit", "duration": 0})

    def fixture(self):
        """This board's tree and the phases its core starts."""
        board, generator = self.board(LinearGenerator, rd_perc=70)
        tree = instantiate_tree(Root(full_system=False, board=board))
        phases = [p.to_dict() for p in generator.get_cores()[0]._create_traffic()]
        return {"tree": tree, "phases": phases}

    def test_rust_fixture_is_what_sim_objects_writes(self):
        """The Rust tests build and run the system from FIXTURE (rewrite it with
        ``python python/tests/test_traffic_gen.py --write-fixture``)."""
        with open(FIXTURE) as f:
            self.assertEqual(json.load(f), self.fixture())

    def test_post_instantiate_starts_every_core(self):
        generator = LinearGenerator(num_cores=2, max_addr=65536)
        self.assertEqual([c._max_addr for c in generator.get_cores()], [32768, 65536])
        with FakeM5() as m5:
            generator._post_instantiate()
        self.assertEqual([path.split(".")[-1] for path, _ in m5.calls],
                         ["generator", "generator"])


if __name__ == "__main__":
    if sys.argv[1:] == ["--write-fixture"]:
        with open(FIXTURE, "w") as out:
            json.dump(MemoryTrafficBoardTest().fixture(), out, indent=1)
            out.write("\n")
    else:
        unittest.main()
