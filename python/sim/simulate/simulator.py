"""``Simulator``: runs a board through gem5's ``m5`` API and dispatches exit
events (gem5's ``Simulator``).

The first ``run()`` connects the board (``board._pre_instantiate()``), puts it
under ``Root(full_system=False, board=board)`` (so every object is named
``board.…``) and calls ``m5.instantiate()``; then it calls
``m5.simulate(ticks)`` until a handler says to stop. Each exit event's cause
string (``getCause()``) becomes an :class:`ExitEvent` and goes to the handler
for that event: a generator (``next()`` is called; it yields True to stop
the loop, False/None to continue), a list of functions (one is popped and
called per event) or a function (called every time). An exhausted user
handler falls back to the default one, with a warning.

Defaults, as gem5's: EXIT, FAIL, MAX_TICK, SCHEDULED_TICK, MAX_INSTS,
USER_INTERRUPT and KERNEL_PANIC stop; WORKBEGIN resets the stats; WORKEND dumps them;
SIMPOINT_BEGIN continues; CHECKPOINT warns (not supported yet) and
continues; SWITCHCPU switches a switchable processor (``m5.switchCpus``).
Our own events: DUMP_STATS dumps, RESET_STATS resets (both continue),
GUEST_FAULT stops.

In syscall emulation an EXIT (the last thread's exit, ``m5 exit``) ends the
simulated program, so nothing is left to run after it. A full-system board
(``board.is_fullsystem()``) goes on after an ``m5 exit`` (a disk image exits
at boot, after boot and after its readfile script): only a kernel panic, a
guest fault, a poweroff through the test device and an HTIF exit of a
bare-metal program end the simulated machine.
"""

import re
import types
from pathlib import Path
from typing import Callable, Dict, List, Optional, Tuple

from sim import _runtime, stats
from sim.errors import ParamError, ParamTypeError, SimError, UnsupportedError, UsageError
from sim.simulate import exit_event_generators as gens
from sim.simulate.exit_event import ExitEvent

_TERMINAL = {ExitEvent.EXIT, ExitEvent.FAIL, ExitEvent.GUEST_FAULT}
_FS_TERMINAL = {ExitEvent.KERNEL_PANIC, ExitEvent.GUEST_FAULT}
# Exit causes after which a full-system machine has stopped (the syscon test
# device's poweroff and reboot, a bare-metal program's HTIF exit).
_FS_MACHINE_STOPPED = (
    "guest powered off through the test device",
    "guest asked for a reboot through the test device",
    "HTIF exit (tohost)",
)
_ID_RE = re.compile(r"^[A-Za-z]([A-Za-z0-9_-]*[A-Za-z0-9])?$")


def _m5():
    """gem5's ``m5`` API (:mod:`sim.m5`), imported when a run needs it."""
    from sim import m5

    return m5


def _as_generator(key, value):
    """A user handler (generator, list of functions or function) as a generator."""
    if isinstance(value, types.GeneratorType):
        return value
    if isinstance(value, list):
        return (func() for func in value)
    if callable(value):

        def function_generator(func: Callable):
            while True:
                yield func()

        return function_generator(value)
    name = key.value if isinstance(key, ExitEvent) else key
    raise ParamTypeError(
        f"simulator.on_exit_event[{name!r}]",
        f"expected a generator, a list of functions or a function, got {value!r}",
    )


def _as_event(key) -> ExitEvent:
    if isinstance(key, ExitEvent):
        return key
    if isinstance(key, str):
        if key.upper() in ExitEvent.__members__:
            return ExitEvent[key.upper()]
        for event in ExitEvent:
            if event.value == key:
                return event
    raise ParamError(
        "simulator.on_exit_event",
        f"key {key!r} is not an ExitEvent (or the name of one, such as 'WORKBEGIN')",
    )


