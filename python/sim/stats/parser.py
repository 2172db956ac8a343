"""Read gem5-style ``stats.txt`` files.

A ``stats.txt`` holds one block per statistics dump, each between the lines
``---------- Begin Simulation Statistics ----------`` and
``---------- End Simulation Statistics   ----------``.  Inside a block every
line reads ``name  value  [extra columns]  # description (unit)``:

* scalars: ``system.cpu.numCycles  31992  # Number of cpu cycles (Cycle)``;
* vectors: ``system.cpu.dcache.demandMisses::total  4096  # ...``;
* distributions: ``name::samples``, ``name::mean``, ``name::stdev``,
  buckets such as ``name::0`` or ``name::0-3``, ``name::underflows``,
  ``name::overflows``, ``name::min_value``, ``name::max_value``,
  ``name::total``; buckets carry extra percentage columns (pdf and cdf,
  ``12.50%  50.00%``).

Values are ``int`` when the text is an integer and ``float`` otherwise
(``nan``, ``inf`` and ``-inf`` included).

API
---
``parse(text, source="<string>") -> list[Block]``
    Parse the text of a stats file, one :class:`Block` per dump, in file
    order.  Empty (or blank) text gives ``[]``.
``parse_file(path) -> list[Block]``
    Read and parse a file; a name ending in ``.gz`` is read through gzip.
    The path must name a regular file (checked before opening it, so a FIFO
    or a device is refused at once) of at most :data:`MAX_FILE_BYTES`
    (after decompression); :class:`StatsFileError` otherwise.
``Block``
    One dump, a nested ``dict`` keyed by the dotted name's components and
    then by the ``::`` parts: ``block["system"]["cpu"]["dcache"]
    ["demandMisses"]["total"]``.  A ``::`` part is one key even when it
    contains dots (gem5's ``::cpu.data``).  When a name is both a stat and
    the prefix of other stats, the stat's value sits under the key ``""``
    of that node.  Attributes and methods:

    * ``block.index``: 0 for the first dump of the file, 1 for the next...
    * ``block.line``: line number of the block's ``Begin`` marker;
    * ``block.stats``: ``{full name: Stat}`` in file order;
    * ``block.stat(name) -> Stat`` and ``block.meta(name) ->
      (description, unit)``; ``description`` is ``""`` and ``unit`` is
      ``None`` when the line has none.  The unit is printed in
      parentheses at the end of the line (``(Tick)`` gives ``"Tick"``,
      ``((Tick/Second))`` gives ``"(Tick/Second)"``, as in stats.json).
``Stat``
    A named tuple ``(name, value, text, description, unit, extra, line)``:
    ``text`` is the value as printed (``"0.000016"``), ``extra`` holds the
    columns between the value and ``#`` as strings (``("100.00%",
    "100.00%")`` for a distribution bucket), ``line`` the line number.
``flatten(block) -> dict[str, int | float]``
    Full names (``system.cpu.dcache.demandMisses::total``) to values.
``get(block, name[, default])``
    The value of one stat by full name; ``KeyError`` without a default.
``to_dataframe(blocks)``
    A pandas ``DataFrame`` with one row per stat name (file order) and one
    column per block (column ``i`` is ``blocks[i]``); needs pandas,
    ``ImportError`` otherwise.
``StatsParseError``
    Raised for input that is not a stats file or is truncated; a
    ``ValueError`` whose message and ``lineno`` attribute give the line.
``StatsFileError``
    Raised by ``parse_file`` for a path that is not a regular file or is
    larger than a stats file this parser reads (a ``ValueError``).
"""

import gzip
import math
import os
import re
import stat as stat_mode
import zlib
from typing import Dict, List, NamedTuple, Optional, Tuple, Union

__all__ = [
    "Block",
    "MAX_FILE_BYTES",
    "Stat",
    "StatsFileError",
    "StatsParseError",
    "flatten",
    "get",
    "parse",
    "parse_file",
    "to_dataframe",
]

Value = Union[int, float]

BEGIN_RE = re.compile(r"^-+ Begin Simulation Statistics -+$")
END_RE = re.compile(r"^-+ End Simulation Statistics\s+-+$")
INT_RE = re.compile(r"^[+-]?\d+$")
FLOAT_RE = re.compile(
    r"^[+-]?(?:\d+\.?\d*(?:[eE][+-]?\d+)?|\.\d+(?:[eE][+-]?\d+)?|nan|inf)$",
    re.IGNORECASE,
)

