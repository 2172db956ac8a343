"""The ``sim`` command (console script ``sim = sim.cli:main``, or ``python -m sim``).

* ``sim run [-d DIR] SCRIPT.py [ARGS...]`` runs a configuration script as
  ``__main__`` with ``sys.argv = [SCRIPT.py, ARGS...]``, output in DIR (default
  ``m5out``; passed on as ``$SIM_OUTDIR``), then writes the final stats dump
  as gem5 does at exit. An error the script caused through the API (a
  :class:`sim.errors.SimError`, such as :class:`sim.errors.ParamError`) prints
  one line, ``sim run: error: <path>: <problem> (at SCRIPT.py:LINE)``, and
  exits with status 1; exceptions from the script's own code keep their
  traceback. Ctrl-C outside the simulation loop (which ends the loop with a
  ``USER_INTERRUPT`` event, as in gem5) stops the script: the final stats are
  written and the process ends by SIGINT, as Python does, without a traceback.
  SIGTERM and SIGHUP do the same as Ctrl-C (the loop ends with
  ``USER_INTERRUPT``, the final stats are written) and the process then dies of
  that signal, as ``sim se`` does; a second one ends it at once.
* ``sim run --multisim [-p N] [-l | --id ID] SCRIPT.py [ARGS...]`` runs the
  script's MultiSim simulations (see :mod:`sim.utils.multisim`).
* ``sim stats ...`` is :mod:`sim.stats.cli`.
* anything else (``sim se ...``, ``sim --help``) goes to the Rust command line.

Options of ``run`` come before SCRIPT; everything after it belongs to the script.
"""

import argparse
import os
import runpy
import signal
import sys
import traceback
from typing import List, Optional

from sim import _runtime
from sim.errors import SimError

_PACKAGE_DIR = os.path.dirname(os.path.abspath(__file__))
_STDLIB_DIR = os.path.dirname(os.path.abspath(os.__file__))


def _run_parser() -> argparse.ArgumentParser:
    p = argparse.ArgumentParser(
        prog="sim run",
        description="Run a gem5-stdlib-style configuration script.",
    )
    p.add_argument("-d", "--outdir", help="output directory (default: m5out)")
    p.add_argument(
        "--multisim", action="store_true", help="run the script's MultiSim simulations"
    )
    p.add_argument(
        "-p", "--processes", type=int, help="with --multisim: simulations run at once"
    )
    p.add_argument(
        "-l", "--list", action="store_true", help="with --multisim: list the simulation ids"
    )
    p.add_argument("--id", help="with --multisim: run only the simulation with this id")
    p.add_argument("script", help="configuration script (.py)")
    p.add_argument("args", nargs=argparse.REMAINDER, help="arguments of the script")
    return p


def _error(message: str) -> int:
    print(f"sim run: error: {message}", file=sys.stderr)
    return 1


def _caller(err: BaseException) -> Optional[str]:
    """``file:line`` of the innermost traceback frame outside the ``sim``
    package and Python's own library: the script line that made the failing
    call (None when the error did not pass through the script)."""
    where = None
    for frame in traceback.extract_tb(err.__traceback__):
        path = os.path.abspath(frame.filename)
        if frame.filename.startswith("<") or any(
            path.startswith(d + os.sep) for d in (_PACKAGE_DIR, _STDLIB_DIR)
        ):
            continue
        where = f"{frame.filename}:{frame.lineno}"
    return where


def _sim_error(err: SimError) -> int:
    """Report an API error as one line, with the script line that caused it."""
    where = _caller(err)
    return _error(f"{err} (at {where})" if where else str(err))


_SIGNAL_NAMES = {signal.SIGINT: "SIGINT (Ctrl-C)", signal.SIGTERM: "SIGTERM", signal.SIGHUP: "SIGHUP"}


