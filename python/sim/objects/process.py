"""Processes and workloads for syscall emulation (gem5's ``src/sim/Process.py``,
``Workload.py`` and ``src/arch/riscv/RiscvSeWorkload.py``).

``SEWorkload.init_compatible(binary)`` reads the binary's ELF header and returns
the workload that runs it (``RiscvEmuLinux`` for a RISC-V Linux binary); any
other machine is an error naming the binary and its machine."""

import os
from typing import Any, List

from sim.errors import ParamError
from sim.objects.elf import ElfInfo, read_elf_info
from sim.objects.params import Param, ScopedEnum, VectorParam
from sim.objects.proxy import Parent
from sim.objects.simobject import SimObject


class Process(SimObject):
    type = "Process"
    cxx_class = "gem5::Process"

    input = Param.String("cin", "filename for stdin")
    output = Param.String("cout", "filename for stdout")
    errout = Param.String("cerr", "filename for stderr")
    system = Param.System(Parent.any, "system process will run on")
    useArchPT = Param.Bool("false", "maintain an in-memory page table in the ISA's format")
    kvmInSE = Param.Bool("false", "initialize the process for KvmCPU in SE")
    maxStackSize = Param.MemorySize("64MiB", "maximum size of the stack")
    uid = Param.Int(100, "user id")
    euid = Param.Int(100, "effective user id")
    gid = Param.Int(100, "group id")
    egid = Param.Int(100, "effective group id")
    pid = Param.Int(100, "process id")
    ppid = Param.Int(0, "parent process id")
    pgid = Param.Int(100, "process group id")
    executable = Param.String("", "executable (overrides cmd[0] if set)")
    cmd = VectorParam.String("command line (executable plus arguments)")
    env = VectorParam.String([], "environment settings")
    cwd = Param.String(os.getcwd(), "current working directory")
    simpoint = Param.UInt64(0, "simulation point at which to start simulation")
    drivers = VectorParam.EmulatedDriver([], "emulated device drivers")
    release = Param.String("5.1.0", "Linux kernel uname release")


class EmulatedDriver(SimObject):
    """Base of gem5's emulated device drivers (``/dev`` files in SE mode)."""

    type = "EmulatedDriver"
    cxx_class = "gem5::EmulatedDriver"
    abstract = True

    filename = Param.String("device file name under /dev")


class ByteOrder(ScopedEnum):
    vals = ["big", "little"]


class Workload(SimObject):
    type = "Workload"
    cxx_class = "gem5::Workload"
    abstract = True

    wait_for_remote_gdb = Param.Bool(False, "Wait for a remote GDB connection")
    remote_gdb_port = Param.HostSocket(7000, "port or socket for a remote GDB connection")


class StubWorkload(Workload):
    """The workload of a system that has none (``System.workload``'s default)."""

    type = "StubWorkload"
    cxx_class = "gem5::StubWorkload"

    entry = Param.Addr(0, "entry point of the (absent) workload")
    byte_order = Param.ByteOrder("little", "byte order of the (absent) workload")


class SEWorkload(Workload):
    type = "SEWorkload"
    cxx_class = "gem5::SEWorkload"
    abstract = True

    @classmethod
    def _is_compatible_with(cls, binary: ElfInfo) -> bool:
        return False

    @classmethod
    def find_compatible(cls, path: str) -> List[type]:
        """The SE workload classes that can run the binary at ``path``."""
        binary = read_elf_info(path)
        return [c for c in _se_workload_classes() if c._is_compatible_with(binary)]

    @classmethod
    def init_compatible(cls, path: Any, *args: Any, **kwargs: Any) -> "SEWorkload":
        """The SE workload for the binary at ``path`` (chosen by its ELF
        header's machine and OS ABI), made with ``args``/``kwargs``."""
        path = os.fspath(path)
        options = SEWorkload.find_compatible(path)
        if len(options) != 1:
            binary = read_elf_info(path)
            found = "no" if not options else "more than one"
            raise ParamError(path, f"{found} SE workload runs a {binary.describe()} binary; "
                                   f"supported: RISC-V (riscv64, riscv32) Linux")
        return options[0](*args, **kwargs)


class RiscvSEWorkload(SEWorkload):
    type = "RiscvSEWorkload"
    cxx_class = "gem5::RiscvISA::SEWorkload"
    abstract = True


class RiscvEmuLinux(RiscvSEWorkload):
    type = "RiscvEmuLinux"
    cxx_class = "gem5::RiscvISA::EmuLinux"

    @classmethod
    def _is_compatible_with(cls, binary: ElfInfo) -> bool:
        return binary.arch in ("riscv64", "riscv32") and binary.op_sys in ("linux", "unknown")


def _se_workload_classes() -> List[type]:
    """Every SEWorkload class, each once, in definition order."""
    found: List[type] = []
    pending = [SEWorkload]
    while pending:
        cls = pending.pop(0)
        if cls not in found:
            found.append(cls)
            pending += cls.__subclasses__()
    return found
