//! Why the simulate loop returned.
//!
//! The loop never decides on its own whether to keep going: it stops on an exit
//! event, a tick limit or an instruction limit and hands back an [`ExitCause`]. The
//! caller (Rust driver or Python exit-event handlers) decides what to do next. The
//! [`Display`](std::fmt::Display) text matches the strings gem5's `exitSimLoop`
//! passes around, so logs read the same, and [`ExitCause::event_name`] gives the
//! gem5 standard-library `ExitEvent` name that Python handlers are keyed by.

use serde::{Deserialize, Serialize};
use std::fmt;

/// The reason the simulate loop stopped.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub enum ExitCause {
    /// A normal exit: the guest ran `m5 exit`, or (in SE mode) the last process
    /// exited. `code` is the exit status; `message` is gem5's cause string.
    Exit {
        /// Exit status reported by the guest.
        code: i64,
        /// Human-readable cause (see [`ExitCause::m5_exit`], [`ExitCause::process_exited`]).
        message: String,
    },
    /// The guest ran `m5 fail` with this code.
    Fail {
        /// Failure code passed by the guest.
        code: i64,
    },
    /// The tick limit given to the simulate call was reached.
    MaxTick,
    /// An explicitly scheduled tick exit fired.
    ScheduledTick,
    /// A thread reached the instruction limit.
    MaxInsts,
    /// The guest (or a scheduled event) asked for a checkpoint.
    Checkpoint,
    /// The guest marked the start of a region of interest (`m5 workbegin`).
    WorkBegin {
        /// Work item id.
        work_id: u64,
        /// Thread (context) id.
        thread_id: u64,
    },
    /// The guest marked the end of a region of interest (`m5 workend`).
    WorkEnd {
        /// Work item id.
        work_id: u64,
        /// Thread (context) id.
        thread_id: u64,
    },
    /// The guest asked to switch CPU models (`m5 switchcpu`).
    SwitchCpu,
    /// The user interrupted the simulation (Ctrl-C).
    UserInterrupt,
    /// A simpoint start was found.
    SimpointBegin,
    /// Stats should be dumped before continuing (an exit when the driver wants to
    /// handle `m5 dumpstats` itself rather than in the loop).
    DumpStats,
    /// Stats should be reset before continuing.
    ResetStats,
    /// The guest hit a fault the simulator cannot deliver to it (e.g. no handler in
    /// SE mode); `message` names the fault and the address or instruction involved.
    GuestFault {
        /// Description of the fault.
        message: String,
    },
    /// The full-system guest's kernel panicked (gem5's `KERNEL_PANIC` event);
    /// `message` is the kernel's panic line.
    KernelPanic {
        /// The kernel's `Kernel panic - not syncing: ...` line.
        message: String,
    },
}

impl ExitCause {
    /// gem5's message for an exit caused by the `m5 exit` op.
    pub const M5_EXIT_MESSAGE: &'static str = "m5_exit instruction encountered";
    /// gem5's message when the last SE-mode process exits.
    pub const PROCESS_EXIT_MESSAGE: &'static str = "exiting with last active thread context";

    /// An exit caused by the `m5 exit` op.
    pub fn m5_exit(code: i64) -> Self {
        ExitCause::Exit {
            code,
            message: Self::M5_EXIT_MESSAGE.to_string(),
        }
    }

    /// An exit caused by the last guest process exiting (SE mode).
    pub fn process_exited(code: i64) -> Self {
        ExitCause::Exit {
            code,
            message: Self::PROCESS_EXIT_MESSAGE.to_string(),
        }
    }

    /// The gem5 standard-library `ExitEvent` name for this cause (`EXIT`, `FAIL`,
    /// `MAX_TICK`, ...). `DumpStats`, `ResetStats` and `GuestFault` have no gem5
    /// counterpart and use `DUMP_STATS`, `RESET_STATS` and `GUEST_FAULT`.
    pub fn event_name(&self) -> &'static str {
        match self {
            ExitCause::Exit { .. } => "EXIT",
            ExitCause::Fail { .. } => "FAIL",
            ExitCause::MaxTick => "MAX_TICK",
            ExitCause::ScheduledTick => "SCHEDULED_TICK",
            ExitCause::MaxInsts => "MAX_INSTS",
            ExitCause::Checkpoint => "CHECKPOINT",
            ExitCause::WorkBegin { .. } => "WORKBEGIN",
            ExitCause::WorkEnd { .. } => "WORKEND",
            ExitCause::SwitchCpu => "SWITCHCPU",
            ExitCause::UserInterrupt => "USER_INTERRUPT",
            ExitCause::SimpointBegin => "SIMPOINT_BEGIN",
            ExitCause::DumpStats => "DUMP_STATS",
            ExitCause::ResetStats => "RESET_STATS",
            ExitCause::GuestFault { .. } => "GUEST_FAULT",
            ExitCause::KernelPanic { .. } => "KERNEL_PANIC",
        }
    }

    /// The exit code gem5 reports with this cause (`m5.simulate().getCode()`).
    pub fn code(&self) -> i64 {
        match self {
            ExitCause::Exit { code, .. } | ExitCause::Fail { code } => *code,
            ExitCause::GuestFault { .. } | ExitCause::KernelPanic { .. } => 1,
            _ => 0,
        }
    }

    /// True for causes after which simulation cannot meaningfully continue.
    pub fn is_terminal(&self) -> bool {
        matches!(
            self,
            ExitCause::Exit { .. }
                | ExitCause::Fail { .. }
                | ExitCause::GuestFault { .. }
                | ExitCause::KernelPanic { .. }
        )
    }
}

