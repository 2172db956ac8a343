"""Type stubs for ``sim._native``, the Rust extension (pyo3, built by maturin).

The pure-Python package resolves an object tree (``sim.objects``), and
``sim.m5.instantiate()`` hands it, as gem5's config.json, to
:meth:`SeSystem.from_tree`; the library's builder (``models::build``, the one
``sim se`` uses too) makes the system from it. Everything below this line is
implemented in Rust (``python/src``).
"""

from typing import Dict, List, Optional, Tuple

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

def limits() -> Dict[str, Tuple[int, int]]:
    """The allowed range of each limited parameter, ``{name: (low, high)}``."""

def registered_params() -> Dict[str, List[str]]:
    """``{type name: parameters its Rust constructor reads}`` for every object type
    the builder knows (a test compares them with ``sim.objects.declared_params()``)."""

class SeSystem:
    """A built syscall-emulation system, ready to run."""

    @staticmethod
    def from_tree(
        tree_json: str,
        outdir: str,
        config_ini: str,
        config_json: str,
        config_dot: str,
        trace_exec: bool = False,
        interp_dir: Optional[str] = None,
    ) -> "SeSystem":
        """Build the system the tree describes and write the three config files
        into ``outdir``. ``interp_dir`` is gem5's ``m5.core.setInterpDir``: a
        dynamically linked guest's ELF interpreter is loaded from it followed by
        the interpreter's path; ``System.redirect_paths`` map the guest's paths. Errors start with the object path and parameter
        (``board.cache_hierarchy.l1dcaches.mshrs: is 0; allowed values: 1 to
        65536``): ValueError for what the tree asks, FileNotFoundError for a
        missing program, OSError for output that cannot be written."""
    def start_traffic(self, path: str, phases_json: str) -> None:
        """Start the traffic generator at ``path`` on a JSON list of phases
        (``PyTrafficGen.start``)."""
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
