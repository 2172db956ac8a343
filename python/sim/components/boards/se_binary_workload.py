"""SE-mode workloads of a board (gem5's ``SEBinaryWorkload`` mixin).

``set_se_binary_workload`` makes one ``Process`` (``cmd`` = the binary's path
then the arguments, each as its ``str()``, as gem5's ``VectorParam.String``)
and gives it to every core (``core.set_workload``: ``cpu.workload``), sets the
board's ``workload`` to ``SEWorkload.init_compatible(binary)`` and records
``exit_on_work_items``. ``set_se_multi_binary_workload`` (an extension) runs
one process per binary, process i on core i. Restoring a checkpoint is not
supported yet.
"""

from pathlib import Path
from typing import List, Optional

import sim.objects as objects
from sim.components.processors.switchable_processor import SwitchableProcessor
from sim.errors import ParamError, ParamTypeError, UnsupportedError
from sim.isas import ISA


def _binary_path(path: str, binary) -> str:
    """Host path of a binary given as a resource (or, for convenience, a path)."""
    if isinstance(binary, (str, Path)):
        return str(binary)
    get = getattr(binary, "get_local_path", None)
    if get is None or not get():
        raise ParamTypeError(path, f"expected a BinaryResource, got {binary!r}")
    arch = getattr(binary, "get_architecture", lambda: None)()
    if arch is not None and arch != ISA.RISCV:
        raise UnsupportedError(
            path, f"'{get()}' is a {arch.value} binary; only riscv binaries run here"
        )
    return str(get())


def _strings(path: str, value) -> List[str]:
    """``value`` (a list or tuple) as a list of strings: gem5's ``Process.cmd``
    and ``env`` are ``VectorParam.String``, which take each item's ``str()``."""
    if not isinstance(value, (list, tuple)):
        raise ParamTypeError(path, f"expected a list, got {value!r}")
    return [str(a) for a in value]


def _se_workload(path: str, binary_path: str):
    """gem5's ``SEWorkload.init_compatible(binary)``: the workload object for
    the binary's ISA and OS; a binary it refuses is reported at ``path``
    (``board.workload.binary``), naming the file."""
    init = getattr(objects.SEWorkload, "init_compatible", None)
    if init is None:
        return objects.RiscvEmuLinux()
    try:
        return init(binary_path)
    except ParamError as err:
        problem = err.problem if err.path == binary_path else f"{err.path}: {err.problem}"
        raise type(err)(path, f"{binary_path}: {problem}") from None


class SEBinaryWorkload:
    """Mixin for boards (``AbstractBoard`` subclasses) that run SE binaries."""

    def _make_process(self, index: int, binary, arguments, stdin_file, stdout_file,
                      stderr_file, env_list):
        where = "board.workload" if index is None else f"board.workload[{index}]"
        binary_path = _binary_path(f"{where}.binary", binary)
        process = objects.Process()
        if index:
            process.pid = 100 + index
        process.executable = binary_path
        process.cmd = [binary_path] + _strings(f"{where}.arguments", arguments)
        if stdin_file is not None:
            process.input = _binary_path(f"{where}.stdin_file", stdin_file)
        if stdout_file is not None:
            process.output = Path(stdout_file).as_posix()
        if stderr_file is not None:
            process.errout = Path(stderr_file).as_posix()
        if env_list is not None:
            process.env = _strings(f"{where}.env_list", env_list)
        return binary_path, process

    def _all_cores(self):
        processor = self.get_processor()
        if isinstance(processor, SwitchableProcessor):
            return list(processor._all_cores())
        return list(processor.get_cores())

    def set_se_binary_workload(
        self,
        binary,
        exit_on_work_items: bool = True,
        stdin_file=None,
        stdout_file: Optional[Path] = None,
        stderr_file: Optional[Path] = None,
        env_list: Optional[List[str]] = None,
        arguments: List[str] = [],
        checkpoint=None,
    ) -> None:
        """Run ``binary`` with ``arguments`` (and environment ``env_list``) on
        every core. ``exit_on_work_items=False`` ignores the guest's work-item
        m5ops."""
        self._set_fullsystem(False)
        binary_path, process = self._make_process(
            None, binary, arguments, stdin_file, stdout_file, stderr_file, env_list
        )
        self.workload = _se_workload("board.workload.binary", binary_path)
        for core in self._all_cores():
            core.set_workload(process)
        self.exit_on_work_items = exit_on_work_items
        if checkpoint:
            raise UnsupportedError("board.workload.checkpoint", "restoring a checkpoint is "
                                   "not supported yet")

    def set_se_multi_binary_workload(
        self,
        binaries: List,
        exit_on_work_items: bool = True,
        env_lists: Optional[List[List[str]]] = None,
        arguments: List[List[str]] = [],
        checkpoint=None,
    ) -> None:
        """Run one process per binary, process i on core i (and on core i of
        each set of a switchable processor)."""
        if not isinstance(binaries, (list, tuple)) or not binaries:
            raise ParamTypeError(
                "board.workload.binaries", f"expected a list of binaries, got {binaries!r}"
            )
        if not isinstance(arguments, (list, tuple)):
            raise ParamTypeError(
                "board.workload.arguments",
                f"expected a list of argument lists, got {arguments!r}",
            )
        if arguments and len(arguments) != len(binaries):
            raise ParamError(
                "board.workload.arguments",
                f"{len(binaries)} binaries but {len(arguments)} argument lists",
            )
        if env_lists is not None and (
            not isinstance(env_lists, (list, tuple)) or len(env_lists) != len(binaries)
        ):
            raise ParamError(
                "board.workload.env_list",
                f"expected one environment list per binary, got {env_lists!r}",
            )
        cores = self.get_processor().get_cores()
        if len(binaries) > len(cores):
            raise ParamError(
                "board.workload",
                f"{len(binaries)} binaries need as many cores, but board.processor "
                f"has {len(cores)}",
            )
        self._set_fullsystem(False)
        processes = []
        for i, binary in enumerate(binaries):
            binary_path, process = self._make_process(
                i, binary, arguments[i] if arguments else [], None, None, None,
                env_lists[i] if env_lists is not None else None,
            )
            processes.append(process)
        self.workload = _se_workload("board.workload.binary", binary_path)
        processor = self.get_processor()
        core_sets = (
            list(processor._switchable_cores.values())
            if isinstance(processor, SwitchableProcessor) else [cores]
        )
        for core_set in core_sets:
            for core, process in zip(core_set, processes):
                core.set_workload(process)
        self.exit_on_work_items = exit_on_work_items
        if checkpoint:
            raise UnsupportedError("board.workload.checkpoint", "restoring a checkpoint is "
                                   "not supported yet")
