"""The interface every board offers (gem5's ``AbstractBoard``).

A board is a ``System`` (see :class:`~.abstract_system_board.
AbstractSystemBoard`) holding its ``processor``, ``memory`` and
``cache_hierarchy`` as children, so their objects are named
``board.processor.cores.core``, ``board.cache_hierarchy.l1dcaches`` and
``board.memory.mem_ctrl``. The board is clocked by its own ``clk_domain``
(``clk_freq``), which every component inherits through ``Parent.clk_domain``.

As in gem5, the constructor sets the memory ranges and the board's own
objects; :meth:`_pre_instantiate` (called by the ``Simulator``, or by a
script before ``m5.instantiate()``) connects memory, caches and processor in
that order (:meth:`_connect_things`).
"""

from abc import ABCMeta, abstractmethod
import inspect
from typing import List, Optional

import sim.objects as objects
from sim.components.boards.mem_mode import MemMode, mem_mode_to_string
from sim.errors import ParamError, UnsupportedError, UsageError


class AbstractBoard(metaclass=ABCMeta):
    """A board's behaviour; mixed into a ``System`` subclass."""

    def __init__(self, clk_freq: str, processor, memory, cache_hierarchy) -> None:
        if not isinstance(self, objects.System):
            raise UsageError("A stdlib board must inherit from System.")
        for name, value, kind in (
            ("processor", processor, "AbstractProcessor"),
            ("memory", memory, "AbstractMemorySystem"),
        ):
            if not hasattr(value, "incorporate_" + name):
                raise ParamError(f"board.{name}", f"expected an {kind}, got {value!r}")
        if cache_hierarchy is not None and not hasattr(cache_hierarchy, "incorporate_cache"):
            raise ParamError(
                "board.cache_hierarchy",
                f"expected an AbstractCacheHierarchy, got {cache_hierarchy!r}",
            )
        # Named as the stdlib Simulator's Root will name it, so errors raised
        # while the board is put together name their tree paths.
        self._name = "board"
        self.clk_domain = objects.SrcClockDomain()
        self.clk_domain.clock = clk_freq
        self.clk_domain.voltage_domain = objects.VoltageDomain()

        self.processor = processor
        self.memory = memory
        self._cache_hierarchy = cache_hierarchy
        if cache_hierarchy is not None:
            self.cache_hierarchy = cache_hierarchy

        self._is_fs: Optional[bool] = None
        self._checkpoint = None

        self._setup_memory_ranges()
        self._setup_board()
        self._connect_things_called = False

    # -- components -------------------------------------------------------

    def get_processor(self):
        """The processor."""
        return self.processor

    def get_memory(self):
        """The memory system."""
        return self.memory

    def get_mem_ports(self):
        """(range, port) of each memory port, in ascending address order."""
        return self.get_memory().get_mem_ports()

    def get_cache_hierarchy(self):
        """The cache hierarchy (or None)."""
        return self._cache_hierarchy

    def get_cache_line_size(self) -> int:
        """The cache line size in bytes."""
        return self.cache_line_size

    def connect_system_port(self, port) -> None:
        """Connect the board's ``system_port`` to ``port``."""
        self.system_port = port

    def set_mem_mode(self, mem_mode: MemMode) -> None:
        """Set the board's memory mode."""
        self.mem_mode = mem_mode_to_string(mem_mode=mem_mode)

    def get_clock_domain(self):
        """The board's clock domain."""
        return self.clk_domain

    def get_clock_frequency(self):
        """The board clock (the clock domain's ``clock``)."""
        return self.clk_domain.clock

    # -- mode and workload ------------------------------------------------

    def _set_fullsystem(self, is_fs: bool) -> None:
        self._is_fs = is_fs

    def is_fullsystem(self) -> bool:
        """True in full-system mode; set by the workload chosen."""
        if self._is_fs is None:
            raise UsageError(
                "The workload for this board is not yet set. Whether the board is "
                "to be executed in FS or SE mode is determined by which 'set "
                "workload' function is run."
            )
        return self._is_fs

    def is_workload_set(self) -> bool:
        """True once a workload has been set."""
        return self._is_fs is not None

    def set_workload(self, workload) -> None:
        """Apply a ``WorkloadResource``: call the board method it names with its
        parameters (e.g. ``set_se_binary_workload(binary=..., arguments=...)``)."""
        func_name = workload.get_function_str()
        func = getattr(self, func_name, None) if func_name else None
        if func is None:
            raise UnsupportedError(
                "board.workload",
                f"This board does not support this workload type: it has no "
                f"`{func_name}` function",
            )
        signature = inspect.signature(func)
        for name in workload.get_parameters():
            if name not in signature.parameters:
                raise ParamError(
                    f"board.workload.{name}",
                    f"Workload specifies non-existent parameter `{name}` for "
                    f"function `{func_name}`",
                )
        func(**workload.get_parameters())

    # -- building ---------------------------------------------------------

    @abstractmethod
    def _setup_board(self) -> None:
        """The board's own objects and connections (before the components')."""

    @abstractmethod
    def _setup_memory_ranges(self) -> None:
        """Set ``mem_ranges`` and the memory's range from the memory's size."""

    @abstractmethod
    def has_io_bus(self) -> bool:
        ...

    @abstractmethod
    def get_io_bus(self):
        ...

    @abstractmethod
    def has_dma_ports(self) -> bool:
        ...

    @abstractmethod
    def get_dma_ports(self) -> List:
        ...

    @abstractmethod
    def has_coherent_io(self) -> bool:
        ...

    @abstractmethod
    def get_mem_side_coherent_io_port(self):
        ...

    def _connect_things(self) -> None:
        """Connect the memory, then the cache hierarchy, then the processor
        (gem5's order, which components may rely on)."""
        if self._connect_things_called:
            raise UsageError("The `_connect_things` function has already been called.")
        self.get_memory().incorporate_memory(self)
        if self.get_cache_hierarchy():
            self.get_cache_hierarchy().incorporate_cache(self)
        self.get_processor().incorporate_processor(self)
        self._connect_things_called = True

    def _pre_instantiate(self) -> None:
        """Called just before ``m5.instantiate()``: connects the components."""
        self._connect_things()

    def _post_instantiate(self) -> None:
        """Called after ``m5.instantiate()``."""
        self.get_processor()._post_instantiate()
        if self.get_cache_hierarchy():
            self.get_cache_hierarchy()._post_instantiate()
        self.get_memory()._post_instantiate()

    def _connect_things_check(self) -> None:
        """Raise unless :meth:`_connect_things` has run (a script that calls
        ``m5.instantiate()`` itself must call ``board._pre_instantiate()``)."""
        if not self._connect_things_called:
            raise UsageError(
                "AbstractBoard's `_connect_things` function has not been called: "
                "call `board._pre_instantiate()` before `m5.instantiate()` when not "
                "running the board with the stdlib Simulator."
            )