_MISSING = object()

MAX_FILE_BYTES = 1 << 30
"""The largest stats text :func:`parse_file` reads: 1 GiB. A block of a large
system is a few MB, so this is hundreds of dumps; parsing keeps every stat as
Python objects, several times the text's size, so a larger file would exhaust
the host's memory before it could be shown."""


class StatsParseError(ValueError):
    """Bad stats.txt input; ``lineno`` is the 1-based line of the problem."""

    def __init__(self, source: str, lineno: int, message: str) -> None:
        super().__init__(f"{source}: line {lineno}: {message}")
        self.source = source
        self.lineno = lineno


class StatsFileError(ValueError):
    """A path :func:`parse_file` refuses: not a regular file, or too large."""


def _file_kind(mode: int) -> str:
    """What a non-regular file is, for messages ("a FIFO (named pipe)")."""
    if stat_mode.S_ISDIR(mode):
        return "a directory"
    if stat_mode.S_ISFIFO(mode):
        return "a FIFO (named pipe)"
    if stat_mode.S_ISCHR(mode):
        return "a character device"
    if stat_mode.S_ISBLK(mode):
        return "a block device"
    if stat_mode.S_ISSOCK(mode):
        return "a socket"
    return "a special file"


class Stat(NamedTuple):
    """One line of a block."""

    name: str
    value: Value
    text: str
    description: str
    unit: Optional[str]
    extra: Tuple[str, ...]
    line: int


class Block(dict):
    """One statistics dump: a nested dict plus per-stat metadata."""

    def __init__(self, index: int = 0, line: int = 0) -> None:
        super().__init__()
        self.index = index
        self.line = line
        self.stats: Dict[str, Stat] = {}

    def stat(self, name: str) -> Stat:
        """The :class:`Stat` of a full name such as ``a.b::total``."""
        try:
            return self.stats[name]
        except KeyError:
            raise KeyError(f"no stat named {name!r} in block {self.index}") from None

    def meta(self, name: str) -> Tuple[str, Optional[str]]:
        """``(description, unit)`` of a full stat name."""
        stat = self.stat(name)
        return stat.description, stat.unit

    def _add(self, stat: Stat) -> None:
        self.stats[stat.name] = stat
        keys = split_name(stat.name)
        node: dict = self
        for key in keys[:-1]:
            child = node.get(key, _MISSING)
            if child is _MISSING:
                child = node[key] = {}
            elif not isinstance(child, dict):
                # A stat that is also the prefix of other stats.
                child = node[key] = {"": child}
            node = child
        last = keys[-1]
        if isinstance(node.get(last), dict):
            node[last][""] = stat.value
        else:
            node[last] = stat.value


def split_name(name: str) -> List[str]:
    """Nested keys of a full name: dotted components, then ``::`` parts."""
    base, *subs = name.split("::")
    return base.split(".") + subs


def parse_value(text: str) -> Value:
    """``int`` for an integer, ``float`` otherwise; ``ValueError`` if neither."""
    if INT_RE.match(text):
        return int(text)
    if FLOAT_RE.match(text):
        return float(text)
    raise ValueError(f"not a number: {text!r}")


def _split_unit(comment: str) -> Tuple[str, Optional[str]]:
    """Split ``description (unit)``; the unit is the last balanced group."""
    comment = comment.strip()
    if not comment.endswith(")"):
        return comment, None
    depth = 0
    for i in range(len(comment) - 1, -1, -1):
        if comment[i] == ")":
            depth += 1
        elif comment[i] == "(":
            depth -= 1
            if depth == 0:
                return comment[:i].rstrip(), comment[i + 1 : -1]
    return comment, None


