//! gem5 pseudo-instructions (m5ops), shared by every CPU model.
//!
//! Function codes are gem5's (`include/gem5/asm/generic/m5ops.h`); the ISA decodes
//! its encoding and hands the code and argument registers to the CPU, which calls
//! [`perform`].

use super::stats::CpuStats;
use sim_core::component::Ctx;
use sim_core::exit::ExitCause;
use sim_core::system::StatsRequest;

/// gem5's m5op function codes.
#[allow(missing_docs)]
pub mod func {
    pub const EXIT: u16 = 0x21;
    pub const FAIL: u16 = 0x22;
    pub const SUM: u16 = 0x23;
    pub const INIT_PARAM: u16 = 0x30;
    pub const RESET_STATS: u16 = 0x40;
    pub const DUMP_STATS: u16 = 0x41;
    pub const DUMP_RESET_STATS: u16 = 0x42;
    pub const CHECKPOINT: u16 = 0x43;
    pub const WRITE_FILE: u16 = 0x4f;
    pub const READ_FILE: u16 = 0x50;
    pub const DEBUG_BREAK: u16 = 0x51;
    pub const SWITCH_CPU: u16 = 0x52;
    pub const WORK_BEGIN: u16 = 0x5a;
    pub const WORK_END: u16 = 0x5b;
}

/// Perform m5op `f` with argument registers `args`; returns the value for the
/// result register, or `None` for a function code gem5 does not define.
///
/// Ops that need the front end (exit, stats, checkpoints, work items) raise an
/// [`ExitCause`] or a [`StatsRequest`] on `ctx`; the CPU stops its batch after them.
pub fn perform(f: u16, args: [u64; 6], stats: &mut CpuStats, ctx: &mut Ctx) -> Option<u64> {
    match f {
        func::EXIT => ctx.exit(ExitCause::m5_exit(0)),
        func::FAIL => ctx.exit(ExitCause::Fail {
            code: args[1] as i64,
        }),
        func::SUM => return Some(args.iter().fold(0u64, |a, b| a.wrapping_add(*b))),
        func::INIT_PARAM => return Some(0),
        func::RESET_STATS => ctx.request_stats(StatsRequest::Reset),
        func::DUMP_STATS => ctx.request_stats(StatsRequest::Dump),
        func::DUMP_RESET_STATS => ctx.request_stats(StatsRequest::DumpAndReset),
        func::CHECKPOINT => ctx.exit(ExitCause::Checkpoint),
        // No host file is attached to m5 readfile/writefile yet: nothing to transfer.
        func::WRITE_FILE | func::READ_FILE => return Some(0),
        func::DEBUG_BREAK => {}
        func::SWITCH_CPU => ctx.exit(ExitCause::SwitchCpu),
        func::WORK_BEGIN => {
            stats.work_items_started += 1;
            ctx.exit(ExitCause::WorkBegin {
                work_id: args[0],
                thread_id: args[1],
            });
        }
        func::WORK_END => {
            stats.work_items_completed += 1;
            ctx.exit(ExitCause::WorkEnd {
                work_id: args[0],
                thread_id: args[1],
            });
        }
        _ => return None,
    }
    Some(0)
}