def _die_by(signum: int) -> int:
    """End the process by ``signum``, as Python does for an uncaught Ctrl-C, so
    that a shell or a parent running ``sim run`` sees how it ended; returns the
    status if that fails."""
    print(f"sim run: interrupted by {_SIGNAL_NAMES[signum]}", file=sys.stderr)
    sys.stdout.flush()
    sys.stderr.flush()
    signal.signal(signum, signal.SIG_DFL)
    os.kill(os.getpid(), signum)
    return 128 + signum


class _Termination:
    """SIGTERM and SIGHUP stop the script as Ctrl-C does (a ``KeyboardInterrupt``
    that the simulation loop turns into ``USER_INTERRUPT``), so the final stats
    are written before the process dies of the signal; the first one restores
    the default action, so a second one ends the process at once. A signal the
    process was started with ignored (``nohup``) stays ignored."""

    def __init__(self) -> None:
        self.received: Optional[int] = None
        for signum in (signal.SIGTERM, signal.SIGHUP):
            if signal.getsignal(signum) is not signal.SIG_IGN:
                signal.signal(signum, self._handle)

    def _handle(self, signum, _frame) -> None:
        self.received = signum
        signal.signal(signum, signal.SIG_DFL)
        raise KeyboardInterrupt


def run_main(argv: List[str]) -> int:
    """``sim run``; returns the exit status."""
    parser = _run_parser()
    opts = parser.parse_args(argv)
    if (opts.processes or opts.list or opts.id) and not opts.multisim:
        parser.error("-p, -l and --id need --multisim")
    if not os.path.isfile(opts.script):
        return _error(f"no such script: {opts.script}")
    if opts.outdir:
        os.environ[_runtime.OUTDIR_ENV] = opts.outdir
        _runtime.set_outdir(opts.outdir)
    script_dir = os.path.dirname(os.path.abspath(opts.script))
    if script_dir not in sys.path:
        sys.path.insert(0, script_dir)
    if opts.multisim:
        try:
            return _multisim(opts)
        except SimError as err:
            return _sim_error(err)
    sys.argv = [opts.script, *opts.args]
    # gem5 makes its output directory before the script runs; scripts write
    # into m5.options.outdir before m5.instantiate() (se.py's fs/ tree).
    os.makedirs(_runtime.outdir(), exist_ok=True)
    from sim import aliases

    aliases.install()
    interrupted = False
    termination = _Termination()
    try:
        runpy.run_path(opts.script, run_name="__main__")
    except SystemExit as exc:
        code = exc.code
        if code is None or isinstance(code, int):
            return code or 0
        print(code, file=sys.stderr)
        return 1
    except SimError as err:
        return _sim_error(err)
    except KeyboardInterrupt:
        interrupted = True
    finally:
        _runtime.finalize()
    if termination.received is not None:
        return _die_by(termination.received)
    return _die_by(signal.SIGINT) if interrupted else 0


def _multisim(opts) -> int:
    from sim.utils.multisim import multisim

    if opts.list:
        for sim_id in multisim.get_simulator_ids(opts.script, opts.args):
            print(sim_id)
        return 0
    if opts.id:
        multisim.run_one(opts.script, opts.id, opts.args)
        return 0
    try:
        ran = multisim.run(opts.script, processes=opts.processes, args=opts.args)
    except multisim.MultiSimError as err:
        for sim_id, what in err.failures.items():
            # A SimError's message is one line; anything else is a traceback.
            sep = "\n" if "\n" in what.strip() else " "
            print(f"sim run: simulation '{sim_id}' failed:{sep}{what.strip()}", file=sys.stderr)
        return 1
    print(f"sim run: {len(ran)} simulations done in {_runtime.outdir()}/: {', '.join(ran)}")
    return 0


def main(argv: Optional[List[str]] = None) -> int:
    """Entry point of ``sim``; returns the exit status."""
    args = list(sys.argv[1:] if argv is None else argv)
    if args and args[0] == "run":
        return run_main(args[1:])
    if args and args[0] == "stats":
        from sim.stats import cli as stats_cli

        return stats_cli.main(args[1:])
    return int(_runtime.native().cli_main(["sim", *args]))


if __name__ == "__main__":
    sys.exit(main())
