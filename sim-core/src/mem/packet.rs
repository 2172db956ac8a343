//! Memory packets: what travels through ports.
//!
//! A [`Packet`] carries a command ([`MemCmd`]), an address, a size, request flags and
//! (for reads after the response, and for writes) data. Data up to 8 bytes is stored
//! inline, so a CPU's timing-mode packet costs no heap allocation for its bytes.
//!
//! In the timing protocol packets travel as [`PacketPtr`]s (boxed, as gem5's
//! `PacketPtr`): a hop (send, receive, refusal, delayed delivery) moves one pointer
//! instead of the whole packet. Senders that issue a packet per access (CPUs) keep
//! the box of the last response and reuse it, so the hot path allocates nothing.

use crate::arch::AmoOp;
use crate::{Addr, Tick};
use smallvec::SmallVec;

/// The command a packet carries (gem5's `MemCmd`, the subset the models use).
#[derive(Copy, Clone, Debug, PartialEq, Eq, Hash)]
#[allow(missing_docs)]
pub enum MemCmd {
    /// A read by a non-caching agent (a CPU's load).
    ReadReq,
    ReadResp,
    /// A read response whose receiver must drop the line once the read is served
    /// (gem5's `ReadRespWithInvalidate`): the responder had an invalidation for the
    /// line pending when it answered.
    ReadRespWithInvalidate,
    WriteReq,
    WriteResp,
    /// Read with intent to modify (a cache fetching a line to write it).
    ReadExReq,
    ReadExResp,
    /// A cache's line fetch whose response must be clean (gem5's `ReadCleanReq`):
    /// sent by read-only (instruction) caches.
    ReadCleanReq,
    /// A cache's line fetch that may take the line shared or exclusive (gem5's
    /// `ReadSharedReq`): sent by data caches.
    ReadSharedReq,
    /// A cache holding a shared line asks for ownership without data.
    UpgradeReq,
    UpgradeResp,
    /// A dirty line leaves a cache.
    WritebackDirty,
    /// A clean line leaves a cache that writes clean lines back (gem5's
    /// `writeback_clean`): it carries the line, so a cache below may allocate it.
    WritebackClean,
    /// A clean line leaves a cache (keeps snoop filters exact).
    CleanEvict,
    /// Load-linked read.
    LoadLockedReq,
    /// Store-conditional write.
    StoreCondReq,
    StoreCondResp,
    /// Atomic read-modify-write performed at the target.
    SwapReq,
    SwapResp,
    /// Instruction fetch (a read the stats count separately).
    FetchReq,
    FetchResp,
    /// Invalidate copies elsewhere (snoop).
    InvalidateReq,
    InvalidateResp,
}

