//! Memory packets: what travels through ports.
//!
//! A [`Packet`] carries a command ([`MemCmd`]), an address, a size, request flags and
//! (for reads after the response, and for writes) data. Data up to 64 bytes (a cache
//! line) is stored inline, so a timing-mode packet costs no heap allocation.

use crate::arch::AmoOp;
use crate::{Addr, Tick};
use smallvec::SmallVec;

/// The command a packet carries (gem5's `MemCmd`, the subset the models use).
#[derive(Copy, Clone, Debug, PartialEq, Eq, Hash)]
#[allow(missing_docs)]
pub enum MemCmd {
    ReadReq,
    ReadResp,
    WriteReq,
    WriteResp,
    /// Read with intent to modify (a cache fetching a line to write it).
    ReadExReq,
    ReadExResp,
    /// A cache holding a shared line asks for ownership without data.
    UpgradeReq,
    UpgradeResp,
    /// A dirty line leaves a cache.
    WritebackDirty,
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
    /// True for commands that expect a response.
    pub fn needs_response(self) -> bool {
        !matches!(self, MemCmd::WritebackDirty | MemCmd::CleanEvict) && self.is_request()
    }
    /// True for request commands.
    pub fn is_request(self) -> bool {
        matches!(
            self,
            MemCmd::ReadReq
                | MemCmd::WriteReq
                | MemCmd::ReadExReq
                | MemCmd::UpgradeReq
                | MemCmd::WritebackDirty
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
                | MemCmd::LoadLockedReq
                | MemCmd::FetchReq
                | MemCmd::SwapReq
        )
    }
    /// True if the packet writes data to the target.
    pub fn is_write(self) -> bool {
        matches!(
            self,
            MemCmd::WriteReq | MemCmd::WritebackDirty | MemCmd::StoreCondReq | MemCmd::SwapReq
        )
    }
    /// The response command for a request.
    pub fn response(self) -> MemCmd {
        match self {
            MemCmd::ReadReq | MemCmd::LoadLockedReq => MemCmd::ReadResp,
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
            MemCmd::WriteReq => "WriteReq",
            MemCmd::WriteResp => "WriteResp",
            MemCmd::ReadExReq => "ReadExReq",
            MemCmd::ReadExResp => "ReadExResp",
            MemCmd::UpgradeReq => "UpgradeReq",
            MemCmd::UpgradeResp => "UpgradeResp",
            MemCmd::WritebackDirty => "WritebackDirty",
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
    /// Write data (requests) or read data (responses); inline up to 64 bytes.
    pub data: SmallVec<[u8; 64]>,
    /// For `SwapReq`: the read-modify-write operation and its operand.
    pub amo: Option<(AmoOp, u64)>,
    /// For responses to `StoreCondReq`: whether the store happened.
    pub sc_success: bool,
    /// Tick at which the request was created (for latency stats).
    pub issued_at: Tick,
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
        }
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
