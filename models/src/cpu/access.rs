//! A translated data access, as the CPUs present it to the memory system.
//!
//! An access is split where it crosses a cache line (as gem5's simple CPUs split
//! requests), so each piece ([`Fragment`]) fits one packet a cache can handle.
//! Pieces covered by a backdoor carry a host pointer: their packets are
//! `TIMING_ONLY` and the CPU moves the bytes itself when the access completes
//! ([`DataAccess::perform`]); other pieces travel as ordinary data-carrying packets
//! and the memory performs them.

use super::monitor::MonitorLink;
use sim_core::arch::{AmoOp, MemAccess, MemFlags};
use sim_core::mem::{MemCmd, Packet, ReqFlags, Requestor};
use sim_core::Addr;

/// Cache-line size the CPUs split accesses at.
pub const LINE_BYTES: u64 = 64;

/// What a data access does.
#[derive(Copy, Clone, Debug, PartialEq, Eq)]
pub(crate) enum AccessKind {
    /// Load.
    Read,
    /// Store of the low `size` bytes.
    Write(u64),
    /// Atomic read-modify-write with its operand.
    Amo(AmoOp, u64),
    /// Load-reserved.
    LoadReserved,
    /// Store-conditional of the low `size` bytes.
    StoreCond(u64),
}

impl AccessKind {
    /// The permission the access needs.
    pub fn mem_access(self) -> MemAccess {
        match self {
            AccessKind::Read | AccessKind::LoadReserved => MemAccess::Load,
            _ => MemAccess::Store,
        }
    }

    /// The command of a timing-only packet for this access.
    pub fn cmd(self) -> MemCmd {
        match self {
            AccessKind::Read => MemCmd::ReadReq,
            AccessKind::Write(_) => MemCmd::WriteReq,
            AccessKind::Amo(..) => MemCmd::SwapReq,
            AccessKind::LoadReserved => MemCmd::LoadLockedReq,
            AccessKind::StoreCond(_) => MemCmd::StoreCondReq,
        }
    }
}

/// Request flags for an instruction's memory flags.
#[inline(always)]
pub(crate) fn req_flags(flags: MemFlags) -> ReqFlags {
    // Plain loads and stores (nearly all accesses) carry none.
    if flags == MemFlags::NONE {
        return ReqFlags::NONE;
    }
    req_flags_of(flags)
}

/// [`req_flags`] for an access with some memory flags.
#[inline(never)]
fn req_flags_of(flags: MemFlags) -> ReqFlags {
    let map = [
        (MemFlags::ACQUIRE, ReqFlags::ACQUIRE),
        (MemFlags::RELEASE, ReqFlags::RELEASE),
        (MemFlags::STRICT_ORDER, ReqFlags::STRICT_ORDER),
        (MemFlags::LLSC, ReqFlags::LLSC),
        (MemFlags::LOCKED_RMW, ReqFlags::LOCKED_RMW),
    ];
    map.iter()
        .filter(|(m, _)| flags.contains(*m))
        .fold(ReqFlags::NONE, |acc, (_, r)| acc | *r)
}

/// One cache-line-sized piece of an access.
#[derive(Copy, Clone, Debug, Default, PartialEq, Eq)]
pub(crate) struct Fragment {
    /// Physical address of the piece.
    pub paddr: u64,
    /// Bytes in the piece.
    pub size: u8,
    /// Offset of the piece within the access.
    pub offset: u8,
    /// Host pointer of the piece's first byte, or 0 if no backdoor covers it.
    pub host: usize,
}

/// A translated access of up to 8 bytes (at most two fragments).
#[derive(Copy, Clone, Debug)]
pub(crate) struct DataAccess {
    /// What to do.
    pub kind: AccessKind,
    /// Total size in bytes.
    pub size: u8,
    /// Request flags for the packets.
    pub flags: ReqFlags,
    /// The pieces, `frags[..nfrags]`.
    pub frags: [Fragment; 2],
    /// Number of pieces (1 or 2).
    pub nfrags: u8,
}

impl DataAccess {
    /// An access of one piece (its size is the piece's).
    #[inline(always)]
    pub fn one_piece(kind: AccessKind, flags: MemFlags, piece: Fragment) -> Self {
        DataAccess {
            kind,
            size: piece.size,
            flags: req_flags(flags),
            frags: [piece, Fragment::default()],
            nfrags: 1,
        }
    }

    /// The pieces.
    pub fn fragments(&self) -> &[Fragment] {
        &self.frags[..self.nfrags as usize]
    }

    /// True if piece `i` is the usual kind: a host-backed piece of a load or
    /// store, whose packet [`DataAccess::plain_packet`] builds.
    #[inline(always)]
    pub fn is_plain(&self, i: usize) -> bool {
        matches!(self.kind, AccessKind::Read | AccessKind::Write(_)) && self.frags[i].host != 0
    }

