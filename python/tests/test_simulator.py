"""Simulator exit-event handling, with a fake native system replaying events:
gem5's default handlers, user generators / function lists / functions, fallback
to the defaults, the final stats dump, and sim.stats.dump()/reset()."""

import contextlib
import io
import unittest

from tests.fake_native import FakeNativeMixin, make_board

from sim import _runtime, stats
from sim.simulate.exit_event import ExitEvent
from sim.simulate.simulator import Simulator

EXIT = ("EXIT", 0, "exiting with last active thread context")
WB = ("WORKBEGIN", 0, "workbegin")
WE = ("WORKEND", 0, "workend")


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


class DefaultHandlersTest(FakeNativeMixin, unittest.TestCase):
    EVENTS = (WB, WE, WB, WE, ("CHECKPOINT", 0, "checkpoint"), ("SWITCHCPU", 0, "switchcpu"),
              ("DUMP_STATS", 0, "dumpstats"), ("RESET_STATS", 0, "resetstats"), EXIT)

    def test_defaults_then_final_dump(self):
        sim = Simulator(board=make_board())
        _, err = quiet(sim.run)
        system = self.native.systems[0]
        # WORKBEGIN resets, WORKEND dumps (twice), DUMP_STATS dumps, RESET_STATS resets.
        self.assertEqual(
            [e.split("@")[0] for e in system.log if e != "run"],
            ["reset", "dump", "reset", "dump", "dump", "reset"],
        )
        self.assertIn("No behavior was set by the user for work begin", err)
        self.assertIn("checkpoints are not supported yet", err)
        self.assertEqual(sim.get_last_exit_event_cause(), EXIT[2])
        self.assertEqual(sim.get_roi_ticks(), [1000, 1000])
        self.assertEqual(len(sim.get_tick_stopwatch()), 9)
        _runtime.finalize()  # what `sim run` / atexit does at the end
        self.assertEqual(system.dumps(), 4)
        _runtime.finalize()
        self.assertEqual(system.dumps(), 4, "the final dump happens once")

    def test_config_reaches_native(self):
        sim = Simulator(board=make_board(cpu="timing", cores=2))
        sim.schedule_max_insts(5000)
        sim.override_outdir("/tmp/somewhere")
        quiet(sim.run)
        cfg = self.native.systems[0].config
        self.assertEqual(cfg["cpu_type"], "timing")
        self.assertEqual(cfg["num_cores"], 2)
        self.assertEqual(cfg["cpu_clock"], "3GHz")
        self.assertEqual(cfg["sys_clock"], "3GHz")
        self.assertEqual(cfg["hierarchy"], {"kind": "none"})
        self.assertEqual(cfg["memory"], {"type": "DDR3_1600_8x8", "size": "512MiB"})
        self.assertEqual(cfg["workloads"], [{"binary": "/nonexistent/hello", "args": ["a"]}])
        self.assertEqual(cfg["max_insts"], 5000)
        self.assertEqual(cfg["outdir"], "/tmp/somewhere")
        with self.assertRaises(NotImplementedError):
            sim.schedule_max_insts(10)


class UserHandlersTest(FakeNativeMixin, unittest.TestCase):
    EVENTS = (WB, WE, WB, WE, EXIT)

    def test_generator_exhausted_falls_back_to_default(self):
        seen = []

        def once():
            seen.append("begin")
            yield False

        sim = Simulator(board=make_board(), on_exit_event={ExitEvent.WORKBEGIN: once()})
        _, err = quiet(sim.run)
        system = self.native.systems[0]
        self.assertEqual(seen, ["begin"])
        self.assertIn("has ended. Using the default generator", err)
        # first WORKBEGIN: user (no reset); second: default reset.
        self.assertEqual([e for e in system.log if e.startswith("reset")], ["reset@3000"])

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
        self.assertEqual(sim.get_last_exit_event_cause(), EXIT[2])
        _, err = quiet(sim.run)
        self.assertIn("nothing left to run", err)

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
        self.assertEqual(self.native.systems[0].log.count("run"), 5)

    def test_handlers_use_sim_stats(self):
        def dump_twice():
            while True:
                stats.dump()
                stats.dump()
                yield False

        sim = Simulator(board=make_board(), on_exit_event={ExitEvent.WORKEND: dump_twice()})
        quiet(sim.run)
        self.assertEqual(self.native.systems[0].dumps(), 4)

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
        quiet(board.set_se_binary_workload, "/x", exit_on_work_items=False)
        sim = Simulator(board=board)
        quiet(sim.run)
        self.assertEqual([e for e, _ in sim.get_tick_stopwatch()], [ExitEvent.EXIT])
        self.assertEqual(self.native.systems[0].dumps(), 0)


class TerminalAndFaultTest(FakeNativeMixin, unittest.TestCase):
    EVENTS = (("GUEST_FAULT", 1, "guest fault: illegal instruction at 0x1000"),)

    def test_guest_fault_stops_with_message(self):
        sim = Simulator(board=make_board())
        _, err = quiet(sim.run)
        self.assertIn("illegal instruction", err)
        self.assertEqual(sim.get_last_exit_event_code(), 1)

    def test_continue_after_terminal_event_returns(self):
        sim = Simulator(board=make_board(), on_exit_event={"GUEST_FAULT": lambda: False})
        _, err = quiet(sim.run)
        self.assertIn("nothing left to run", err)


class StatsApiTest(FakeNativeMixin, unittest.TestCase):
    def test_no_simulation_is_an_error(self):
        with self.assertRaisesRegex(RuntimeError, "no simulation has been built"):
            stats.dump()
        with self.assertRaises(RuntimeError):
            stats.reset()

    def test_acts_on_built_board(self):
        board = make_board()
        system = board._pre_instantiate()
        stats.reset()
        stats.dump()
        self.assertEqual(system.log, ["reset@0", "dump@0"])
        _runtime.finalize()
        self.assertEqual(system.dumps(), 1, "no final dump without simulating")


class SimulatorIdTest(FakeNativeMixin, unittest.TestCase):
    def test_ids(self):
        sim = Simulator(board=make_board(), id="l1d_32KiB")
        self.assertEqual(sim.get_id(), "l1d_32KiB")
        for bad in ["", "1abc", "abc_", "a b"]:
            with self.assertRaises(ValueError):
                sim.set_id(bad)

    def test_max_ticks_passed_to_native(self):
        sim = Simulator(board=make_board(), max_ticks=5_000_000)
        calls = []
        native_system = make_board()._pre_instantiate()
        original = native_system.run
        native_system.run = lambda limit=None: (calls.append(limit), original(limit))[1]
        sim._system = native_system
        quiet(sim.run)
        self.assertEqual(calls, [5_000_000])
        self.assertEqual(Simulator(board=make_board()).get_max_ticks(), 2**64 - 1)

    def test_checkpoints_refused(self):
        sim = Simulator(board=make_board())
        with self.assertRaisesRegex(NotImplementedError, "not supported yet"):
            sim.save_checkpoint("cpt")


if __name__ == "__main__":
    unittest.main()
