"""A stand-in for gem5's ``m5`` API (:mod:`sim.m5`), for tests of the stdlib's
``Simulator`` without simulating: ``instantiate`` resolves and checks the
tree (``sim.objects.instantiate_tree``) and keeps its config.json,
``simulate`` replays scripted exit events ((cause, code) pairs, 1000 ticks
apart), and stats dumps/resets and CPU switches are logged."""

import atexit
import shutil
import struct
import sys
import tempfile
import types
from pathlib import Path

import sim
import sim.objects
from sim import _runtime

MAX_TICK = 2**64 - 1

_ELF_DIR = Path(tempfile.mkdtemp(prefix="fake-elf-"))
atexit.register(shutil.rmtree, _ELF_DIR, True)


def riscv_elf(name: str = "prog") -> str:
    """Path of a file holding only a 64-bit little-endian RISC-V ELF header
    (what ``SEWorkload.init_compatible`` reads to choose the workload); the
    tests that use it never run it."""
    path = _ELF_DIR / name
    if not path.exists():
        ident = b"\x7fELF" + bytes([2, 1, 1, 0]) + bytes(8)
        header = ident + struct.pack("<HHIQQQIHHHHHH", 2, 243, 1, 0x10000, 64, 0, 0,
                                     64, 56, 0, 64, 0, 0)
        path.write_bytes(header)
    return str(path)


class FakeExitEvent:
    """What ``m5.simulate()`` returns: ``getCause()`` and ``getCode()``."""

    def __init__(self, cause: str, code: int):
        self._cause, self._code = cause, code

    def getCause(self) -> str:
        return self._cause

    def getCode(self) -> int:
        return self._code


class FakeM5(types.ModuleType):
    """Module-like: the gem5 ``m5`` functions the stdlib Simulator calls."""

    def __init__(self, events):
        super().__init__("sim.m5")
        self.events = list(events)
        self.objects = sim.objects
        self.MaxTick = MAX_TICK
        self.options = types.SimpleNamespace(outdir="m5out")
        self.tick = 0
        self.log = []  # "dump@tick", "reset@tick", "simulate(ticks)", "switch..."
        self.config = None
        self.root = None
        fake = self

        class Stats:
            @staticmethod
            def dump():
                fake.log.append(f"dump@{fake.tick}")

            @staticmethod
            def reset():
                fake.log.append(f"reset@{fake.tick}")

        self.stats = Stats

    def instantiate(self, ckpt_dir=None):
        if self.root is not None:
            raise RuntimeError("instantiate() called twice")
        self.root = _ROOTS[-1] if _ROOTS else None
        self.config = sim.objects.instantiate_tree(self.root)
        self.log.append("instantiate")

    def simulate(self, ticks=MAX_TICK):
        if not self.events:
            raise RuntimeError("the simulation has ended; there is nothing left to run")
        self.log.append(f"simulate({ticks})")
        self.tick += 1000
        cause, code = self.events.pop(0)
        return FakeExitEvent(cause, code)

    def curTick(self):
        return self.tick

    def switchCpus(self, system, pairs):
        self.log.append("switch " + " ".join(f"{a.path()}->{b.path()}" for a, b in pairs))

    def dumps(self):
        return sum(1 for e in self.log if e.startswith("dump"))


_ROOTS = []  # every Root made through the fake's m5.objects, newest last


class _RecordingRoot(sim.objects.Root):
    """``Root`` that remembers itself, as gem5's Root singleton does."""

    def __init__(self, **kwargs):
        super().__init__(**kwargs)
        _ROOTS.append(self)


class FakeM5Mixin:
    """unittest mixin: installs a :class:`FakeM5` replaying ``EVENTS`` as
    ``sim.m5`` (``self.m5``) for each test."""

    EVENTS = (("exiting with last active thread context", 0),)

    def setUp(self):
        super().setUp()
        _ROOTS.clear()
        self.m5 = FakeM5(self.EVENTS)
        self.m5.objects = types.SimpleNamespace(**{
            name: getattr(sim.objects, name) for name in dir(sim.objects)
            if not name.startswith("_")
        })
        self.m5.objects.Root = _RecordingRoot
        self._saved = (sys.modules.get("sim.m5"), getattr(sim, "m5", None))
        sys.modules["sim.m5"] = self.m5
        sim.m5 = self.m5

    def tearDown(self):
        module, attr = self._saved
        if module is None:
            sys.modules.pop("sim.m5", None)
        else:
            sys.modules["sim.m5"] = module
        if attr is None:
            if hasattr(sim, "m5"):
                del sim.m5
        else:
            sim.m5 = attr
        _runtime.set_outdir(None)
        super().tearDown()


def make_board(cpu="atomic", cores=1, hierarchy=None, memory=None, clk="3GHz"):
    """A SimpleBoard on a SimpleMemory running a RISC-V ELF header (never run)."""
    from sim.components.boards.simple_board import SimpleBoard
    from sim.components.cachehierarchies.classic.no_cache import NoCache
    from sim.components.memory import SingleChannelSimpleMemory
    from sim.components.processors.simple_processor import SimpleProcessor

    board = SimpleBoard(
        clk_freq=clk,
        processor=SimpleProcessor(cpu_type=cpu, num_cores=cores),
        memory=memory if memory is not None else SingleChannelSimpleMemory(size="512MiB"),
        cache_hierarchy=hierarchy if hierarchy is not None else NoCache(),
    )
    board.set_se_binary_workload(riscv_elf("hello"), arguments=["a"])
    return board