    /// [`DataAccess::packet`] for a piece that [`DataAccess::is_plain`]: a
    /// timing-only command. Inlined, so a sender that calls it on its own (not
    /// merged with the general case) builds the packet right in its box.
    #[inline(always)]
    pub fn plain_packet(&self, i: usize, requestor: Requestor, pc: u64) -> Packet {
        debug_assert!(self.is_plain(i));
        let f = self.frags[i];
        let flags = self.flags | ReqFlags::TIMING_ONLY;
        let addr = Addr(f.paddr);
        let mut pkt = Packet::command(self.kind.cmd(), addr, f.size as usize, flags, requestor);
        pkt.tag = i as u64;
        pkt.pc = pc;
        pkt
    }

    /// The request packet for piece `i`; `pc` is the instruction's address.
    #[inline(never)]
    pub fn packet(&self, i: usize, requestor: Requestor, pc: u64) -> Packet {
        let f = self.frags[i];
        let addr = Addr(f.paddr);
        let size = f.size as usize;
        let range = f.offset as usize..f.offset as usize + size;
        let mut pkt = if f.host != 0 {
            let flags = self.flags | ReqFlags::TIMING_ONLY;
            Packet::command(self.kind.cmd(), addr, size, flags, requestor)
        } else {
            match self.kind {
                AccessKind::Read | AccessKind::LoadReserved => {
                    Packet::read(addr, size, self.flags, requestor)
                }
                AccessKind::Write(v) | AccessKind::StoreCond(v) => {
                    Packet::write(addr, &v.to_le_bytes()[range], self.flags, requestor)
                }
                AccessKind::Amo(op, x) => Packet::amo(addr, size, op, x, self.flags, requestor),
            }
        };
        if let AccessKind::Amo(op, x) = self.kind {
            pkt.amo = Some((op, x));
        }
        pkt.tag = i as u64;
        pkt.pc = pc;
        pkt
    }

    /// For a store-conditional: true if the reservation is already lost, so no
    /// packet needs to go out (gem5 completes such an SC at once).
    pub fn sc_already_failed(&self, monitor: &MonitorLink) -> bool {
        matches!(self.kind, AccessKind::StoreCond(_)) && !monitor.holds(self.frags[0].paddr)
    }

    /// Complete the access now: move the bytes of host-backed pieces, apply the
    /// reservation rules, and return what `complete_acc` expects (the loaded or old
    /// value; for an SC, 0 on success and 1 on failure). `resp` holds the bytes
    /// data-carrying responses returned, at their offsets in the access.
    ///
    /// Inlined for a plain load or store of one host-backed piece (the usual
    /// case); everything else out of line.
    #[inline(always)]
    pub fn perform(&self, monitor: &MonitorLink, resp: &[u8; 8]) -> u64 {
        let f = &self.frags[0];
        if self.nfrags == 1 && f.host != 0 && matches!(self.size, 1 | 2 | 4 | 8) {
            match self.kind {
                AccessKind::Read => return self.gather(resp),
                AccessKind::Write(v) => {
                    self.scatter(v);
                    monitor.observe_store(f.paddr, self.size as usize);
                    return 0;
                }
                _ => {}
            }
        }
        self.perform_general(monitor, resp)
    }

    /// [`DataAccess::perform`] for any access.
    #[inline(never)]
    fn perform_general(&self, monitor: &MonitorLink, resp: &[u8; 8]) -> u64 {
        let size = self.size as usize;
        match self.kind {
            AccessKind::Read | AccessKind::LoadReserved => {
                let v = self.gather(resp);
                if self.kind == AccessKind::LoadReserved {
                    monitor.reserve(self.frags[0].paddr);
                }
                v
            }
            AccessKind::Write(v) => {
                self.scatter(v);
                for f in self.fragments() {
                    monitor.observe_store(f.paddr, f.size as usize);
                }
                0
            }
            AccessKind::Amo(op, x) => {
                let old = self.gather(resp);
                self.scatter(op.apply(old, x, size));
                monitor.observe_store(self.frags[0].paddr, size);
                old
            }
            AccessKind::StoreCond(v) => {
                if monitor.store_conditional(self.frags[0].paddr, size) {
                    self.scatter(v);
                    0
                } else {
                    1
                }
            }
        }
    }

    /// The access's bytes: from host memory, or from `resp` for pieces without one.
    #[inline(always)]
    fn gather(&self, resp: &[u8; 8]) -> u64 {
        let f = &self.frags[0];
        if self.nfrags != 1 || f.host == 0 || !matches!(self.size, 1 | 2 | 4 | 8) {
            return self.gather_pieces(resp);
        }
        // Usual case: one piece covers the whole access; read it like a load
        // instruction instead of with a variable-length copy.
        let p = f.host as *const u8;
        // SAFETY: as in `gather_pieces`, for the access's `size` bytes.
        unsafe {
            match self.size {
                1 => p.read() as u64,
                2 => u16::from_le((p as *const u16).read_unaligned()) as u64,
                4 => u32::from_le((p as *const u32).read_unaligned()) as u64,
                _ => u64::from_le((p as *const u64).read_unaligned()),
            }
        }
    }

