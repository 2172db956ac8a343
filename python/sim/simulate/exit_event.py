"""Why the simulation loop stopped (gem5's ``ExitEvent``), plus three events of
our own: ``GUEST_FAULT`` (the guest hit a fault it has no handler for in SE
mode), ``DUMP_STATS`` and ``RESET_STATS``."""

from enum import Enum

from sim.errors import UnsupportedError


class ExitEvent(Enum):
    """Exit event kinds; values are gem5's."""

    EXIT = "exit"
    WORKBEGIN = "workbegin"
    WORKEND = "workend"
    SWITCHCPU = "switchcpu"
    FAIL = "fail"
    CHECKPOINT = "checkpoint"
    SCHEDULED_TICK = "scheduled tick exit"
    MAX_TICK = "max tick"
    USER_INTERRUPT = "user interupt"  # sic, as gem5
    SIMPOINT_BEGIN = "simpoint begins"
    MAX_INSTS = "number of instructions reached"
    PERF_COUNTER_ENABLE = "performance counter enabled"
    PERF_COUNTER_DISABLE = "performance counter disabled"
    PERF_COUNTER_RESET = "performance counter reset"
    PERF_COUNTER_INTERRUPT = "performance counter interrupt"
    KERNEL_PANIC = "kernel panic in simulated system"
    KERNEL_OOPS = "kernel oops in simulated system"
    GUEST_FAULT = "guest fault"
    DUMP_STATS = "dumpstats"
    RESET_STATS = "resetstats"

    @classmethod
    def translate_exit_status(cls, exit_string: str) -> "ExitEvent":
        """The event for a native event name (``"WORKBEGIN"``) or a gem5 exit
        cause string (``"m5_exit instruction encountered"``); raises
        NotImplementedError for anything else."""
        if exit_string in cls.__members__:
            return cls[exit_string]
        if exit_string in _CAUSES:
            return _CAUSES[exit_string]
        if exit_string.startswith("Kernel panic in simulated system"):
            return cls.KERNEL_PANIC
        if exit_string.startswith("Kernel oops in simulated system"):
            return cls.KERNEL_OOPS
        if exit_string.startswith("guest fault"):
            return cls.GUEST_FAULT
        if exit_string.endswith("will terminate the simulation.\n") or exit_string.endswith(
            "is finished updating the memory.\n"
        ):
            return cls.EXIT
        raise UnsupportedError(
            "ExitEvent.translate_exit_status",
            f"exit cause {exit_string!r} has no exit event (gem5 raises NotImplementedError, "
            "which this error is)",
        )


_CAUSES = {
    "m5_workbegin instruction encountered": ExitEvent.WORKBEGIN,
    "workbegin": ExitEvent.WORKBEGIN,
    "m5_workend instruction encountered": ExitEvent.WORKEND,
    "workend": ExitEvent.WORKEND,
    "m5_exit instruction encountered": ExitEvent.EXIT,
    "exiting with last active thread context": ExitEvent.EXIT,
    "simulate() limit reached": ExitEvent.MAX_TICK,
    "Tick exit reached": ExitEvent.SCHEDULED_TICK,
    "switchcpu": ExitEvent.SWITCHCPU,
    "m5_fail instruction encountered": ExitEvent.FAIL,
    "checkpoint": ExitEvent.CHECKPOINT,
    "user interrupt received": ExitEvent.USER_INTERRUPT,
    "simpoint starting point found": ExitEvent.SIMPOINT_BEGIN,
    "a thread reached the max instruction count": ExitEvent.MAX_INSTS,
    "performance counter enabled": ExitEvent.PERF_COUNTER_ENABLE,
    "performance counter disabled": ExitEvent.PERF_COUNTER_DISABLE,
    "performance counter reset": ExitEvent.PERF_COUNTER_RESET,
    "performance counter interrupt": ExitEvent.PERF_COUNTER_INTERRUPT,
    "dumpstats": ExitEvent.DUMP_STATS,
    "resetstats": ExitEvent.RESET_STATS,
}
