"""Base of every board (gem5's ``AbstractBoard``): holds the processor, memory and
cache hierarchy, and turns them into a native system when instantiated.

Instantiation (:meth:`AbstractBoard._pre_instantiate`, called by the
``Simulator`` on its first ``run()``) checks every parameter and raises
:class:`sim.params.ParamError` naming it by path (``board.cache_hierarchy.
l1d.size``); errors found by the simulator itself are mapped to the same paths.
"""

from typing import Any, Dict, List, Optional

from sim import _runtime, params


class AbstractBoard:
    """A board: ``clk_freq`` clocks the cores, caches and buses (as in gem5's
    stdlib, where every component sits in the board's clock domain)."""

    def __init__(self, clk_freq: str, processor, memory, cache_hierarchy) -> None:
        self._clk_freq = clk_freq
        self.processor = processor
        self.memory = memory
        self.cache_hierarchy = cache_hierarchy
        self._workloads: List[Dict[str, Any]] = []
        self._env: List[str] = []
        self._is_workload_set = False
        self.exit_on_work_items = True
        self._system = None

    def get_processor(self):
        """The processor."""
        return self.processor

    def get_memory(self):
        """The memory system."""
        return self.memory

    def get_cache_hierarchy(self):
        """The cache hierarchy."""
        return self.cache_hierarchy

    def get_clock_frequency(self) -> str:
        """The board clock as given."""
        return self._clk_freq

    def is_fullsystem(self) -> bool:
        """Always False: only syscall-emulation mode exists."""
        return False

    def is_workload_set(self) -> bool:
        """True once a workload has been set."""
        return self._is_workload_set

    def set_is_workload_set(self, value: bool) -> None:
        """Record whether a workload has been set."""
        self._is_workload_set = value

    def set_workload(self, workload) -> None:
        """Apply a ``WorkloadResource``: call the board method it names with its
        parameters (e.g. ``set_se_binary_workload(binary=..., arguments=...)``)."""
        func = workload.get_function_str()
        method = getattr(self, func, None) if func else None
        if method is None:
            raise params.UnsupportedError(
                "board.workload", f"this board has no workload function {func!r}"
            )
        method(**workload.get_parameters())

    def _config(self, outdir: str, max_insts: Optional[int] = None) -> dict:
        """Check every parameter and build the native ``SeConfig``."""
        config: Dict[str, Any] = {"outdir": str(outdir)}
        clock = params.frequency("board.clk_freq", self._clk_freq)
        config["cpu_clock"] = clock
        config["sys_clock"] = clock
        for name in ("processor", "memory", "cache_hierarchy"):
            if not hasattr(getattr(self, name), "_check"):
                raise params.ParamError(
                    f"board.{name}",
                    f"expected a sim.components {name.replace('_', ' ')}, "
                    f"got {getattr(self, name)!r}",
                )
        config.update(self.processor._check("board.processor"))
        config["hierarchy"] = self.cache_hierarchy._check("board.cache_hierarchy")
        config["memory"] = self.memory._check("board.memory")
        if not self._workloads:
            raise params.ParamError(
                "board.workload",
                "no workload set; call board.set_se_binary_workload(...) first",
            )
        if len(self._workloads) > config["num_cores"]:
            raise params.ParamError(
                "board.workload",
                f"{len(self._workloads)} binaries need as many cores, but "
                f"board.processor has {config['num_cores']}",
            )
        config["workloads"] = [dict(w) for w in self._workloads]
        config["env"] = list(self._env)
        if max_insts is not None:
            config["max_insts"] = params.integer(
                "simulator.max_insts", max_insts, *params.limit("max_insts")
            )
        return config

    def _pre_instantiate(self, full_system: Optional[bool] = None, outdir=None, max_insts=None):
        """Build the native system (once) and return it."""
        if self._system is not None:
            return self._system
        if full_system:
            raise params.UnsupportedError(
                "simulator.full_system", "full-system simulation is not supported yet"
            )
        config = self._config(outdir if outdir is not None else _runtime.outdir(), max_insts)
        try:
            system = _runtime.native().SeSystem(config)
        except (ValueError, TypeError, OSError) as err:
            # Everything the simulator refuses here comes from the config.
            raise params.from_native(err) from None
        self._system = system
        _runtime.register_system(system)
        return system