    /// [`DataAccess::gather`] piece by piece (split or odd-sized accesses).
    #[inline(never)]
    fn gather_pieces(&self, resp: &[u8; 8]) -> u64 {
        let mut b = *resp;
        for f in self.fragments().iter().filter(|f| f.host != 0) {
            let dst = &mut b[f.offset as usize..(f.offset + f.size) as usize];
            // SAFETY: `host` points into the backing store for the piece's `size` bytes
            // (checked when the fragment was made); the store outlives the CPU.
            unsafe {
                std::ptr::copy_nonoverlapping(f.host as *const u8, dst.as_mut_ptr(), dst.len())
            };
        }
        u64::from_le_bytes(b)
    }

    /// Write `v` to the host-backed pieces (memory wrote the others from the packets).
    #[inline(always)]
    fn scatter(&self, v: u64) {
        let f = &self.frags[0];
        if self.nfrags != 1 || f.host == 0 || !matches!(self.size, 1 | 2 | 4 | 8) {
            return self.scatter_pieces(v);
        }
        // Usual case: one piece covers the whole access; write it like a store
        // instruction instead of with a variable-length copy.
        let p = f.host as *mut u8;
        // SAFETY: as in `gather`, for the access's `size` bytes.
        unsafe {
            match self.size {
                1 => p.write(v as u8),
                2 => (p as *mut u16).write_unaligned((v as u16).to_le()),
                4 => (p as *mut u32).write_unaligned((v as u32).to_le()),
                _ => (p as *mut u64).write_unaligned(v.to_le()),
            }
        }
    }

    /// Write `v` piece by piece (split or odd-sized accesses).
    #[inline(never)]
    fn scatter_pieces(&self, v: u64) {
        let bytes = v.to_le_bytes();
        for f in self.fragments().iter().filter(|f| f.host != 0) {
            let src = &bytes[f.offset as usize..(f.offset + f.size) as usize];
            // SAFETY: as in `gather`.
            unsafe { std::ptr::copy_nonoverlapping(src.as_ptr(), f.host as *mut u8, src.len()) };
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn memory_flags_map_to_request_flags() {
        let r = req_flags(MemFlags::LLSC | MemFlags::ACQUIRE);
        assert!(r.has(ReqFlags::LLSC) && r.has(ReqFlags::ACQUIRE));
        assert!(!r.has(ReqFlags::RELEASE));
        assert_eq!(req_flags(MemFlags::NONE), ReqFlags::NONE);
    }

    #[test]
    fn split_access_reads_and_writes_both_host_pieces() {
        let mut mem = [0u8; 16];
        let base = mem.as_mut_ptr() as usize;
        let frag = |off: u8, size: u8| Fragment {
            paddr: 0x1000 + off as u64,
            size,
            offset: off - 5,
            host: base + off as usize,
        };
        let mut a = DataAccess {
            kind: AccessKind::Write(0x1122_3344_5566_7788),
            size: 8,
            flags: ReqFlags::NONE,
            frags: [frag(5, 3), frag(8, 5)],
            nfrags: 2,
        };
        let m = MonitorLink::private();
        a.perform(&m, &[0; 8]);
        assert_eq!(&mem[5..13], &0x1122_3344_5566_7788u64.to_le_bytes());
        a.kind = AccessKind::Read;
        assert_eq!(a.perform(&m, &[0; 8]), 0x1122_3344_5566_7788);
        assert_eq!(a.packet(1, Requestor::default(), 0x40).cmd, MemCmd::ReadReq);
        assert!(a.packet(1, Requestor::default(), 0x40).timing_only());
    }

    #[test]
    fn single_piece_accesses_of_each_size_touch_only_their_bytes() {
        for size in [1u8, 2, 3, 4, 8] {
            let mut mem = [0xeeu8; 16];
            let host = mem.as_mut_ptr() as usize + 3;
            let piece = Fragment {
                paddr: 0x2003,
                size,
                offset: 0,
                host,
            };
            let mut a = DataAccess {
                kind: AccessKind::Write(0x0102_0304_0506_0708),
                size,
                flags: ReqFlags::NONE,
                frags: [piece, Fragment::default()],
                nfrags: 1,
            };
            let m = MonitorLink::private();
            a.perform(&m, &[0; 8]);
            let n = size as usize;
            assert_eq!(&mem[3..3 + n], &0x0102_0304_0506_0708u64.to_le_bytes()[..n]);
            assert!(mem[..3].iter().chain(&mem[3 + n..]).all(|b| *b == 0xee));
            a.kind = AccessKind::Read;
            let mask = u64::MAX >> (64 - 8 * n);
            assert_eq!(a.perform(&m, &[0; 8]), 0x0102_0304_0506_0708 & mask);
        }
    }
}
