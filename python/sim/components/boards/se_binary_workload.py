"""SE-mode workloads of a board (gem5's ``SEBinaryWorkload`` mixin).

``set_se_binary_workload`` runs one process, started on core 0 (the other cores
are there for its threads, as in gem5). ``set_se_multi_binary_workload`` runs one
process per binary, process i starting on core i. Redirecting stdin/stdout/
stderr to files and restoring checkpoints are not supported yet.
"""

from pathlib import Path
from typing import List, Optional

from sim import _runtime, params
from sim.isas import ISA


def _binary_path(path: str, binary) -> str:
    """Host path of a binary given as a resource (or, for convenience, a path)."""
    if isinstance(binary, (str, Path)):
        return str(binary)
    get = getattr(binary, "get_local_path", None)
    if get is None or not get():
        raise params.ParamTypeError(path, f"expected a BinaryResource, got {binary!r}")
    arch = getattr(binary, "get_architecture", lambda: None)()
    if arch is not None and arch != ISA.RISCV:
        raise params.UnsupportedError(
            path, f"'{get()}' is a {arch.value} binary; only riscv binaries run here"
        )
    return str(get())


def _refuse(path: str, value, what: str) -> None:
    if value:
        raise params.UnsupportedError(path, f"{what} is not supported yet")


def _strings(path: str, value) -> List[str]:
    """``value`` (a list or tuple) as a list of strings: gem5's ``Process.cmd``
    and ``env`` are ``VectorParam.String``, which take each item's ``str()``."""
    if not isinstance(value, (list, tuple)):
        raise params.ParamTypeError(path, f"expected a list, got {value!r}")
    return [str(a) for a in value]


class SEBinaryWorkload:
    """Mixin for boards (``AbstractBoard`` subclasses) that run SE binaries."""

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
        """Run ``binary`` with ``arguments`` and environment ``env_list``.
        ``exit_on_work_items=False`` ignores the guest's work-item m5ops."""
        self.set_se_multi_binary_workload(
            [binary],
            exit_on_work_items=exit_on_work_items,
            stdin_files=[stdin_file] if stdin_file else None,
            stdout_files=[stdout_file] if stdout_file else None,
            stderr_files=[stderr_file] if stderr_file else None,
            env_lists=[env_list] if env_list is not None else None,
            arguments=[arguments],
            checkpoint=checkpoint,
        )

    def set_se_multi_binary_workload(
        self,
        binaries: List,
        exit_on_work_items: bool = True,
        stdin_files=None,
        stdout_files=None,
        stderr_files=None,
        env_lists: Optional[List[List[str]]] = None,
        arguments: List[List[str]] = [],
        checkpoint=None,
    ) -> None:
        """Run one process per binary, process i on core i."""
        _refuse("board.workload.stdin_file", stdin_files, "reading stdin from a file")
        _refuse("board.workload.stdout_file", stdout_files, "writing stdout to a file")
        _refuse("board.workload.stderr_file", stderr_files, "writing stderr to a file")
        _refuse("board.workload.checkpoint", checkpoint, "restoring a checkpoint")
        if not isinstance(binaries, (list, tuple)):
            raise params.ParamTypeError(
                "board.workload.binaries", f"expected a list of binaries, got {binaries!r}"
            )
        if not isinstance(arguments, (list, tuple)):
            raise params.ParamTypeError(
                "board.workload.arguments",
                f"expected a list of argument lists, got {arguments!r}",
            )
        if env_lists is not None and not isinstance(env_lists, (list, tuple)):
            raise params.ParamTypeError(
                "board.workload.env_list", f"expected a list of lists, got {env_lists!r}"
            )
        if not binaries:
            raise params.ParamError("board.workload", "no binary given")
        if arguments and len(arguments) != len(binaries):
            raise params.ParamError(
                "board.workload.arguments",
                f"{len(binaries)} binaries but {len(arguments)} argument lists",
            )
        envs = [_strings("board.workload.env_list", e) for e in (env_lists or [])]
        if envs and any(e != envs[0] for e in envs):
            raise params.UnsupportedError(
                "board.workload.env_list", "a different environment per process"
            )
        workloads = [
            {
                "binary": _binary_path("board.workload.binary", b),
                "args": _strings("board.workload.arguments", arguments[i] if arguments else []),
            }
            for i, b in enumerate(binaries)
        ]
        if self.is_workload_set():
            _runtime.warn("Workload has been set more than once!")
        self.set_is_workload_set(True)
        self._workloads = workloads
        self._env = envs[0] if envs else []
        self.exit_on_work_items = exit_on_work_items
