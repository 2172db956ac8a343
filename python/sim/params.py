"""Checking configuration parameters when a board is built.

Components store what the script gave them; the board checks every value when
it is instantiated and raises :class:`ParamError` naming the parameter by its
path in the board (``board.cache_hierarchy.l1d.size``) and saying what is
allowed (the error classes live in :mod:`sim.errors`). Units are parsed by
the simulator itself (``sim._native.parse_size``, ``parse_frequency``,
``parse_latency``), imported only at check time so these modules load
without the native extension.
"""

import re
from typing import Any, Dict, Iterable, Optional, Tuple

from sim import _runtime
from sim.errors import MissingFileError, ParamError, ParamTypeError, UnsupportedError

__all__ = [
    "NULL",
    "MissingFileError",
    "ParamError",
    "ParamTypeError",
    "UnsupportedError",
    "board_path",
    "choice",
    "frequency",
    "from_native",
    "integer",
    "latency",
    "size",
]


def _parse(kind: str, path: str, value: Any, example: str) -> Any:
    if isinstance(value, bool) or not isinstance(value, (str, int)):
        raise ParamTypeError(
            path, f"expected a {kind} string such as {example!r}, got {value!r}"
        )
    text = str(value)
    parser = getattr(_runtime.native(), f"parse_{kind.split()[-1]}")
    try:
        return parser(text)
    except ValueError as err:
        raise ParamError(path, str(err)) from None


def size(path: str, value: Any) -> str:
    """Check a memory size ("32KiB", "2MB", 4096); returns it as a string."""
    _parse("memory size", path, value, "32KiB")
    return str(value)


def frequency(path: str, value: Any) -> str:
    """Check a frequency ("3GHz") or clock period ("1ns"); returns it."""
    _parse("frequency", path, value, "3GHz")
    return str(value)


def latency(path: str, value: Any) -> int:
    """Check a latency ("30ns"); returns it in ticks."""
    return _parse("latency", path, value, "30ns")


def limit(name: str) -> Tuple[int, int]:
    """The allowed range ``(low, high)`` of the integer parameter ``name``
    (``"num_cores"``, ``"mshrs"``, ...), from the simulator's one table of limits
    (``sim._native.limits()``), so Python and ``sim se`` allow the same values."""
    low, high = _runtime.native().limits()[name]
    return int(low), int(high)


def integer(path: str, value: Any, low: int = 1, high: Optional[int] = None) -> int:
    """Check an integer within ``[low, high]``."""
    if isinstance(value, bool) or not isinstance(value, int):
        raise ParamTypeError(path, f"expected an integer, got {value!r}")
    if value < low or (high is not None and value > high):
        allowed = f"{low} to {high}" if high is not None else f"at least {low}"
        raise ParamError(path, f"is {value}; allowed values: {allowed}")
    return value


def choice(path: str, value: Any, allowed: Iterable[Any]) -> Any:
    """Check that ``value`` is one of ``allowed``."""
    allowed = list(allowed)
    if value not in allowed:
        names = ", ".join(getattr(a, "value", str(a)) for a in allowed)
        raise ParamError(path, f"is {value!r}; allowed values: {names}")
    return value


class _Null:
    """gem5's ``NULL`` (``m5.params.NULL``): "no object" for an object parameter,
    such as a cache's prefetcher. Calling it returns itself, as in gem5, so
    ``PrefetcherCls=NULL`` works where a class is expected."""

    _instance = None

    def __new__(cls):
        if cls._instance is None:
            cls._instance = super().__new__(cls)
        return cls._instance

    def __call__(self):
        return self

    def __repr__(self) -> str:
        return "NULL"


NULL = _Null()


# Native config keys (SeConfig) to their paths in a stdlib board.
_NATIVE_PATHS: Dict[str, str] = {
    "hierarchy.kind": "board.cache_hierarchy",
    "hierarchy": "board.cache_hierarchy",
    "memory.type": "board.memory",
    "memory": "board.memory",
    "cpu_type": "board.processor.cpu_type",
    "num_cores": "board.processor.num_cores",
    "isa": "board.processor.isa",
    "cpu_clock": "board.clk_freq",
    "sys_clock": "board.clk_freq",
    "workloads": "board.workload",
    "workloads.binary": "board.workload.binary",
    "workloads.args": "board.workload.arguments",
    "env": "board.workload.env_list",
    "max_insts": "simulator.max_insts",
    "outdir": "simulator.outdir",
}

_KEY_RE = re.compile(r"^\s*(?:parameter\s+)?'?([A-Za-z_][\w.\[\]]*)'?\s*:?\s*(.*)$", re.S)


def board_path(key: str) -> str:
    """The board path of native config key ``key`` (``hierarchy.l1d.size`` gives
    ``board.cache_hierarchy.l1d.size``); unknown keys are kept under ``board.``."""
    if key in _NATIVE_PATHS:
        return _NATIVE_PATHS[key]
    head, _, rest = key.partition(".")
    head = re.sub(r"\[\d+\]$", "", head)
    if head in _NATIVE_PATHS:
        return f"{_NATIVE_PATHS[head]}.{rest}" if rest else _NATIVE_PATHS[head]
    return f"board.{key}"


def from_native(err: Exception) -> ParamError:
    """The :class:`ParamError` for an error the native simulator raised while
    building a board: its message starts with a config key path, which becomes
    the board path (``memory.size: ...`` gives ``board.memory.size``); a message
    without one is about the board as a whole. A missing file stays a
    ``FileNotFoundError`` (:class:`MissingFileError`), a wrong type a
    ``TypeError``."""
    message = str(err)
    path, problem = "board", message
    m = _KEY_RE.match(message)
    if m:
        key = m.group(1)
        if key.split(".")[0].split("[")[0] in _NATIVE_PATHS:
            path, problem = board_path(key), m.group(2) or message
    if isinstance(err, FileNotFoundError):
        return MissingFileError(path, problem)
    if isinstance(err, TypeError):
        return ParamTypeError(path, problem)
    return ParamError(path, problem)
