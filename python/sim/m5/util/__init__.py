"""gem5's ``m5.util``: messages (``fatal``, ``panic``, ``warn``, ``inform``) and
``addToPath``."""

import os
import sys
from typing import Any

from sim.m5.util import convert  # noqa: F401  (gem5 scripts use m5.util.convert)


def _format(message: str, args: Any) -> str:
    return message % args if args else message


def fatal(message: str, *args: Any) -> None:
    """Print ``fatal: message`` and exit with status 1, as gem5's ``fatal`` does."""
    print("fatal: " + _format(message, args), file=sys.stderr, flush=True)
    sys.exit(1)


def panic(message: str, *args: Any) -> None:
    """Print ``panic: message`` and exit with status 1."""
    print("panic: " + _format(message, args), file=sys.stderr, flush=True)
    sys.exit(1)


def warn(message: str, *args: Any) -> None:
    """Print ``warn: message`` on standard error."""
    print("warn: " + _format(message, args), file=sys.stderr, flush=True)


def inform(message: str, *args: Any) -> None:
    """Print ``info: message`` on standard output."""
    print("info: " + _format(message, args), flush=True)


def addToPath(path: str) -> None:
    """Put ``path`` (relative to the calling script's directory) first on ``sys.path``."""
    if not os.path.isabs(path):
        caller = sys._getframe(1).f_globals.get("__file__")
        base = os.path.dirname(os.path.abspath(caller)) if caller else os.getcwd()
        path = os.path.join(base, path)
    path = os.path.realpath(path)
    if path not in sys.path:
        sys.path.insert(1, path)
