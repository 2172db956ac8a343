"""Type stubs for ``sim._native``, the Rust extension (pyo3, built by maturin).

The pure-Python package (``sim.components``, ``sim.simulate``, ...) describes a board
as plain data and hands it to :class:`SeSystem`; everything below this line is
implemented in Rust (``python/src``), on the same building blocks as ``sim se``.
"""

from typing import Optional, Sequence, Tuple, TypedDict

class CacheConfig(TypedDict, total=False):
    """One cache (of every core, or the shared L2). Absent keys take gem5
    stdlib's ``L1DCache``/``L1ICache``/``L2Cache`` defaults at sizes 64KiB /
    32KiB / 2MiB; errors name the key path (``hierarchy.l1d.mshrs: 0; allowed
    values: 1 to 65536``)."""

    size: str  # "64KiB"
    assoc: int  # >= 1
    tag_latency: int  # cycles, >= 0
    data_latency: int  # cycles, >= 0
    response_latency: int  # cycles, >= 0
    mshrs: int  # >= 1
    tgts_per_mshr: int  # >= 1
    writeback_clean: bool  # clean victims leave as WritebackClean (gem5's writeback_clean)
    prefetcher: str  # "StridePrefetcher" | "Null" (none)

class HierarchyConfig(TypedDict, total=False):
    kind: str  # "none" | "private_l1" | "private_l1_private_l2" | "private_l1_shared_l2"
    l1d: CacheConfig
    l1i: CacheConfig
    l2: CacheConfig  # ignored without an L2
    replacement: str  # "LRU" | "Random" | "TreePLRU" | "BRRIP"

class MemoryConfig(TypedDict, total=False):
    type: str  # "SimpleMemory" | "DDR3_1600_8x8" | "DDR4_2400_8x8"
    size: str  # "512MiB"

class WorkloadConfig(TypedDict):
    binary: str
    args: Sequence[str]

class SeConfig(TypedDict, total=False):
    outdir: str  # output directory (created); default "m5out"
    isa: str  # "riscv" (the only SE ISA so far)
    cpu_type: str  # "atomic" | "timing"
    num_cores: int
    cpu_clock: str  # "3GHz"
    sys_clock: str  # "1GHz"
    hierarchy: HierarchyConfig
    memory: MemoryConfig
    workloads: Sequence[WorkloadConfig]  # process i starts on core i
    env: Sequence[str]  # "VAR=value"
    max_insts: Optional[int]  # stop with MAX_INSTS when any core commits this many

def parse_size(value: str) -> int:
    """Bytes in a memory size such as "32KiB" or "2MB" (gem5's binary meaning).

    Raises ValueError naming what is wrong."""

def parse_frequency(value: str) -> float:
    """Hertz in a frequency such as "3GHz". Raises ValueError."""

def parse_latency(value: str) -> int:
    """Ticks (picoseconds) in a latency such as "30ns". Raises ValueError."""

def cli_main(argv: Sequence[str]) -> int:
    """Run the Rust ``sim`` command line (``argv[0]`` is the program name) and
    return its exit status (``sim se ...``)."""

class SeSystem:
    """A built syscall-emulation system, ready to run.

    Building validates every parameter: a bad value raises ValueError whose message
    starts with the parameter's key path (e.g. ``"hierarchy.l1d.size: ..."``) and says
    what is allowed; an unsupported combination raises ValueError saying so; a
    missing or malformed binary raises OSError / ValueError whose message starts
    with ``workloads.binary:`` and names the file. The
    system writes config.ini/config.json/config.dot into ``outdir`` when built."""

    def __init__(self, config: SeConfig) -> None: ...
    def run(self, max_tick: Optional[int] = None) -> Tuple[str, int, str]:
        """Simulate until the next exit event, or until absolute tick ``max_tick``.

        Returns ``(event, code, message)``: ``event`` is the gem5 ``ExitEvent`` name
        (EXIT, FAIL, MAX_TICK, MAX_INSTS, WORKBEGIN, WORKEND, CHECKPOINT, SWITCHCPU,
        USER_INTERRUPT, DUMP_STATS, RESET_STATS, GUEST_FAULT, ...), ``code`` the exit
        code and ``message`` gem5's cause string. Running again after a terminal
        event (EXIT, FAIL, GUEST_FAULT) raises RuntimeError."""
    def now(self) -> int:
        """Current tick (1 tick = 1 ps)."""
    def dump_stats(self) -> None:
        """Append a stats block to stats.txt (and stats.json), like m5.stats.dump()."""
    def reset_stats(self) -> None:
        """Reset every statistic, like m5.stats.reset()."""
    def committed(self) -> Tuple[int, int]:
        """(instructions, micro-ops) committed by all cores since the start."""
    def exit_status(self) -> Optional[int]:
        """The guest's exit status once it has exited (a signal kill gives 128+sig)."""
    @property
    def outdir(self) -> str: ...