impl MemCmd {
    /// Every command, in declaration order (`MemCmd::ALL[c as usize] == c`): for
    /// tables indexed by command.
    pub const ALL: [MemCmd; 23] = [
        MemCmd::ReadReq,
        MemCmd::ReadResp,
        MemCmd::ReadRespWithInvalidate,
        MemCmd::WriteReq,
        MemCmd::WriteResp,
        MemCmd::ReadExReq,
        MemCmd::ReadExResp,
        MemCmd::ReadCleanReq,
        MemCmd::ReadSharedReq,
        MemCmd::UpgradeReq,
        MemCmd::UpgradeResp,
        MemCmd::WritebackDirty,
        MemCmd::WritebackClean,
        MemCmd::CleanEvict,
        MemCmd::LoadLockedReq,
        MemCmd::StoreCondReq,
        MemCmd::StoreCondResp,
        MemCmd::SwapReq,
        MemCmd::SwapResp,
        MemCmd::FetchReq,
        MemCmd::FetchResp,
        MemCmd::InvalidateReq,
        MemCmd::InvalidateResp,
    ];
    /// True for commands that expect a response.
    pub fn needs_response(self) -> bool {
        !matches!(
            self,
            MemCmd::WritebackDirty | MemCmd::WritebackClean | MemCmd::CleanEvict
        ) && self.is_request()
    }
    /// True for request commands.
    pub fn is_request(self) -> bool {
        matches!(
            self,
            MemCmd::ReadReq
                | MemCmd::WriteReq
                | MemCmd::ReadExReq
                | MemCmd::ReadCleanReq
                | MemCmd::ReadSharedReq
                | MemCmd::UpgradeReq
                | MemCmd::WritebackDirty
                | MemCmd::WritebackClean
                | MemCmd::CleanEvict
                | MemCmd::LoadLockedReq
                | MemCmd::StoreCondReq
                | MemCmd::SwapReq
                | MemCmd::FetchReq
                | MemCmd::InvalidateReq
        )
    }
    /// True if the packet reads data from the target.
    pub fn is_read(self) -> bool {
        matches!(
            self,
            MemCmd::ReadReq
                | MemCmd::ReadExReq
                | MemCmd::ReadCleanReq
                | MemCmd::ReadSharedReq
                | MemCmd::LoadLockedReq
                | MemCmd::FetchReq
                | MemCmd::SwapReq
        )
    }
    /// True if the packet writes data to the target (gem5's `isWrite`; a
    /// `WritebackClean` is one, though memory need not store its unchanged bytes).
    pub fn is_write(self) -> bool {
        matches!(
            self,
            MemCmd::WriteReq
                | MemCmd::WritebackDirty
                | MemCmd::WritebackClean
                | MemCmd::StoreCondReq
                | MemCmd::SwapReq
        )
    }
    /// The response command for a request.
    pub const fn response(self) -> MemCmd {
        match self {
            MemCmd::ReadReq
            | MemCmd::ReadCleanReq
            | MemCmd::ReadSharedReq
            | MemCmd::LoadLockedReq => MemCmd::ReadResp,
            MemCmd::FetchReq => MemCmd::FetchResp,
            MemCmd::WriteReq => MemCmd::WriteResp,
            MemCmd::ReadExReq => MemCmd::ReadExResp,
            MemCmd::UpgradeReq => MemCmd::UpgradeResp,
            MemCmd::StoreCondReq => MemCmd::StoreCondResp,
            MemCmd::SwapReq => MemCmd::SwapResp,
            MemCmd::InvalidateReq => MemCmd::InvalidateResp,
            other => other,
        }
    }
    /// gem5's name for the command, used in per-command stats.
    pub fn name(self) -> &'static str {
        match self {
            MemCmd::ReadReq => "ReadReq",
            MemCmd::ReadResp => "ReadResp",
            MemCmd::ReadRespWithInvalidate => "ReadRespWithInvalidate",
            MemCmd::WriteReq => "WriteReq",
            MemCmd::WriteResp => "WriteResp",
            MemCmd::ReadExReq => "ReadExReq",
            MemCmd::ReadExResp => "ReadExResp",
            MemCmd::ReadCleanReq => "ReadCleanReq",
            MemCmd::ReadSharedReq => "ReadSharedReq",
            MemCmd::UpgradeReq => "UpgradeReq",
            MemCmd::UpgradeResp => "UpgradeResp",
            MemCmd::WritebackDirty => "WritebackDirty",
            MemCmd::WritebackClean => "WritebackClean",
            MemCmd::CleanEvict => "CleanEvict",
            MemCmd::LoadLockedReq => "LoadLockedReq",
            MemCmd::StoreCondReq => "StoreCondReq",
            MemCmd::StoreCondResp => "StoreCondResp",
            MemCmd::SwapReq => "SwapReq",
            MemCmd::SwapResp => "SwapResp",
            MemCmd::FetchReq => "ReadReq",
            MemCmd::FetchResp => "ReadResp",
            MemCmd::InvalidateReq => "InvalidateReq",
            MemCmd::InvalidateResp => "InvalidateResp",
        }
    }
}

/// Request flags (gem5's `Request::Flags`, the subset the models use).
#[derive(Copy, Clone, Debug, Default, PartialEq, Eq, Hash)]
pub struct ReqFlags(pub u32);

#[allow(missing_docs)]
impl ReqFlags {
    pub const NONE: ReqFlags = ReqFlags(0);
    pub const UNCACHEABLE: ReqFlags = ReqFlags(1 << 0);
    pub const STRICT_ORDER: ReqFlags = ReqFlags(1 << 1);
    pub const LLSC: ReqFlags = ReqFlags(1 << 2);
    pub const LOCKED_RMW: ReqFlags = ReqFlags(1 << 3);
    pub const INST_FETCH: ReqFlags = ReqFlags(1 << 4);
    pub const ACQUIRE: ReqFlags = ReqFlags(1 << 5);
    pub const RELEASE: ReqFlags = ReqFlags(1 << 6);
    pub const PREFETCH: ReqFlags = ReqFlags(1 << 7);
    /// The requester moves the bytes itself (through a [`Backdoor`](crate::component::Backdoor)
    /// with `data_only` set) at the moment the access completes; the hierarchy models
    /// timing and cache state only, and the target must not read or write the store.
    pub const TIMING_ONLY: ReqFlags = ReqFlags(1 << 8);

