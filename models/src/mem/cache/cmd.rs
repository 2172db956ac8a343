//! Per-command facts the cache's request paths need, in one table indexed by the
//! command: a request looks its command up once instead of matching it at every
//! decision (stat slot, write permission, dirtying, response command).

use super::stats::{READ_CLEAN, READ_SHARED};
use sim_core::mem::MemCmd;

/// What the cache needs to know about a request's command.
#[derive(Copy, Clone, Debug)]
pub(super) struct CmdInfo {
    /// Stat slot (index into [`CMD_NAMES`](super::CMD_NAMES)) of a request the
    /// cache serves, or [`NO_SLOT`] (writebacks, evictions, invalidations, responses).
    pub slot: u8,
    /// The request needs the line writable here.
    pub need_w: bool,
    /// The request modifies the line (leaves it dirty).
    pub writes: bool,
    /// The command of its response.
    pub resp: MemCmd,
}

/// [`CmdInfo::slot`] of commands without a stat slot.
pub(super) const NO_SLOT: u8 = u8::MAX;

const fn info(cmd: MemCmd) -> CmdInfo {
    CmdInfo {
        slot: match cmd {
            MemCmd::ReadReq | MemCmd::FetchReq => 0,
            MemCmd::WriteReq => 1,
            MemCmd::ReadExReq => 2,
            MemCmd::UpgradeReq => 3,
            MemCmd::SwapReq => 4,
            MemCmd::LoadLockedReq => 5,
            MemCmd::StoreCondReq => 6,
            MemCmd::ReadCleanReq => READ_CLEAN as u8,
            MemCmd::ReadSharedReq => READ_SHARED as u8,
            _ => NO_SLOT,
        },
        need_w: matches!(
            cmd,
            MemCmd::WriteReq
                | MemCmd::StoreCondReq
                | MemCmd::SwapReq
                | MemCmd::ReadExReq
                | MemCmd::UpgradeReq
        ),
        writes: matches!(
            cmd,
            MemCmd::WriteReq | MemCmd::StoreCondReq | MemCmd::SwapReq
        ),
        resp: cmd.response(),
    }
}

const fn build() -> [CmdInfo; MemCmd::ALL.len()] {
    let mut t = [info(MemCmd::ReadReq); MemCmd::ALL.len()];
    let mut i = 0;
    while i < t.len() {
        t[i] = info(MemCmd::ALL[i]);
        i += 1;
    }
    t
}

static TABLE: [CmdInfo; MemCmd::ALL.len()] = build();

/// The facts about `cmd`.
#[inline(always)]
pub(super) fn cmd_info(cmd: MemCmd) -> CmdInfo {
    TABLE[cmd as usize]
}

/// Stat slot of a request arriving from above whose command has `info` (None for
/// writebacks and the like). As in gem5 a request counts under its command: a
/// prefetch of a cache above arrives as that cache's `ReadSharedReq` and counts
/// there (under the prefetcher's requestor); `HardPFReq` is this cache's own
/// prefetcher, whose MSHRs are counted where they are made.
#[inline(always)]
pub(super) fn stat_slot(info: CmdInfo) -> Option<usize> {
    (info.slot != NO_SLOT).then_some(info.slot as usize)
}
