"""The ``sim`` command (console script ``sim = sim.cli:main``, or ``python -m sim``).

* ``sim run [-d DIR] SCRIPT.py [ARGS...]`` runs a configuration script as
  ``__main__`` with ``sys.argv = [SCRIPT.py, ARGS...]``, output in DIR (default
  ``m5out``; passed on as ``$SIM_OUTDIR``), then writes the final stats dump
  as gem5 does at exit. A parameter error (:class:`sim.params.ParamError`)
  prints ``sim run: error: <path>: <problem>`` and exits with status 1.
* ``sim run --multisim [-p N] [-l | --id ID] SCRIPT.py [ARGS...]`` runs the
  script's MultiSim simulations (see :mod:`sim.utils.multisim`).
* ``sim stats ...`` is :mod:`sim.stats.cli`.
* anything else (``sim se ...``, ``sim --help``) goes to the Rust command line.

Options of ``run`` come before SCRIPT; everything after it belongs to the script.
"""

import argparse
import os
import runpy
import sys
from typing import List, Optional

from sim import _runtime, params


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
        return _multisim(opts)
    sys.argv = [opts.script, *opts.args]
    try:
        runpy.run_path(opts.script, run_name="__main__")
    except SystemExit as exc:
        code = exc.code
        if code is None or isinstance(code, int):
            return code or 0
        print(code, file=sys.stderr)
        return 1
    except params.ParamError as err:
        return _error(str(err))
    finally:
        _runtime.finalize()
    return 0


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
        for sim_id, trace in err.failures.items():
            print(f"sim run: simulation '{sim_id}' failed:\n{trace}", file=sys.stderr)
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
