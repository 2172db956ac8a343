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
from sim.m5 import core, defines, options, stats, ticks, util
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
    if root.full_system:
        raise UnsupportedError(
            "root.full_system",
            "is True; allowed values: False (full-system mode is not supported yet; "
            "syscall emulation is)",
        )
    _check_modelled(root)
    tree = objects.instantiate_tree(root)
    tree_text = json.dumps(tree, indent=4)
    ini = objects.config_ini(root)
    dot = objects.config_dot(root) if hasattr(objects, "config_dot") else ""
    outdir = options.outdir
    try:
        _session = _runtime.native().SeSystem.from_tree(
            json.dumps(_for_builder(tree)), outdir, ini, tree_text + "\n", dot
        )
    except (ValueError, OSError) as err:
        raise _as_sim_error(err) from None
    _runtime.register_system(_session)


def _check_modelled(root: Any) -> None:
    """UnsupportedError for a tree that asks for what cannot be built yet:
    a CPU left switched out (gem5's CPU switching) or memories interleaved by
    address across a crossbar (gem5's multi-channel memories: crossbars route
    by whole ranges, so every access would reach the first channel). An
    ``HBMCtrl`` interleaves its two pseudo channels itself, so its interfaces'
    ranges may have that one interleaving bit."""
    range_type = objects.params.TYPES["AddrRange"]
    for obj in root.descendants():
        if isinstance(obj, objects.BaseCPU) and obj._values.get("switched_out"):
            raise UnsupportedError(
                f"{obj.path()}.switched_out",
                "is True; allowed values: False (switching CPU models, gem5's "
                "m5.switchCpus, is not supported yet)",
            )
        own_bits = 1 if isinstance(obj.get_parent(), objects.HBMCtrl) else 0
        for name, desc in obj._params.items():
            if desc.ptype is not range_type or name not in obj._values:
                continue
            value = obj._values[name]
            for item in value if isinstance(value, list) else [value]:
                if isinstance(item, objects.AddrRange) and len(item.masks) > own_bits:
                    raise UnsupportedError(
                        f"{obj.path()}.{name}",
                        f"is {item!r}; memory channels interleaved by address are not "
                        "supported yet (crossbars route whole ranges; HBMCtrl's pseudo "
                        "channels are)",
                    )


_UNMODELLED_HELPERS = {
    "RedirectPath": "guest path redirection is not modelled (the guest opens the host's "
                    "own paths), ignored",
}
"""Objects gem5's scripts add that change nothing a guest which does not use
them observes; the builder gets the tree without them (config.ini and
config.json keep them) and the run warns, naming them."""


def _for_builder(tree: dict) -> dict:
    """``tree`` without the objects of :data:`_UNMODELLED_HELPERS`; a parameter
    that referred to one loses the reference."""
    dropped: List[str] = []

    def strip(node: Any) -> Any:
        if isinstance(node, list):
            kept = [strip(item) for item in node]
            return [item for item in kept if item is not _DROP]
        if not isinstance(node, dict):
            return node
        if node.get("type") in _UNMODELLED_HELPERS and "path" in node:
            dropped.append(node)
            return _DROP
        out = {}
        for key, value in node.items():
            value = strip(value)
            if value is not _DROP:
                out[key] = value
        return out

    stripped = strip(tree)
    paths = {node["path"] for node in dropped}

    def unrefer(node: Any) -> Any:
        if isinstance(node, list):
            return [unrefer(item) for item in node if not (isinstance(item, str) and item in paths)]
        if isinstance(node, dict):
            return {k: (None if isinstance(v, str) and v in paths else unrefer(v))
                    for k, v in node.items()}
        return node

    for kind, why in _UNMODELLED_HELPERS.items():
        described = [_describe(node) for node in dropped if node["type"] == kind]
        if described:
            util.warn(f"{kind}: {why}: {', '.join(described)}")
    return unrefer(stripped) if paths else stripped


_DROP = object()


def _describe(node: dict) -> str:
    if node.get("type") == "RedirectPath":
        return f"{node.get('app_path')} -> {' '.join(node.get('host_paths') or [])}"
    return node["path"]


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


def disableAllListeners() -> None:
    """gem5 closes its remote-debugger listeners; there are none here."""


def _reset_for_tests() -> None:
    global _session
    _session = None
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