def parse(text: str, source: str = "<string>") -> List[Block]:
    """Parse the text of a stats file into one :class:`Block` per dump."""
    blocks: List[Block] = []
    block: Optional[Block] = None
    lineno = 0
    for lineno, raw in enumerate(text.splitlines(), start=1):
        line = raw.strip()
        if BEGIN_RE.match(line):
            if block is not None:
                raise StatsParseError(
                    source,
                    lineno,
                    f"'Begin Simulation Statistics' inside the block opened at "
                    f"line {block.line} (its 'End' marker is missing)",
                )
            block = Block(index=len(blocks), line=lineno)
            continue
        if END_RE.match(line):
            if block is None:
                raise StatsParseError(
                    source,
                    lineno,
                    "'End Simulation Statistics' without a matching 'Begin'",
                )
            blocks.append(block)
            block = None
            continue
        if not line:
            continue
        if block is None:
            what = "not a stats file" if not blocks else "text between blocks"
            raise StatsParseError(
                source,
                lineno,
                f"{what}: expected '---------- Begin Simulation Statistics "
                f"----------', found {_excerpt(line)}",
            )
        block._add(_parse_line(line, lineno, source, block))
    if block is not None:
        raise StatsParseError(
            source,
            block.line,
            f"the block opened here has no 'End Simulation Statistics' "
            f"marker (file truncated after line {lineno}?)",
        )
    return blocks


def _parse_line(line: str, lineno: int, source: str, block: Block) -> Stat:
    columns, hash_, comment = line.partition("#")
    fields = columns.split()
    if len(fields) < 2:
        raise StatsParseError(
            source,
            lineno,
            f"expected 'name value # description', found {_excerpt(line)}",
        )
    name, value_text, *extra = fields
    try:
        value = parse_value(value_text)
    except ValueError:
        raise StatsParseError(
            source, lineno, f"bad value {value_text!r} for {name}"
        ) from None
    if name in block.stats:
        raise StatsParseError(
            source,
            lineno,
            f"{name} appears twice in the block (first at line "
            f"{block.stats[name].line})",
        )
    description, unit = _split_unit(comment) if hash_ else ("", None)
    return Stat(name, value, value_text, description, unit, tuple(extra), lineno)


def _excerpt(line: str, limit: int = 60) -> str:
    return repr(line if len(line) <= limit else line[: limit - 3] + "...")


def parse_file(path, max_bytes: int = MAX_FILE_BYTES) -> List[Block]:
    """Read and parse a stats file (gzip-compressed if the name ends in .gz).

    ``OSError`` when the file cannot be read, :class:`StatsFileError` when
    the path is not a regular file (found without opening it: opening a FIFO
    would block) or holds more than ``max_bytes`` (decompressed),
    :class:`StatsParseError` when it is not a stats file.
    """
    name = str(path)
    mode = os.stat(path).st_mode
    if not stat_mode.S_ISREG(mode):
        raise StatsFileError(f"{name} is {_file_kind(mode)}, not a stats file")
    if name.endswith(".gz"):
        try:
            with gzip.open(path, "rb") as f:
                data = f.read(max_bytes + 1)
        except (gzip.BadGzipFile, EOFError, zlib.error) as err:
            raise StatsParseError(name, 1, f"bad gzip data ({err})") from None
    else:
        with open(path, "rb") as f:
            data = f.read(max_bytes + 1)
    if len(data) > max_bytes:
        raise StatsFileError(
            f"{name} holds more than {max_bytes} bytes of text, more than a stats "
            "file sim stats reads"
        )
    return parse(data.decode("utf-8", errors="replace"), source=name)


def flatten(block: Block) -> Dict[str, Value]:
    """``{full name: value}`` of a block, in file order."""
    return {name: stat.value for name, stat in block.stats.items()}


def get(block: Block, name: str, default=_MISSING) -> Value:
    """Value of the stat with full name ``name`` (``a.b.c::sub``)."""
    stat = block.stats.get(name)
    if stat is None:
        if default is _MISSING:
            raise KeyError(f"no stat named {name!r} in block {block.index}")
        return default
    return stat.value


def to_dataframe(blocks):
    """A pandas DataFrame: rows = stat names, one column per block.

    ``blocks`` is a list of :class:`Block` (or a single one); column ``i``
    holds ``blocks[i]``, so for ``parse_file()``'s list it is the dump
    number.  A stat missing from a block is NaN in that column.
    """
    try:
        import pandas
    except ImportError as err:
        raise ImportError(
            "sim.stats.to_dataframe() needs pandas, which is not installed "
            "(pip install pandas); parse(), flatten() and get() work without it"
        ) from err
    if isinstance(blocks, Block):
        blocks = [blocks]
    names: Dict[str, None] = {}
    for block in blocks:
        names.update(dict.fromkeys(block.stats))
    data = {
        column: [get(block, name, math.nan) for name in names]
        for column, block in enumerate(blocks)
    }
    return pandas.DataFrame(data, index=pandas.Index(list(names), name="stat"))
