"""``sim stats``: show and compare gem5-style stats.txt files.

Usage::

    sim stats FILE [--block N] [--grep PATTERN]
    sim stats FILE --diff OTHER [--block N] [--grep PATTERN] [--host]

Without ``--diff`` it prints ``name value`` lines of one block of FILE.
With ``--diff OTHER`` it prints the stats whose values differ between
block N of FILE and block N of OTHER: name, value in FILE ("this"), value
in OTHER, and the relative change ``(other - this) / |this|``.  A stat
present in only one of the files shows ``-`` for the missing value.  Two
``nan`` values count as equal.  Host stats (names starting with ``host``:
hostSeconds, hostMemory, ...) are left out of the comparison unless
``--host`` is given, as they change from run to run.

``--block N`` picks the dump: 0 is the first, -1 (the default) the last.
``--grep PATTERN`` keeps the stats whose name matches the Python regular
expression PATTERN anywhere (``re.search``).

Exit status: 0 on success, 1 (with a message on stderr) when a file is
missing, unreadable, not a regular file (a FIFO or a device is refused
without being opened), larger than 1 GiB of text, not a stats file, or
has no block N; 2 for usage errors.  Run it as ``PYTHONPATH=python python3 -m sim.stats.cli FILE ...``.
"""

import argparse
import math
import re
import sys
from typing import List, Optional

from sim.stats.parser import Block, StatsFileError, StatsParseError, parse_file

PROG = "sim stats"


class _Failure(Exception):
    """An error reported as ``sim stats: error: ...`` with exit status 1."""


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog=PROG,
        description="Show a block of a gem5-style stats.txt, or compare two.",
    )
    parser.add_argument("file", metavar="FILE", help="stats.txt (or stats.txt.gz)")
    parser.add_argument(
        "--grep",
        metavar="PATTERN",
        help="only stats whose name matches this regular expression",
    )
    parser.add_argument(
        "--diff",
        metavar="OTHER",
        help="print the stats whose values differ between FILE and OTHER",
    )
    parser.add_argument(
        "--block",
        metavar="N",
        type=int,
        default=-1,
        help="dump number: 0 is the first, -1 (default) the last",
    )
    parser.add_argument(
        "--host",
        action="store_true",
        help="with --diff, also compare the host* stats (host time, memory)",
    )
    return parser


def relative_change(this, other) -> str:
    """``(other - this) / |this|`` as a signed percentage, or ``n/a``."""
    if this is None or other is None or math.isnan(this) or math.isnan(other):
        return "n/a"
    if math.isinf(this) or math.isinf(other):
        return "n/a"
    if this == 0:
        return "n/a"
    return f"{(other - this) / abs(this) * 100:+.2f}%"


def _same(a, b) -> bool:
    """Equal values, two NaNs included."""
    if isinstance(a, float) and isinstance(b, float):
        if math.isnan(a) and math.isnan(b):
            return True
    return a == b


def _load_block(path: str, index: int) -> Block:
    try:
        blocks = parse_file(path)
    except FileNotFoundError:
        raise _Failure(f"{path}: no such file") from None
    except StatsFileError as err:
        raise _Failure(str(err)) from None
    except OSError as err:
        raise _Failure(f"{path}: cannot read: {err.strerror or err}") from None
    except StatsParseError as err:
        raise _Failure(str(err)) from None
    if not blocks:
        raise _Failure(f"{path}: no statistics blocks (empty file)")
    try:
        return blocks[index]
    except IndexError:
        raise _Failure(
            f"{path}: no block {index} (the file has {len(blocks)} "
            f"block{'s' if len(blocks) != 1 else ''}: use 0 to "
            f"{len(blocks) - 1}, or -1 to -{len(blocks)})"
        ) from None


def _table(rows: List[List[str]], out) -> None:
    """Print rows with left-aligned first column and right-aligned others."""
    if not rows:
        return
    widths = [max(len(row[i]) for row in rows) for i in range(len(rows[0]))]
    for row in rows:
        cells = [row[0].ljust(widths[0])]
        cells += [cell.rjust(width) for cell, width in zip(row[1:], widths[1:])]
        print("  ".join(cells).rstrip(), file=out)


def show(block: Block, pattern: Optional["re.Pattern"], out) -> None:
    rows = [
        [name, stat.text]
        for name, stat in block.stats.items()
        if pattern is None or pattern.search(name)
    ]
    _table(rows, out)


def diff(
    this: Block,
    other: Block,
    pattern: Optional["re.Pattern"],
    host: bool,
    out,
) -> int:
    """Print the differing stats; returns how many there are."""
    names = dict.fromkeys(this.stats)
    names.update(dict.fromkeys(other.stats))
    rows = []
    for name in names:
        if not host and name.startswith("host"):
            continue
        if pattern is not None and not pattern.search(name):
            continue
        a = this.stats.get(name)
        b = other.stats.get(name)
        if a is not None and b is not None and _same(a.value, b.value):
            continue
        rows.append(
            [
                name,
                "-" if a is None else a.text,
                "-" if b is None else b.text,
                relative_change(
                    None if a is None else a.value, None if b is None else b.value
                ),
            ]
        )
    if rows:
        _table([["name", "this", "other", "change"]] + rows, out)
    return len(rows)


def main(argv: Optional[List[str]] = None) -> int:
    """Run ``sim stats`` with the arguments after ``stats``; exit status."""
    args = build_parser().parse_args(argv)
    pattern = None
    try:
        if args.grep is not None:
            try:
                pattern = re.compile(args.grep)
            except re.error as err:
                raise _Failure(f"bad --grep pattern {args.grep!r}: {err}") from None
        block = _load_block(args.file, args.block)
        if args.diff is None:
            show(block, pattern, sys.stdout)
        else:
            other = _load_block(args.diff, args.block)
            diff(block, other, pattern, args.host, sys.stdout)
    except _Failure as err:
        print(f"{PROG}: error: {err}", file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":
    try:
        status = main()
        sys.stdout.flush()
    except BrokenPipeError:
        # Output piped into `head` and friends: stop quietly.
        import os

        os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
        status = 0
    sys.exit(status)
