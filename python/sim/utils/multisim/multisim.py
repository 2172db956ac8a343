"""MultiSim: many simulations from one configuration script (gem5's multisim).

A script builds several boards and registers a ``Simulator`` for each with
:func:`add_simulator` (each with an id, ``sim_<n>`` by default) instead of
calling ``run()``. Then:

* ``sim run --multisim [-p N] SCRIPT [ARGS...]`` (or ``python -m
  sim.utils.multisim``) runs every simulation, each in its own fresh process
  that re-executes the script and runs the simulator with its id, writing to
  ``<outdir>/<id>/``; at most N at once (default: :func:`set_num_processes` in
  the script, else the number of CPUs);
* ``sim run --multisim -l SCRIPT`` lists the ids;
* ``sim run --multisim --id ID SCRIPT`` runs one simulation here.

As in gem5, running the script without multisim (``sim run SCRIPT ID``) runs
the simulation with that id and ``sim run SCRIPT --list`` lists the ids; with
neither it is an error. The script is executed again in every process, so it
must build the same simulators each time and must not run them itself.
"""

import argparse
import multiprocessing
import os
import runpy
import sys
import traceback
from concurrent.futures import ProcessPoolExecutor
from pathlib import Path
from typing import Dict, List, Optional, Sequence, Union

from sim import _runtime
from sim.errors import ParamError, ParamTypeError, SimError, UsageError

module_run = False
"""True when the script is being executed by MultiSim (no argv handling)."""

_num_processes: Optional[int] = None
_multi_sim: List = []


class MultiSimError(RuntimeError):
    """Simulations failed; ``failures`` maps ids to what went wrong: the one-line
    message of a :class:`~sim.errors.SimError`, else the traceback. ``errors``
    maps the ids whose simulation raised a SimError to that error, rebuilt here
    from the worker process (same class, path and message)."""

    def __init__(self, failures: Dict[str, str], errors: Optional[Dict[str, SimError]] = None):
        super().__init__("simulation(s) failed: " + ", ".join(failures))
        self.failures = failures
        self.errors = dict(errors or {})

    def __reduce__(self):
        # Picklable across the process pool (the default would pass the message
        # as ``failures``).
        return (type(self), (self.failures, self.errors))


def set_num_processes(num_processes: int) -> None:
    """Run at most ``num_processes`` simulations at once."""
    if not isinstance(num_processes, int) or isinstance(num_processes, bool):
        raise ParamTypeError(
            "multisim.num_processes", f"expected an integer, got {num_processes!r}"
        )
    if num_processes < 1:
        raise ParamError(
            "multisim.num_processes", f"is {num_processes}; allowed values: at least 1"
        )
    global _num_processes
    _num_processes = num_processes


def num_simulators() -> int:
    """How many simulators the script has added."""
    return len(_multi_sim)


def _sim_outdir(base, sim_id: str) -> Path:
    return Path(base) / sim_id


def add_simulator(simulator) -> None:
    """Register ``simulator`` (ids default to ``sim_<n>``; they must be unique)."""
    if not simulator.get_id():
        simulator.set_id(f"sim_{len(_multi_sim)}")
    if any(s.get_id() == simulator.get_id() for s in _multi_sim):
        raise ParamError(
            "simulator.id", f"a simulator with id '{simulator.get_id()}' was already added"
        )
    _multi_sim.append(simulator)
    if module_run:
        return
    parser = argparse.ArgumentParser(description="Run a specific simulation based on the id.")
    parser.add_argument("id", nargs="?", default=None, help="The id of the simulator to run.")
    parser.add_argument(
        "-l", "--list", action="store_true", help="List the ids of the simulators."
    )
    args, _ = parser.parse_known_args(sys.argv[1:])
    if args.list:
        print(simulator.get_id())
    elif not args.id:
        raise UsageError(
            "This script adds simulators with multisim: run them all with "
            "`sim run --multisim SCRIPT`, or one with `sim run SCRIPT ID` "
            "(list the ids with `sim run SCRIPT --list`)."
        )
    elif args.id == simulator.get_id():
        simulator.override_outdir(_sim_outdir(_runtime.outdir(), simulator.get_id()))
        simulator.run()


