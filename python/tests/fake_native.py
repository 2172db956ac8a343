"""A stand-in for the ``sim._native`` extension, for tests of the pure-Python layer.

:class:`FakeNative` offers the module's functions (unit parsers good enough for
the values the tests use) and a :class:`FakeSystem` that replays a scripted list
of exit events and records stats dumps and resets.
"""

import re

_SIZE = re.compile(r"^(\d+)(KiB|MiB|GiB|kB|MB|GB|B)?$")
_SHIFT = {None: 0, "B": 0, "KiB": 10, "kB": 10, "MiB": 20, "MB": 20, "GiB": 30, "GB": 30}
_FREQ = re.compile(r"^(\d+(?:\.\d+)?)(GHz|MHz|kHz|Hz)$")
_LAT = re.compile(r"^(\d+(?:\.\d+)?)(s|ms|us|ns|ps)$")
_LAT_SCALE = {"s": 10**12, "ms": 10**9, "us": 10**6, "ns": 1000, "ps": 1}


#: A copy of ``sim._native.limits()`` for tests without the extension.
FAKE_LIMITS = {
    "num_cores": (1, 256),
    "mem_size": (4 << 10, 64 << 40),
    "cache_size": (64, 1 << 30),
    "total_cache_size": (0, 8 << 30),
    "assoc": (1, 1 << 16),
    "tag_latency": (0, 1 << 16),
    "data_latency": (0, 1 << 16),
    "response_latency": (0, 1 << 16),
    "mshrs": (1, 1 << 16),
    "tgts_per_mshr": (1, 1 << 16),
    "cacheline_size": (64, 64),
    "clock": (10**6, 10**12),
    "max_insts": (1, 2**64 - 1),
    "max_tick": (1, 2**64 - 1),
}


class FakeSystem:
    """Replays ``events`` ((name, code, message) tuples, one per ``run``)."""

    def __init__(self, config, events):
        self.config = config
        self.events = list(events)
        self.tick = 0
        self.log = []  # "dump@tick", "reset@tick", "run"
        self.outdir = config.get("outdir", "m5out")

    def run(self, max_tick=None):
        if not self.events:
            raise RuntimeError("the simulation has ended; there is nothing left to run")
        self.tick += 1000
        self.log.append("run")
        return self.events.pop(0)

    def now(self):
        return self.tick

    def dump_stats(self):
        self.log.append(f"dump@{self.tick}")

    def reset_stats(self):
        self.log.append(f"reset@{self.tick}")

    def committed(self):
        return (123, 130)

    def dumps(self):
        return sum(1 for e in self.log if e.startswith("dump"))


class FakeNative:
    """Module-like object: ``SeSystem`` builds a :class:`FakeSystem` replaying
    ``events``; ``systems`` collects every system built; ``native_error`` makes
    ``SeSystem`` raise ValueError with that message."""

    def __init__(self, events=(("EXIT", 0, "exiting with last active thread context"),)):
        self.events = list(events)
        self.systems = []
        self.native_error = None
        self.listeners = False

    def set_listeners_enabled(self, on):
        self.listeners = bool(on)

    def listeners_enabled(self):
        return self.listeners

    def SeSystem(self, config):
        if self.native_error:
            raise ValueError(self.native_error)
        system = FakeSystem(config, self.events)
        self.systems.append(system)
        return system

    @staticmethod
    def parse_size(value):
        m = _SIZE.match(str(value).strip())
        if not m:
            raise ValueError(f'invalid memory size "{value}": expected e.g. "32KiB"')
        return int(m.group(1)) << _SHIFT[m.group(2)]

    @staticmethod
    def parse_frequency(value):
        m = _FREQ.match(str(value).strip())
        if not m:
            raise ValueError(f'invalid frequency "{value}": expected e.g. "3GHz"')
        scale = {"GHz": 1e9, "MHz": 1e6, "kHz": 1e3, "Hz": 1}[m.group(2)]
        return float(m.group(1)) * scale

    @staticmethod
    def parse_latency(value):
        m = _LAT.match(str(value).strip())
        if not m:
            raise ValueError(f'invalid latency "{value}": expected e.g. "30ns"')
        return int(round(float(m.group(1)) * _LAT_SCALE[m.group(2)]))

    @staticmethod
    def limits():
        """The simulator's limits (``models::boards::limits::TABLE``); a test
        checks this copy against the real extension's."""
        return dict(FAKE_LIMITS)

    @staticmethod
    def cli_main(argv):
        return 0


class FakeNativeMixin:
    """unittest mixin: installs a fresh :class:`FakeNative` as ``self.native``
    and clears the runtime state around each test."""

    EVENTS = (("EXIT", 0, "exiting with last active thread context"),)

    def setUp(self):
        from sim import _runtime

        super().setUp()
        _runtime.reset_state()
        self.native = FakeNative(self.EVENTS)
        _runtime.set_native(self.native)

    def tearDown(self):
        from sim import _runtime

        _runtime.reset_state()
        _runtime.set_native(None)
        super().tearDown()