    /// True if every bit of `other` is set.
    pub fn has(self, other: ReqFlags) -> bool {
        self.0 & other.0 == other.0
    }
}

impl std::ops::BitOr for ReqFlags {
    type Output = ReqFlags;
    fn bitor(self, rhs: ReqFlags) -> ReqFlags {
        ReqFlags(self.0 | rhs.0)
    }
}

/// Who issued a request: a requestor id (for per-requestor stats) and a thread id.
#[derive(Copy, Clone, Debug, Default, PartialEq, Eq, Hash)]
pub struct Requestor {
    /// Index of the requesting component's port in the system (stats key).
    pub id: u32,
    /// Hardware thread (context) id.
    pub thread: u32,
}

/// A memory packet.
#[derive(Clone, Debug)]
pub struct Packet {
    /// What to do.
    pub cmd: MemCmd,
    /// Physical address of the first byte.
    pub addr: Addr,
    /// Number of bytes.
    pub size: usize,
    /// Request flags.
    pub flags: ReqFlags,
    /// Who asked.
    pub requestor: Requestor,
    /// Write data (requests) or read data (responses); inline up to 8 bytes (a
    /// register's worth), on the heap beyond. Timing-mode packets through the data-less
    /// caches carry none, so building and recycling a packet touches no heap bytes.
    pub data: SmallVec<[u8; 8]>,
    /// For `SwapReq`: the read-modify-write operation and its operand.
    pub amo: Option<(AmoOp, u64)>,
    /// For responses to `StoreCondReq`: whether the store happened.
    pub sc_success: bool,
    /// Tick at which the request was created (for latency stats).
    pub issued_at: Tick,
    /// Return path: crossbars push the CPU-side port a request arrived on and pop it
    /// to route the response back.
    pub route: Route,
    /// Set on a response by the coherent crossbar when another cache kept a copy of
    /// the line: the requester must not take it exclusive (gem5's `hasSharers`).
    pub has_sharers: bool,
    /// The requester's own cookie, returned unchanged in the response.
    pub tag: u64,
    /// PC of the instruction that made the request (0 if none): PC-indexed prefetchers.
    pub pc: u64,
}

/// A packet in the timing protocol: owned through a box so hops move a pointer.
pub type PacketPtr = Box<Packet>;

/// A small fixed stack of port indices (a packet's return path through crossbars).
#[derive(Copy, Clone, Debug, Default, PartialEq, Eq)]
pub struct Route {
    hops: [u16; 7],
    len: u16,
}

impl Route {
    /// Push a port index. Panics past seven crossbar levels (a configuration no
    /// memory system here builds).
    #[inline]
    pub fn push(&mut self, port: u16) {
        assert!(
            (self.len as usize) < self.hops.len(),
            "packet routed through more than {} crossbars",
            self.hops.len()
        );
        self.hops[self.len as usize] = port;
        self.len += 1;
    }
    /// Pop the most recent port index.
    #[inline]
    pub fn pop(&mut self) -> Option<u16> {
        if self.len == 0 {
            return None;
        }
        self.len -= 1;
        Some(self.hops[self.len as usize])
    }
    /// Number of hops recorded.
    pub fn len(&self) -> usize {
        self.len as usize
    }
    /// True if no hop is recorded.
    pub fn is_empty(&self) -> bool {
        self.len == 0
    }
}

