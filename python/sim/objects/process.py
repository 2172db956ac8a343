"""Processes and workloads for syscall emulation (gem5's ``src/sim/Process.py``,
``Workload.py`` and ``src/arch/riscv/RiscvSeWorkload.py``)."""

import os

from sim.objects.params import Param, VectorParam
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
    release = Param.String("5.1.0", "Linux kernel uname release")


class Workload(SimObject):
    type = "Workload"
    cxx_class = "gem5::Workload"
    abstract = True

    wait_for_remote_gdb = Param.Bool(False, "Wait for a remote GDB connection")


class SEWorkload(Workload):
    type = "SEWorkload"
    cxx_class = "gem5::SEWorkload"
    abstract = True


class RiscvSEWorkload(SEWorkload):
    type = "RiscvSEWorkload"
    cxx_class = "gem5::RiscvISA::SEWorkload"
    abstract = True


class RiscvEmuLinux(RiscvSEWorkload):
    type = "RiscvEmuLinux"
    cxx_class = "gem5::RiscvISA::EmuLinux"