def _max_ticks(value) -> int:
    """``value`` checked as the absolute tick limit (0 to ``MAX_TICK``)."""
    if isinstance(value, bool) or not isinstance(value, int):
        raise ParamTypeError(
            "simulator.max_ticks", f"expected an integer number of ticks, got {value!r}"
        )
    if not 0 <= value <= _runtime.MAX_TICK:
        raise ParamError(
            "simulator.max_ticks", f"is {value}; allowed values: 0 to {_runtime.MAX_TICK}"
        )
    return value


class Simulator:
    """Runs ``board``; see the module documentation for exit-event handling."""

    def __init__(
        self,
        board,
        full_system: Optional[bool] = None,
        on_exit_event: Optional[Dict] = None,
        expected_execution_order: Optional[List[ExitEvent]] = None,
        checkpoint_path: Optional[Path] = None,
        max_ticks: Optional[int] = _runtime.MAX_TICK,
        id: Optional[str] = None,
    ) -> None:
        if checkpoint_path:
            raise UnsupportedError(
                "simulator.checkpoint_path", "restoring checkpoints is not supported yet"
            )
        if not hasattr(board, "_pre_instantiate") or not hasattr(board, "get_processor"):
            raise ParamTypeError(
                "simulator.board", f"expected a board such as SimpleBoard, got {board!r}"
            )
        if on_exit_event is not None and not isinstance(on_exit_event, dict):
            raise ParamTypeError(
                "simulator.on_exit_event",
                f"expected a dict of exit events to handlers, got {on_exit_event!r}",
            )
        self._board = board
        self._full_system = full_system
        self._expected_execution_order = expected_execution_order
        self._id: Optional[str] = None
        if id:
            self.set_id(id)
        self.set_max_ticks(max_ticks if max_ticks is not None else _runtime.MAX_TICK)
        self._outdir: Optional[Path] = None
        self._instantiated = False
        self._root = None
        self._ended = False
        self._running = False
        self._last_exit_event = None
        self._tick_stopwatch: List[Tuple[ExitEvent, int]] = []
        self._exit_event_count = 0
        self._default_on_exit_dict = self._defaults()
        self._on_exit_event = {
            _as_event(k): _as_generator(k, v) for k, v in (on_exit_event or {}).items()
        }

    def _defaults(self) -> Dict[ExitEvent, object]:
        d = gens.warn_default_decorator
        return {
            ExitEvent.EXIT: gens.exit_generator(),
            ExitEvent.CHECKPOINT: d(
                gens.save_checkpoint_generator,
                "checkpoint",
                "continuing without a checkpoint (not supported yet)",
            )(),
            ExitEvent.FAIL: gens.exit_generator(),
            ExitEvent.SWITCHCPU: d(
                gens.switch_generator,
                "switch CPU",
                "switching the CPU type of the processor and continuing",
            )(processor=self._board.get_processor()),
            ExitEvent.WORKBEGIN: d(
                gens.reset_stats_generator, "work begin", "resetting the stats and continuing"
            )(),
            ExitEvent.WORKEND: d(
                gens.dump_stats_generator, "work end", "dumping the stats and continuing"
            )(),
            ExitEvent.USER_INTERRUPT: gens.exit_generator(),
            ExitEvent.MAX_TICK: gens.exit_generator(),
            ExitEvent.SCHEDULED_TICK: gens.exit_generator(),
            ExitEvent.SIMPOINT_BEGIN: d(
                gens.skip_generator, "simpoint begin", "resetting the stats and continuing"
            )(),
            ExitEvent.MAX_INSTS: d(
                gens.exit_generator, "max instructions", "exiting the simulation"
            )(),
            ExitEvent.DUMP_STATS: gens.dump_stats_generator(),
            ExitEvent.RESET_STATS: gens.reset_stats_generator(),
            ExitEvent.GUEST_FAULT: gens.guest_fault_generator(self),
            ExitEvent.KERNEL_PANIC: gens.exit_generator(),
            ExitEvent.KERNEL_OOPS: gens.exit_generator(),
        }

    # -- identity, limits, output ---------------------------------------------

    def set_id(self, id: str) -> None:
        """Name the simulation (multisim uses it as the output subdirectory):
        letters, digits, '_' and '-', starting with a letter and ending with a
        letter or digit."""
        if not isinstance(id, str):
            raise ParamTypeError("simulator.id", f"expected a string, got {id!r}")
        if not id:
            raise ParamError("simulator.id", "ID cannot be an empty string.")
        if not _ID_RE.match(id):
            raise ParamError(
                "simulator.id",
                f"invalid ID {id!r}: IDs start with a letter, end with a letter or "
                "digit, and contain only alphanumeric characters, underscores and dashes.",
            )
        self._id = id

    def get_id(self) -> Optional[str]:
        """The simulation's id, or None."""
        return self._id

    def set_max_ticks(self, max_tick: int) -> None:
        """Set the absolute tick at which the run stops with MAX_TICK."""
        self._max_ticks = _max_ticks(max_tick)

    def get_max_ticks(self) -> int:
        """The absolute tick limit."""
        return self._max_ticks

    def schedule_max_insts(self, inst: int) -> None:
        """Stop with MAX_INSTS when any thread of a core has committed ``inst``
        instructions (each CPU's ``max_insts_any_thread``, before the first
        ``run()``; ``scheduleInstStopAnyThread`` after it)."""
        if isinstance(inst, bool) or not isinstance(inst, int) or inst < 0:
            raise ParamError(
                "simulator.max_insts", f"is {inst!r}; allowed values: a count of instructions"
            )
        for core in self._board.get_processor().get_cores():
            core._set_inst_stop_any_thread(inst, self._instantiated)

    def override_outdir(self, new_outdir: Path) -> None:
        """Write this simulation's output to ``new_outdir`` (before it starts)."""
        if self._instantiated:
            raise UsageError(
                "Simulator.override_outdir(): cannot override the output directory "
                "after the simulation has been instantiated (call it before run())"
            )
        self._outdir = Path(new_outdir)
        self._outdir.mkdir(parents=True, exist_ok=True)

    def get_outdir(self) -> Path:
        """The output directory this simulation writes (or will write) to."""
        return Path(self._outdir if self._outdir is not None else _runtime.outdir())

    # -- state -----------------------------------------------------------------

    def get_current_tick(self) -> int:
        """The current tick (0 before the simulation is built)."""
        return _m5().curTick() if self._instantiated else 0

    def get_last_exit_event_cause(self) -> str:
        """gem5's cause string of the last exit ("exiting with last active thread context")."""
        return self._last_exit_event.getCause() if self._last_exit_event is not None else ""

    def get_last_exit_event_code(self) -> int:
        """The exit code of the last exit event."""
        return self._last_exit_event.getCode() if self._last_exit_event is not None else 0

    def get_tick_stopwatch(self) -> List[Tuple[ExitEvent, int]]:
        """(event, tick) for every exit event handled so far."""
        return self._tick_stopwatch

    def get_roi_ticks(self) -> List[int]:
        """Ticks of each region of interest (WORKBEGIN to WORKEND)."""
        start, out = 0, []
        for event, tick in self._tick_stopwatch:
            if event == ExitEvent.WORKBEGIN:
                start = tick
            elif event == ExitEvent.WORKEND:
                out.append(tick - start)
        return out

    def get_simstats(self):
        """The last stats block written to stats.txt (a :class:`sim.stats.Block`),
        or None before the first dump."""
        if not self._instantiated:
            raise UsageError(
                "Simulator.get_simstats(): cannot obtain simulation statistics prior "
                "to initialization (call it after run())"
            )
        path = self.get_outdir() / "stats.txt"
        blocks = stats.parse_file(str(path)) if path.exists() else []
        return blocks[-1] if blocks else None

    def get_stats(self) -> Dict:
        """The last stats block as ``{name: value}``."""
        block = self.get_simstats()
        return stats.flatten(block) if block is not None else {}

    def save_checkpoint(self, checkpoint_dir: Path) -> None:
        """Checkpoints are not supported yet."""
        raise UnsupportedError("Simulator.save_checkpoint", "checkpoints are not supported yet")

    # -- running ---------------------------------------------------------------

    def _instantiate(self) -> None:
        """Connect the board, root it and ``m5.instantiate()`` it (once)."""
        if self._instantiated:
            return
        m5 = _m5()
        if self._outdir is not None:
            m5.options.outdir = str(self._outdir)
            _runtime.set_outdir(str(self._outdir))
        self._board._pre_instantiate()
        full_system = (
            self._full_system if self._full_system is not None else self._board.is_fullsystem()
        )
        self._root = m5.objects.Root(full_system=full_system, board=self._board)
        m5.instantiate(None)
        self._instantiated = True
        self._board._post_instantiate()

    def _handle(self, event: ExitEvent) -> bool:
        user = self._on_exit_event.get(event)
        if user is not None:
            try:
                return bool(next(user))
            except StopIteration:
                _runtime.warn(
                    f"User-specified generator/function list for the exit event "
                    f"'{event.value}' has ended. Using the default generator."
                )
                del self._on_exit_event[event]
        default = self._default_on_exit_dict.get(event)
        return True if default is None else bool(next(default))

    def run(self, max_ticks: Optional[int] = None) -> None:
        """Simulate, handling exit events, until a handler says to stop.

        Not from inside an exit event handler (:class:`~sim.errors.UsageError`):
        a handler returns or yields False to go on simulating, True to stop."""
        if self._running:
            raise UsageError(
                "Simulator.run() was called from inside an exit event handler; a "
                "handler returns (or yields) False to go on simulating, True to stop"
            )
        if max_ticks is not None and max_ticks != self._max_ticks:
            self.set_max_ticks(max_ticks)
        self._instantiate()
        self._running = True
        try:
            self._run_loop()
        finally:
            self._running = False

    @staticmethod
    def _translate(exit_event) -> ExitEvent:
        """The ExitEvent of a ``m5.simulate()`` result: by its cause string as
        gem5 does, else by the event name the simulator gave it (a poweroff or
        an HTIF exit is an EXIT with a cause of its own)."""
        try:
            return ExitEvent.translate_exit_status(exit_event.getCause())
        except UnsupportedError:
            name = getattr(exit_event, "_name", None)
            if name in ExitEvent.__members__:
                return ExitEvent[name]
            raise

    def _is_terminal(self, event: ExitEvent) -> bool:
        """Whether nothing is left to simulate after ``event``."""
        full_system = self._full_system
        if full_system is None:
            full_system = self._board.is_workload_set() and self._board.is_fullsystem()
        if not full_system:
            return event in _TERMINAL
        return event in _FS_TERMINAL or (
            event == ExitEvent.EXIT and self.get_last_exit_event_cause() in _FS_MACHINE_STOPPED
        )

    def _ticks_left(self) -> int:
        """Ticks from now to the absolute limit (``m5.MaxTick``: no limit)."""
        if self._max_ticks >= _runtime.MAX_TICK:
            return _runtime.MAX_TICK
        return max(0, self._max_ticks - _m5().curTick())

    def _run_loop(self) -> None:
        m5 = _m5()
        while True:
            if self._ended:
                _runtime.warn("the simulation has ended; there is nothing left to run")
                return
            self._last_exit_event = m5.simulate(self._ticks_left())
            event = self._translate(self._last_exit_event)
            self._ended = self._is_terminal(event)
            if event in (ExitEvent.WORKBEGIN, ExitEvent.WORKEND) and not getattr(
                self._board, "exit_on_work_items", True
            ):
                continue
            if self._expected_execution_order:
                order = self._expected_execution_order
                if self._exit_event_count >= len(order):
                    raise SimError(
                        f"simulator.expected_execution_order: lists {len(order)} exit "
                        f"events, but a further '{event.value}' exit event was encountered."
                    )
                expected = order[self._exit_event_count]
                if event != expected:
                    raise SimError(
                        f"simulator.expected_execution_order: Expected a '{expected.value}' "
                        f"exit event but a '{event.value}' exit event was encountered."
                    )
            self._tick_stopwatch.append((event, m5.curTick()))
            stop = self._handle(event)
            self._exit_event_count += 1
            if stop:
                return