impl Packet {
    /// A read request for `size` bytes at `addr`.
    pub fn read(addr: Addr, size: usize, flags: ReqFlags, requestor: Requestor) -> Self {
        let cmd = if flags.has(ReqFlags::INST_FETCH) {
            MemCmd::FetchReq
        } else if flags.has(ReqFlags::LLSC) {
            MemCmd::LoadLockedReq
        } else {
            MemCmd::ReadReq
        };
        Packet {
            cmd,
            addr,
            size,
            flags,
            requestor,
            data: SmallVec::from_elem(0, size),
            amo: None,
            sc_success: false,
            issued_at: Tick(0),
            route: Route::default(),
            has_sharers: false,
            tag: 0,
            pc: 0,
        }
    }
    /// A write request carrying `data`.
    pub fn write(addr: Addr, data: &[u8], flags: ReqFlags, requestor: Requestor) -> Self {
        let cmd = if flags.has(ReqFlags::LLSC) {
            MemCmd::StoreCondReq
        } else {
            MemCmd::WriteReq
        };
        Packet {
            cmd,
            addr,
            size: data.len(),
            flags,
            requestor,
            data: SmallVec::from_slice(data),
            amo: None,
            sc_success: false,
            issued_at: Tick(0),
            route: Route::default(),
            has_sharers: false,
            tag: 0,
            pc: 0,
        }
    }
    /// An atomic read-modify-write request.
    pub fn amo(
        addr: Addr,
        size: usize,
        op: AmoOp,
        operand: u64,
        flags: ReqFlags,
        requestor: Requestor,
    ) -> Self {
        Packet {
            cmd: MemCmd::SwapReq,
            addr,
            size,
            flags,
            requestor,
            data: SmallVec::from_elem(0, size),
            amo: Some((op, operand)),
            sc_success: false,
            issued_at: Tick(0),
            route: Route::default(),
            has_sharers: false,
            tag: 0,
            pc: 0,
        }
    }
    /// A request with no data: a cache's line fetch, writeback or eviction notice, or
    /// a timing-only access (see [`ReqFlags::TIMING_ONLY`]).
    pub fn command(
        cmd: MemCmd,
        addr: Addr,
        size: usize,
        flags: ReqFlags,
        requestor: Requestor,
    ) -> Self {
        Packet {
            cmd,
            addr,
            size,
            flags,
            requestor,
            data: SmallVec::new(),
            amo: None,
            sc_success: false,
            issued_at: Tick(0),
            route: Route::default(),
            has_sharers: false,
            tag: 0,
            pc: 0,
        }
    }
    /// This packet in a box, for the timing protocol.
    #[inline]
    pub fn boxed(self) -> PacketPtr {
        Box::new(self)
    }
    /// True if the requester moves the bytes itself (the target must not touch data).
    #[inline]
    pub fn timing_only(&self) -> bool {
        self.flags.has(ReqFlags::TIMING_ONLY)
    }
    /// Turn this request into its response, in place.
    pub fn make_response(&mut self) {
        self.cmd = self.cmd.response();
    }
    /// The data as a little-endian integer (sizes up to 8).
    pub fn data_le(&self) -> u64 {
        let mut b = [0u8; 8];
        let n = self.data.len().min(8);
        b[..n].copy_from_slice(&self.data[..n]);
        u64::from_le_bytes(b)
    }
    /// The last byte address covered, plus one.
    pub fn end(&self) -> Addr {
        self.addr.offset(self.size as u64)
    }
}

#[cfg(test)]
mod cmd_tests {
    use super::MemCmd;

    #[test]
    fn all_lists_every_command_at_its_index() {
        for (i, c) in MemCmd::ALL.iter().enumerate() {
            assert_eq!(*c as usize, i, "{c:?}");
        }
        // A command added to the enum but not to ALL would index past its end.
        assert_eq!(MemCmd::InvalidateResp as usize, MemCmd::ALL.len() - 1);
    }

    #[test]
    fn a_cache_line_fetch_is_a_read_answered_with_read_resp() {
        for c in [MemCmd::ReadCleanReq, MemCmd::ReadSharedReq] {
            assert!(c.is_read() && c.is_request() && c.needs_response(), "{c:?}");
            assert!(!c.is_write(), "{c:?}");
            assert_eq!(c.response(), MemCmd::ReadResp, "{c:?}");
        }
        let inval = MemCmd::ReadRespWithInvalidate;
        assert!(!inval.is_request() && !inval.needs_response());
        assert_eq!(
            [
                MemCmd::ReadCleanReq.name(),
                MemCmd::ReadSharedReq.name(),
                inval.name()
            ],
            ["ReadCleanReq", "ReadSharedReq", "ReadRespWithInvalidate"]
        );
    }
}

#[cfg(test)]
mod size_tests {
    /// Packets are built for every access and copied by the atomic protocol's
    /// callers: keep them small.
    #[test]
    fn a_packet_fits_in_two_cache_lines() {
        assert!(
            std::mem::size_of::<super::Packet>() <= 128,
            "{}",
            std::mem::size_of::<super::Packet>()
        );
    }
}
