"""Seeded property tests of the stats.txt parser (sim.stats).

Generated stats files round-trip: every stat parses back to the name, value,
description and unit it was written with.  Mutated files (lines dropped,
repeated or cut, bytes flipped, binary garbage, broken gzip) parse or raise
``StatsParseError`` naming a line, never another exception.

The seed and the number of cases come from ``SIM_PROPERTY_SEED`` (an integer
or ``random``) and ``SIM_PROPERTY_CASES``, as for the Rust property tests
(``sim_core::property``); the defaults keep the run short and repeatable.
"""

import gzip
import math
import os
import random
import sys
import tempfile
import unittest
from pathlib import Path

from sim import stats
from sim.stats.parser import StatsParseError

DEFAULT_SEED = 0x5EED2026
BEGIN = "---------- Begin Simulation Statistics ----------"
END = "---------- End Simulation Statistics   ----------"


def budget(default_cases):
    seed_text = os.environ.get("SIM_PROPERTY_SEED")
    if seed_text is None:
        seed = DEFAULT_SEED
    elif seed_text == "random":
        seed = random.SystemRandom().getrandbits(64)
    else:
        seed = int(seed_text, 0)
    cases = int(os.environ.get("SIM_PROPERTY_CASES", default_cases))
    print(f"SIM_PROPERTY_SEED={seed} SIM_PROPERTY_CASES={cases}", file=sys.stderr)
    return random.Random(seed), cases


def random_ident(rng):
    first = rng.choice("abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ_")
    rest = "".join(
        rng.choice("abcdefghijklmnopqrstuvwxyz0123456789_")
        for _ in range(rng.randrange(8))
    )
    return first + rest


def random_value(rng):
    """A value and its text as gem5 prints it."""
    kind = rng.randrange(5)
    if kind == 0:
        v = rng.randrange(-(2**63), 2**64)
        return v, str(v)
    if kind == 1:
        v = round(rng.uniform(-1e9, 1e9), 6)
        return float(f"{v:.6f}"), f"{v:.6f}"
    if kind == 2:
        return math.nan, "nan"
    if kind == 3:
        v = rng.choice([math.inf, -math.inf])
        return v, "inf" if v > 0 else "-inf"
    v = rng.randrange(1000)
    return v, str(v)


def random_block(rng):
    """Stats of one dump: ``[(name, value, text, description, unit)]``."""
    out, seen = [], set()
    for _ in range(rng.randrange(1, 40)):
        name = ".".join(random_ident(rng) for _ in range(rng.randrange(1, 5)))
        if rng.randrange(3) == 0:
            name += "::" + rng.choice(["total", "0", "0-3", "samples", random_ident(rng)])
        if name in seen:
            continue
        seen.add(name)
        value, text = random_value(rng)
        words = [random_ident(rng) for _ in range(rng.randrange(4))]
        description = " ".join(words)
        unit = rng.choice([None, "Count", "Tick", "(Tick/Second)", "Byte"])
        out.append((name, value, text, description, unit))
    return out


def render(blocks):
    lines = []
    for block in blocks:
        lines += ["", BEGIN]
        for name, _, text, description, unit in block:
            comment = description + (f" ({unit})" if unit is not None else "")
            lines.append(f"{name:<40} {text:>20}  # {comment}")
        lines += ["", END]
    return "\n".join(lines) + "\n"


def same_value(a, b):
    return (math.isnan(a) and math.isnan(b)) or (a == b and type(a) is type(b))


def mutate(rng, text):
    lines = text.split("\n")
    for _ in range(rng.randrange(1, 5)):
        op = rng.randrange(7)
        at = rng.randrange(len(lines) + 1)
        if op == 0 and lines:
            del lines[min(at, len(lines) - 1)]
        elif op == 1 and lines:
            lines.insert(at, lines[rng.randrange(len(lines))])
        elif op == 2 and lines:
            i = min(at, len(lines) - 1)
            lines[i] = lines[i][: rng.randrange(len(lines[i]) + 1)]
        elif op == 3:
            junk = "".join(chr(rng.randrange(0x20, 0x3000)) for _ in range(rng.randrange(30)))
            lines.insert(at, junk)
        elif op == 4:
            lines.insert(at, rng.choice([BEGIN, END, "#", "::", "a b # c", "x nan", "y 1e999"]))
        elif op == 5 and lines:
            i = min(at, len(lines) - 1)
            line = list(lines[i])
            if line:
                j = rng.randrange(len(line))
                line[j] = chr(rng.randrange(0x20, 0x7F))
            lines[i] = "".join(line)
        else:
            lines = lines[: at]
    return "\n".join(lines)


class GeneratedStatsFiles(unittest.TestCase):
    def test_generated_files_round_trip(self):
        rng, cases = budget(300)
        for case in range(cases):
            blocks = [random_block(rng) for _ in range(rng.randrange(1, 4))]
            parsed = stats.parse(render(blocks))
            self.assertEqual(len(parsed), len(blocks), f"case {case}")
            for want, got in zip(blocks, parsed):
                self.assertEqual(list(got.stats), [s[0] for s in want], f"case {case}")
                for name, value, text, description, unit in want:
                    stat = got.stat(name)
                    self.assertTrue(same_value(stat.value, value), f"case {case}: {name}")
                    self.assertEqual(stat.text, text)
                    self.assertEqual((stat.description, stat.unit), (description, unit))
                    self.assertTrue(same_value(stats.get(got, name), value))

    def test_mutated_files_parse_or_raise_a_parse_error(self):
        rng, cases = budget(1500)
        outcomes = {"parsed": 0, "refused": 0}
        for case in range(cases):
            text = render([random_block(rng) for _ in range(rng.randrange(1, 3))])
            mutant = mutate(rng, text)
            try:
                blocks = stats.parse(mutant)
            except StatsParseError as err:
                self.assertGreaterEqual(err.lineno, 1, f"case {case}")
                self.assertNotIn("\n", str(err), f"case {case}")
                outcomes["refused"] += 1
                continue
            for block in blocks:
                stats.flatten(block)
            outcomes["parsed"] += 1
        self.assertTrue(all(outcomes.values()), outcomes)

    def test_mutated_files_on_disk_parse_or_raise_a_parse_error(self):
        rng, cases = budget(200)
        with tempfile.TemporaryDirectory() as tmp:
            for case in range(cases):
                raw = render([random_block(rng)]).encode()
                if rng.randrange(2):
                    raw = gzip.compress(raw)
                    path = Path(tmp) / "stats.txt.gz"
                else:
                    path = Path(tmp) / "stats.txt"
                data = bytearray(raw)
                for _ in range(rng.randrange(1, 6)):
                    if not data:
                        break
                    op = rng.randrange(3)
                    if op == 0:
                        data[rng.randrange(len(data))] = rng.randrange(256)
                    elif op == 1:
                        del data[rng.randrange(len(data)) :]
                    else:
                        data[rng.randrange(len(data) + 1) : 0] = bytes(
                            rng.randrange(256) for _ in range(rng.randrange(16))
                        )
                path.write_bytes(bytes(data))
                try:
                    stats.parse_file(path)
                except StatsParseError:
                    pass


if __name__ == "__main__":
    unittest.main()
