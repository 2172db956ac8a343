"""Process-wide state of the Python layer, the counterpart of gem5's ``m5`` module.

* :func:`native` imports the Rust extension ``sim._native`` on first use, so that
  configuration objects (and their unit tests) work without it; tests swap in a
  fake with :func:`set_native`.
* :func:`outdir` is the output directory: :func:`set_outdir`, else the
  ``SIM_OUTDIR`` environment variable (set by ``sim run -d DIR``), else
  ``m5out``, as gem5's ``--outdir``.
* The built native systems: :func:`current_system` is the one ``sim.stats.dump()``
  and ``sim.stats.reset()`` act on (the last one built, like ``m5.stats``).
* :func:`finalize` dumps stats once for every system that simulated, the way gem5
  registers ``stats.dump`` with ``atexit`` on the first ``m5.simulate()``; the
  ``sim run`` command calls it when the script ends, ``atexit`` covers plain
  ``python script.py``.
"""

import atexit
import os
import sys
from typing import Any, List, Optional

MAX_TICK = 2**64 - 1
"""gem5's ``m5.MaxTick``: the largest tick, meaning "no limit"."""

OUTDIR_ENV = "SIM_OUTDIR"

_native_override: Any = None
_outdir: Optional[str] = None
_interp_dir: Optional[str] = None  # gem5's m5.core.setInterpDir
_systems: List[Any] = []  # every native system built in this process, in order
_to_dump: List[Any] = []  # systems that simulated and still owe the final dump
_atexit_registered = False


def native() -> Any:
    """The ``sim._native`` extension module (or the fake set by :func:`set_native`)."""
    if _native_override is not None:
        return _native_override
    try:
        from sim import _native  # type: ignore[attr-defined]
    except ImportError as err:
        raise ImportError(
            "the simulator's native module sim._native is not built: run "
            "`maturin develop` in python/ (see python/pyproject.toml)"
        ) from err
    return _native


def set_native(module: Any) -> None:
    """Use ``module`` instead of ``sim._native`` (``None`` restores it); for tests."""
    global _native_override
    _native_override = module


def warn(message: str) -> None:
    """Print a gem5-style warning (``warn: ...``) on standard error."""
    print(f"warn: {message}", file=sys.stderr, flush=True)


def set_outdir(path: Optional[str]) -> None:
    """Set the default output directory of this process (``None``: back to default)."""
    global _outdir
    _outdir = None if path is None else str(path)


def set_interp_dir(path: Optional[str]) -> None:
    """Set the directory dynamically linked guests' ELF interpreter is loaded from
    (gem5's ``m5.core.setInterpDir``; ``None``: the interpreter's own path)."""
    global _interp_dir
    _interp_dir = None if path is None else str(path)


def interp_dir() -> Optional[str]:
    """The directory set by :func:`set_interp_dir`, if any."""
    return _interp_dir


def outdir() -> str:
    """The default output directory of simulations built in this process."""
    if _outdir is not None:
        return _outdir
    return os.environ.get(OUTDIR_ENV) or "m5out"


def register_system(system: Any) -> None:
    """Record a newly built native system; it becomes the current one."""
    _systems.append(system)


def current_system() -> Any:
    """The native system ``sim.stats`` acts on: the last one built."""
    if not _systems:
        from sim.errors import UsageError

        raise UsageError(
            "no simulation has been built yet: sim.stats.dump() and "
            "sim.stats.reset() work once a board is instantiated "
            "(Simulator.run() or board._pre_instantiate())"
        )
    return _systems[-1]


def note_simulated(system: Any) -> None:
    """Mark ``system`` as owing a final stats dump (after its first ``run``)."""
    global _atexit_registered
    if any(s is system for s in _to_dump):
        return
    _to_dump.append(system)
    if not _atexit_registered:
        atexit.register(finalize)
        _atexit_registered = True


def finalize() -> None:
    """Dump stats once for each system that simulated (gem5's exit-time dump)."""
    while _to_dump:
        _to_dump.pop(0).dump_stats()


def reset_state() -> None:
    """Forget every system and setting (for tests; no dumps are written)."""
    global _outdir, _interp_dir
    _systems.clear()
    _to_dump.clear()
    _outdir = None
    _interp_dir = None