impl fmt::Display for ExitCause {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            ExitCause::Exit { message, .. } => f.write_str(message),
            ExitCause::Fail { .. } => f.write_str("m5_fail instruction encountered"),
            ExitCause::MaxTick => f.write_str("simulate() limit reached"),
            ExitCause::ScheduledTick => f.write_str("Tick exit reached"),
            ExitCause::MaxInsts => f.write_str("a thread reached the max instruction count"),
            ExitCause::Checkpoint => f.write_str("checkpoint"),
            ExitCause::WorkBegin { .. } => f.write_str("workbegin"),
            ExitCause::WorkEnd { .. } => f.write_str("workend"),
            ExitCause::SwitchCpu => f.write_str("switchcpu"),
            ExitCause::UserInterrupt => f.write_str("user interrupt received"),
            ExitCause::SimpointBegin => f.write_str("simpoint starting point found"),
            ExitCause::DumpStats => f.write_str("dumpstats"),
            ExitCause::ResetStats => f.write_str("resetstats"),
            ExitCause::GuestFault { message } => write!(f, "guest fault: {message}"),
            ExitCause::KernelPanic { message } => {
                write!(f, "Kernel panic in simulated system: {message}")
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn display_and_event_names_match_gem5() {
        let cases: &[(ExitCause, &str, &str)] = &[
            (
                ExitCause::m5_exit(0),
                "m5_exit instruction encountered",
                "EXIT",
            ),
            (
                ExitCause::process_exited(3),
                "exiting with last active thread context",
                "EXIT",
            ),
            (
                ExitCause::Fail { code: 2 },
                "m5_fail instruction encountered",
                "FAIL",
            ),
            (ExitCause::MaxTick, "simulate() limit reached", "MAX_TICK"),
            (
                ExitCause::ScheduledTick,
                "Tick exit reached",
                "SCHEDULED_TICK",
            ),
            (
                ExitCause::MaxInsts,
                "a thread reached the max instruction count",
                "MAX_INSTS",
            ),
            (ExitCause::Checkpoint, "checkpoint", "CHECKPOINT"),
            (
                ExitCause::WorkBegin {
                    work_id: 1,
                    thread_id: 0,
                },
                "workbegin",
                "WORKBEGIN",
            ),
            (
                ExitCause::WorkEnd {
                    work_id: 1,
                    thread_id: 0,
                },
                "workend",
                "WORKEND",
            ),
            (ExitCause::SwitchCpu, "switchcpu", "SWITCHCPU"),
            (
                ExitCause::UserInterrupt,
                "user interrupt received",
                "USER_INTERRUPT",
            ),
            (
                ExitCause::SimpointBegin,
                "simpoint starting point found",
                "SIMPOINT_BEGIN",
            ),
            (ExitCause::DumpStats, "dumpstats", "DUMP_STATS"),
            (ExitCause::ResetStats, "resetstats", "RESET_STATS"),
            (
                ExitCause::KernelPanic {
                    message: "Kernel panic - not syncing: VFS".into(),
                },
                "Kernel panic in simulated system: Kernel panic - not syncing: VFS",
                "KERNEL_PANIC",
            ),
        ];
        for (cause, text, name) in cases {
            assert_eq!(cause.to_string(), *text);
            assert_eq!(cause.event_name(), *name);
        }
    }

    #[test]
    fn codes_and_terminality() {
        assert_eq!(ExitCause::process_exited(42).code(), 42);
        assert_eq!(ExitCause::Fail { code: -1 }.code(), -1);
        assert_eq!(ExitCause::MaxTick.code(), 0);
        assert!(ExitCause::m5_exit(0).is_terminal());
        assert!(!ExitCause::Checkpoint.is_terminal());
        let f = ExitCause::GuestFault {
            message: "illegal instruction at 0x1000".into(),
        };
        assert_eq!(f.to_string(), "guest fault: illegal instruction at 0x1000");
        assert!(f.is_terminal());
    }

    #[test]
    fn serde_round_trip() {
        let c = ExitCause::WorkBegin {
            work_id: 7,
            thread_id: 1,
        };
        let s = serde_json::to_string(&c).unwrap();
        assert_eq!(serde_json::from_str::<ExitCause>(&s).unwrap(), c);
    }
}
