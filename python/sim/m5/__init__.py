"""gem5's ``m5`` module: instantiate the object tree and simulate it.

A gem5 configuration script composes SimObjects (:mod:`sim.objects`, also
importable as ``m5.objects``), then::

    root = Root(full_system=False, system=system)
    m5.instantiate()
    exit_event = m5.simulate()
    print(exit_event.getCause(), exit_event.getCode(), m5.curTick())

:func:`instantiate` resolves the tree, checks every parameter, writes
``config.ini``, ``config.json`` and ``config.dot`` into :data:`options.outdir`
and builds the simulated system from the tree (the Rust side walks the same
config.json). :func:`simulate` runs it to the next exit event. Inside ``sim run``
this package is also importable as ``m5`` (and :mod:`sim` as ``gem5``), so
gem5's scripts run unchanged.

(In gem5, ``m5.simulate`` is a function while ``gem5.simulate`` is a package,
which is why this API lives in ``sim.m5`` rather than in ``sim`` itself.)
"""

import json
import sys
from typing import Any, List, Optional, Tuple

from sim import _runtime
from sim import objects
from sim.errors import MissingFileError, ParamError, UnsupportedError, UsageError
from sim.m5 import buildable, core, defines, options, stats, ticks, util
from sim.m5.event import GlobalSimLoopExitEvent
from sim.m5.util import fatal, warn  # gem5's m5 re-exports them (from m5 import fatal)

# ``m5.objects``, ``m5.params``, ``m5.proxy`` and ``m5.SimObject`` as gem5 has
# them, importable as submodules (``from m5.objects import *``).
from sim.objects import params as _params, proxy as _proxy, simobject as _simobject  # noqa: E402

sys.modules[__name__ + ".objects"] = objects
sys.modules[__name__ + ".params"] = _params
sys.modules[__name__ + ".proxy"] = _proxy
sys.modules[__name__ + ".SimObject"] = _simobject

MaxTick = _runtime.MAX_TICK
"""The largest tick: ``m5.simulate()`` with no argument runs until an exit event."""

_session: Optional[Any] = None  # the native system built by instantiate()


def _root() -> Any:
    root = objects.Root.getInstance()
    if root is None:
        raise UsageError(
            "m5.instantiate(): no Root object exists; create one first, "
            "e.g. root = Root(full_system=False, system=system)"
        )
    return root


def instantiate(ckpt_dir: Optional[str] = None) -> None:
    """Resolve and check the tree under the ``Root``, write its config files and
    build the simulated system (gem5's ``m5.instantiate``)."""
    global _session
    if _session is not None:
        raise UsageError("m5.instantiate() was already called; a process builds one system")
    if ckpt_dir is not None:
        raise UnsupportedError(
            "m5.instantiate.ckpt_dir",
            f"is {ckpt_dir!r}; allowed values: None (restoring checkpoints is not supported yet)",
        )
    root = _root()
    buildable.check_modelled(root)
    _configure_listeners()
    tree = objects.instantiate_tree(root)
    tree_text = json.dumps(tree, indent=4)
    ini = objects.config_ini(root)
    dot = objects.config_dot(root) if hasattr(objects, "config_dot") else ""
    outdir = options.outdir
    try:
        _session = _runtime.native().SeSystem.from_tree(
            json.dumps(tree), outdir, ini, tree_text + "\n", dot,
            interp_dir=_runtime.interp_dir(),
        )
    except (ValueError, OSError) as err:
        raise _as_sim_error(err) from None
    _runtime.register_system(_session)


def _as_sim_error(err: Exception) -> Exception:
    """A builder error as a :mod:`sim.errors` class; its message starts with the
    object path and parameter (``board.memory.mem_ctrl.dram.tCK: ...``)."""
    text = str(err)
    head, sep, rest = text.partition(": ")
    path, problem = (head, rest) if sep and " " not in head else ("m5.instantiate", text)
    if isinstance(err, FileNotFoundError):
        return MissingFileError(path, problem)
    if isinstance(err, ValueError):
        return ParamError(path, problem)
    return err


def _system() -> Any:
    if _session is None:
        raise UsageError("call m5.instantiate() before simulating")
    return _session


def simulate(ticks: int = MaxTick) -> GlobalSimLoopExitEvent:
    """Simulate for ``ticks`` more ticks (default: until an exit event) and return
    the exit event: ``getCause()`` is gem5's cause string, ``getCode()`` the code."""
    system = _system()
    if not isinstance(ticks, int) or isinstance(ticks, bool) or ticks < 0:
        raise UsageError(f"m5.simulate(ticks): is {ticks!r}; allowed values: a tick count >= 0")
    now = system.now()
    limit = None if ticks >= MaxTick - now else now + ticks
    _runtime.note_simulated(system)
    while True:
        # A stats event scheduled before the limit (m5.stats.periodicStatDump)
        # stops the run at its tick, is carried out, and the run goes on.
        due = stats._next_tick()
        stop = due if due is not None and (limit is None or due < limit) else limit
        name, code, cause = system.run(stop)
        if stop is not None and stop != limit and name == "MAX_TICK" and system.now() == stop:
            stats._fire()
            continue
        return GlobalSimLoopExitEvent(cause, code, name)


def curTick() -> int:
    """The current tick (0 before :func:`instantiate`)."""
    return 0 if _session is None else _session.now()


def switchCpus(system: Any, cpu_list: List[Tuple[Any, Any]], verbose: bool = True) -> None:
    """gem5's CPU switch; not available yet (it comes with checkpoints)."""
    raise UnsupportedError("m5.switchCpus", "switching CPU models is not supported yet")


def checkpoint(dir: str) -> None:
    """gem5's checkpoint; not available yet."""
    raise UnsupportedError("m5.checkpoint", f"{dir!r}: checkpoints are not supported yet")


_listeners_disabled = False


def disableAllListeners() -> None:
    """No terminal of this process listens for connections (gem5's call; the
    remote-debugger listeners it also stops do not exist here)."""
    global _listeners_disabled
    _listeners_disabled = True
    _runtime.native().set_listeners_enabled(False)


def _configure_listeners() -> None:
    """gem5's ``--listener-mode=auto`` for a script: terminals listen (port 3456
    or the next free one) when standard input is a terminal, unless
    ``disableAllListeners()`` was called."""
    try:
        interactive = sys.stdin is not None and sys.stdin.isatty()
    except (AttributeError, ValueError, OSError):
        interactive = False
    on = interactive and not _listeners_disabled
    _runtime.native().set_listeners_enabled(on)


def _reset_for_tests() -> None:
    global _session, _listeners_disabled
    _session = None
    _listeners_disabled = False
    stats._reset_for_tests()
    objects.Root._reset_instance()


def _native_start_traffic(path: str, phases: List[dict]) -> None:
    """Start the traffic generator at ``path`` on ``phases`` (``PyTrafficGen.start``)."""
    _system().start_traffic(path, json.dumps(phases))


__all__ = [
    "MaxTick",
    "checkpoint",
    "core",
    "curTick",
    "defines",
    "disableAllListeners",
    "fatal",
    "instantiate",
    "objects",
    "options",
    "simulate",
    "stats",
    "switchCpus",
    "ticks",
    "util",
    "warn",
]