def _load(script: str, args: Sequence[str]) -> None:
    """Execute the configuration script here, collecting its simulators."""
    global module_run
    module_run = True
    _multi_sim.clear()
    sys.argv = [script, *args]
    script_dir = os.path.dirname(os.path.abspath(script))
    if script_dir not in sys.path:
        sys.path.insert(0, script_dir)
    # Inside ``sim run --multisim`` (and its worker processes) gem5's scripts
    # import ``gem5`` and ``m5`` as in ``sim run``.
    from sim import aliases

    aliases.install()
    runpy.run_path(script, run_name="__main__")


def _inspect(script: str, args: Sequence[str]):
    """(ids, num_processes) of the script; run in a child process."""
    _load(script, args)
    return [s.get_id() for s in _multi_sim], _num_processes


def _run_one_here(script: str, args: Sequence[str], sim_id: str, outdir: str) -> None:
    _load(script, args)
    matches = [s for s in _multi_sim if s.get_id() == sim_id]
    if not matches:
        known = ", ".join(s.get_id() for s in _multi_sim) or "(none)"
        raise UsageError(f"no simulator with id '{sim_id}'; ids: {known}")
    matches[0].override_outdir(_sim_outdir(outdir, sim_id))
    matches[0].run()
    _runtime.finalize()


def _run_child(
    script: str, args: Sequence[str], sim_id: str, outdir: str
) -> Union[None, SimError, str]:
    """Run one simulation in a child process; on failure returns the
    :class:`~sim.errors.SimError` it raised (the error classes pickle by their
    fields, so the parent gets the same error), else the traceback."""
    try:
        _run_one_here(script, args, sim_id, outdir)
        return None
    except SimError as err:
        return err
    except BaseException:  # reported to the parent, which decides the exit status
        return traceback.format_exc()
    finally:
        sys.stdout.flush()
        sys.stderr.flush()


def _executor(workers: int) -> ProcessPoolExecutor:
    ctx = multiprocessing.get_context("spawn")
    try:
        return ProcessPoolExecutor(max_workers=workers, mp_context=ctx, max_tasks_per_child=1)
    except TypeError:  # Python < 3.11: fresh processes are still spawned per pool
        return ProcessPoolExecutor(max_workers=workers, mp_context=ctx)


def _script_info(script, args):
    with _executor(1) as pool:
        return pool.submit(_inspect, str(script), list(args)).result()


def get_simulator_ids(config_module_path, args: Sequence[str] = ()) -> List[str]:
    """The ids the script adds (found by executing it in a child process)."""
    return _script_info(config_module_path, args)[0]


def run_one(config_module_path, sim_id: str, args: Sequence[str] = ()) -> None:
    """Run the simulation ``sim_id`` of the script in this process."""
    _run_one_here(str(config_module_path), list(args), sim_id, _runtime.outdir())


def run(
    module_path,
    processes: Optional[int] = None,
    args: Sequence[str] = (),
    ids: Optional[Sequence[str]] = None,
) -> List[str]:
    """Run the script's simulations (all, or ``ids``) in parallel child processes.

    Returns the ids run. Failures are raised after all have finished: when
    exactly one simulation failed, with a :class:`~sim.errors.SimError` (a
    parameter error, say), that error itself, as gem5's process pool raises a
    worker's exception (a note names the simulation); otherwise
    :class:`MultiSimError`."""
    script = str(module_path)
    all_ids, script_processes = _script_info(script, args)
    if not all_ids:
        raise UsageError(
            f"'{script}' added no simulators: a MultiSim script calls "
            "multisim.add_simulator(simulator) for each simulation"
        )
    chosen = list(ids) if ids else all_ids
    unknown = [i for i in chosen if i not in all_ids]
    if unknown:
        raise UsageError(
            f"unknown simulator id(s) {', '.join(unknown)}; ids: {', '.join(all_ids)}"
        )
    workers = processes or script_processes or os.cpu_count() or 1
    outdir = _runtime.outdir()
    failures: Dict[str, str] = {}
    errors: Dict[str, SimError] = {}
    with _executor(min(workers, len(chosen))) as pool:
        futures = {i: pool.submit(_run_child, script, list(args), i, outdir) for i in chosen}
        for sim_id, future in futures.items():
            error = future.result()
            if isinstance(error, SimError):
                errors[sim_id] = error
                failures[sim_id] = str(error)
            elif error:
                failures[sim_id] = error
    if len(failures) == 1 and errors:
        ((sim_id, error),) = errors.items()
        if hasattr(error, "add_note"):  # Python 3.11+
            error.add_note(f"raised by multisim simulation '{sim_id}'")
        raise error
    if failures:
        raise MultiSimError(failures, errors)
    return chosen
