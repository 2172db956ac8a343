//! State and memory plumbing every simple CPU model shares: registers, the software
//! TLB, the decoded-instruction cache, the reservation monitor link, and the
//! immediate (atomic-protocol) memory path with its backdoor fast path.

use super::access::{req_flags, AccessKind, DataAccess, Fragment, LINE_BYTES};
use super::decode_cache::DecodeCache;
use super::monitor::MonitorLink;
use super::os::{MappingEpoch, ThreadOs};
use super::stats::CpuStats;
use super::threads::OsActions;
use super::tlb::{Hit, SoftTlb, PAGE_SIZE};
use super::{DCACHE_PORT, FETCH_BYTES, ICACHE_PORT};
use sim_core::arch::{DecodeError, Fault, InstFlags, Isa, MemAccess, MemFlags, StaticInst};
use sim_core::component::{Backdoor, Ctx};
use sim_core::mem::{MemCmd, Packet, ReqFlags, Requestor};
use sim_core::{Addr, ClockDomain, Frequency};

/// Architectural and micro-architectural state the executing instruction touches.
pub(crate) struct Core<I: Isa> {
    pub regs: I::Regs,
    pub pc: u64,
    pub os: Option<Box<dyn ThreadOs<I::Regs>>>,
    pub tlb: SoftTlb,
    pub decoded: DecodeCache<I::Inst>,
    pub monitor: MonitorLink,
    pub backdoor: Option<Backdoor>,
    /// TLB entries carry host pointers (for the atomic CPU: only when accesses may
    /// skip the ports; a zero pointer sends the access down the slow path).
    pub host_in_tlb: bool,
    /// The atomic CPU sits behind caches: present every access as a `TIMING_ONLY`
    /// atomic packet, moving the bytes through the backdoor.
    pub present_atomic: bool,
    pub stats: CpuStats,
    /// Requestor of data accesses (`cpu.data` in per-requestor stats).
    pub requestor: Requestor,
    /// Requestor of instruction fetches (`cpu.inst`).
    pub inst_requestor: Requestor,
    pub domain: ClockDomain,
    /// Cycles into the current batch (atomic CPU), for counters and syscall times.
    pub cycle_base: u64,
    pub insts_total: u64,
    /// The access the last `initiate_acc` started (timing CPU).
    pub pending_access: Option<DataAccess>,
    /// What the last syscall asked of the CPU (wake-ups, a thread switch).
    pub os_actions: OsActions,
    /// Instructions since the OS was last asked whether to switch threads.
    pub insts_since_yield: u64,
    /// The OS's mapping epoch, if mappings can change behind this CPU's back.
    pub epoch: Option<MappingEpoch>,
    /// The epoch the TLB and decoded instructions were filled under.
    pub seen_epoch: u64,
    /// The address space they belong to (`None`: no thread switched in yet).
    pub space: Option<u64>,
    /// Woken while running a thread: ask the OS whether it must leave the CPU
    /// before the next instruction (see [`Core::honour_kick`]).
    pub kicked: bool,
    /// When the OS last had no thread for this CPU: the tick it asked to be
    /// asked again at ([`ThreadOs::wake_at`](super::os::ThreadOs::wake_at)).
    pub wake_at: Option<sim_core::Tick>,
    /// The tick of the pending wake-up event, if one is scheduled.
    pub wake_armed: Option<sim_core::Tick>,
    /// When the OS last had no thread for this CPU: the run must end with this
    /// ([`ThreadOs::idle_exit`](super::os::ThreadOs::idle_exit)).
    pub idle_exit: Option<sim_core::exit::ExitCause>,
    /// Full system: the hart's privileged state (`None` in syscall emulation).
    pub fs: Option<Box<super::fs::FsHart<I::Regs>>>,
}

impl<I: Isa> Core<I> {
    /// Fresh state for hart `cpu_id` at `clock`.
    pub fn new(
        clock: Frequency,
        cpu_id: u32,
        regs: I::Regs,
        pc: u64,
        os: Option<Box<dyn ThreadOs<I::Regs>>>,
        monitor: MonitorLink,
    ) -> Self {
        let epoch = os.as_ref().and_then(|os| os.mapping_epoch());
        Core {
            seen_epoch: epoch.as_ref().map_or(0, MappingEpoch::current),
            epoch,
            space: None,
            regs,
            pc,
            os,
            tlb: SoftTlb::default(),
            decoded: DecodeCache::default(),
            monitor,
            backdoor: None,
            host_in_tlb: false,
            present_atomic: false,
            stats: CpuStats::default(),
            requestor: Requestor {
                id: cpu_id,
                thread: 0,
            },
            inst_requestor: Requestor {
                id: cpu_id,
                thread: 0,
            },
            domain: ClockDomain::new(clock),
            cycle_base: 0,
            insts_total: 0,
            pending_access: None,
            os_actions: OsActions::default(),
            insts_since_yield: 0,
            kicked: false,
            wake_at: None,
            wake_armed: None,
            idle_exit: None,
            fs: None,
        }
    }

    /// Name this CPU's requests after component `me` (`cpu.inst`, `cpu.data`) for
    /// the per-requestor stats of the caches and memories below.
    pub fn set_requestor_ids(&mut self, me: sim_core::component::ComponentId) {
        use sim_core::stats::requestors::{requestor_id, RequestorPort};
        self.inst_requestor.id = requestor_id(me, RequestorPort::Inst);
        self.requestor.id = requestor_id(me, RequestorPort::Data);
    }

    /// Take the backdoor the data port offered. `always_present`: the CPU sends
    /// every access as a packet anyway (timing CPU), so host pointers may sit in
    /// the TLB even behind caches.
    pub fn set_backdoor(&mut self, backdoor: Option<Backdoor>, always_present: bool) {
        let data_only = backdoor.as_ref().is_some_and(|b| b.data_only);
        self.host_in_tlb = backdoor.is_some() && (always_present || !data_only);
        self.present_atomic = !always_present && data_only;
        self.backdoor = backdoor;
        self.tlb.flush();
    }

    /// Host pointer of `[paddr, paddr + len)` if the backdoor covers it, else 0.
    pub(super) fn backdoor_host(&self, paddr: u64, len: usize) -> usize {
        match &self.backdoor {
            Some(bd)
                if bd.range.contains(Addr(paddr))
                    && bd.range.contains(Addr(paddr + len as u64 - 1)) =>
            {
                bd.store
                    .host_ptr(Addr(paddr), len)
                    .map_or(0, |p| p as usize)
            }
            _ => 0,
        }
    }

    /// Translate `vaddr`, filling the TLB on a miss.
    #[inline(never)]
    fn translate_slow(&mut self, vaddr: u64, access: MemAccess) -> Result<Hit, Fault> {
        if self.fs.is_some() {
            return self.translate_fs(vaddr, access);
        }
        let page = vaddr & !(PAGE_SIZE - 1);
        let paddr = match self.os.as_mut() {
            Some(os) => {
                os.translate(Addr(page), access)
                    .map_err(|f| match f {
                        // The page was asked for; the fault names the address accessed.
                        Fault::PageFault { access, .. } => Fault::PageFault {
                            addr: Addr(vaddr),
                            access,
                        },
                        Fault::AccessFault { access, .. } => Fault::AccessFault {
                            addr: Addr(vaddr),
                            access,
                        },
                        other => other,
                    })?
                    .0
            }
            None => page,
        };
        let host = if self.host_in_tlb {
            self.backdoor_host(paddr, PAGE_SIZE as usize)
        } else {
            0
        };
        let hit = Hit { paddr, host };
        self.tlb.insert(vaddr, access, hit);
        Ok(hit)
    }

    /// Drop the TLB and the decoded instructions.
    pub fn flush_translations(&mut self) {
        self.tlb.flush();
        self.decoded.flush();
    }

    /// Drop the TLB and decoded instructions if the OS's mappings changed since they
    /// were filled (another CPU unmapped or remapped something). The atomic CPU calls
    /// it once per batch (no other CPU runs inside one); [`Core::translate`] and
    /// [`Core::initiate_access`] on every call (the timing CPU's fetches and data
    /// accesses interleave with other CPUs' events).
    #[inline(always)]
    pub fn sync_mappings(&mut self) {
        if let Some(epoch) = &self.epoch {
            let now = epoch.current();
            if now != self.seen_epoch {
                self.seen_epoch = now;
                self.flush_translations();
            }
        }
    }

    /// Translate the page of `vaddr` for `access`.
    #[inline(always)]
    pub fn translate(&mut self, vaddr: u64, access: MemAccess) -> Result<Hit, Fault> {
        self.sync_mappings();
        match self.tlb.lookup(vaddr, access) {
            Some(h) => Ok(h),
            None => self.translate_slow(vaddr, access),
        }
    }

    /// The one piece of an access of `size` bytes at `vaddr` that stays inside a
    /// line of a page the TLB maps to host memory (the usual access), if it is one.
    #[inline(always)]
    fn host_piece(&self, vaddr: u64, size: usize, kind: AccessKind) -> Option<Fragment> {
        debug_assert!((1..=8).contains(&size), "data accesses are 1 to 8 bytes");
        if (vaddr & (LINE_BYTES - 1)) + size as u64 > LINE_BYTES {
            return None;
        }
        let hit = self.tlb.lookup(vaddr, kind.mem_access())?;
        if hit.host == 0 {
            return None;
        }
        let off = vaddr & (PAGE_SIZE - 1);
        Some(Fragment {
            paddr: hit.paddr + off,
            size: size as u8,
            offset: 0,
            host: hit.host + off as usize,
        })
    }

    /// Translate an access of `size` (1..=8) bytes into its cache-line pieces.
    ///
    /// Inlined for the usual access ([`Core::host_piece`]); the rest out of line.
    #[inline(always)]
    pub fn translate_access(
        &mut self,
        vaddr: u64,
        size: usize,
        kind: AccessKind,
        flags: MemFlags,
    ) -> Result<DataAccess, Fault> {
        match self.host_piece(vaddr, size, kind) {
            Some(piece) => Ok(DataAccess::one_piece(kind, flags, piece)),
            None => self.translate_pieces(vaddr, size, kind, flags),
        }
    }

    /// Translate an access for the timing CPU into [`Core::pending_access`], built
    /// in place (an access is about 90 bytes: returning it costs copies).
    #[inline(always)]
    pub fn initiate_access(
        &mut self,
        vaddr: u64,
        size: usize,
        kind: AccessKind,
        flags: MemFlags,
    ) -> Result<(), Fault> {
        // `host_piece` reads the TLB directly: another CPU may have unmapped the
        // page since this instruction was fetched.
        self.sync_mappings();
        if let Some(piece) = self.host_piece(vaddr, size, kind) {
            self.pending_access = Some(DataAccess::one_piece(kind, flags, piece));
            return Ok(());
        }
        self.pending_access = Some(self.translate_pieces(vaddr, size, kind, flags)?);
        Ok(())
    }

    /// [`Core::translate_access`] for any access.
    #[inline(never)]
    fn translate_pieces(
        &mut self,
        vaddr: u64,
        size: usize,
        kind: AccessKind,
        flags: MemFlags,
    ) -> Result<DataAccess, Fault> {
        let mut frags = [Fragment::default(); 2];
        let mut n = 0;
        let mut done = 0;
        while done < size {
            let va = vaddr.wrapping_add(done as u64);
            // Lines never cross pages, so each piece has one translation.
            let chunk = ((LINE_BYTES - (va & (LINE_BYTES - 1))) as usize).min(size - done);
            let hit = self.translate(va, kind.mem_access())?;
            let off = (va & (PAGE_SIZE - 1)) as usize;
            let paddr = hit.paddr + off as u64;
            let host = if hit.host != 0 {
                hit.host + off
            } else {
                self.backdoor_host(paddr, chunk)
            };
            frags[n] = Fragment {
                paddr,
                size: chunk as u8,
                offset: done as u8,
                host,
            };
            n += 1;
            done += chunk;
        }
        Ok(DataAccess {
            kind,
            size: size as u8,
            flags: req_flags(flags),
            frags,
            nfrags: n as u8,
        })
    }

    /// The immediate path for accesses off the backdoor fast path: pieces without a
    /// host pointer go out as data-carrying atomic packets; behind caches every piece
    /// is presented as a `TIMING_ONLY` packet; then the access completes.
    #[inline(never)]
    pub fn access_atomic(
        &mut self,
        vaddr: u64,
        size: usize,
        kind: AccessKind,
        flags: MemFlags,
        pc: u64,
        ctx: &mut Ctx,
    ) -> Result<u64, Fault> {
        let da = self.translate_access(vaddr, size, kind, flags)?;
        let mut resp = [0u8; 8];
        if !da.sc_already_failed(&self.monitor) {
            for (i, f) in da.fragments().iter().enumerate() {
                if f.host == 0 || self.present_atomic {
                    let mut pkt = da.packet(i, self.requestor, pc);
                    if f.host == 0 && self.fs.is_some() {
                        // Device registers (full system): never cached.
                        pkt.flags = pkt.flags | ReqFlags::UNCACHEABLE;
                    }
                    ctx.send_atomic(DCACHE_PORT, &mut pkt);
                    let (at, len) = (f.offset as usize, f.size as usize);
                    if f.host == 0 && pkt.data.len() >= len {
                        resp[at..at + len].copy_from_slice(&pkt.data[..len]);
                    }
                }
            }
        }
        Ok(da.perform(&self.monitor, &resp))
    }

    /// Load `size` bytes (any alignment); the TLB hit path reads host memory directly.
    #[inline(always)]
    pub fn load(&mut self, vaddr: u64, size: usize, pc: u64, ctx: &mut Ctx) -> Result<u64, Fault> {
        if let Some(h) = self.tlb.lookup(vaddr, MemAccess::Load) {
            let off = (vaddr & (PAGE_SIZE - 1)) as usize;
            if h.host != 0 && off + size <= PAGE_SIZE as usize {
                // SAFETY: the host page is valid and the access stays inside it.
                let p = (h.host + off) as *const u8;
                return Ok(unsafe {
                    match size {
                        1 => *p as u64,
                        2 => (p as *const u16).read_unaligned() as u64,
                        4 => (p as *const u32).read_unaligned() as u64,
                        _ => (p as *const u64).read_unaligned(),
                    }
                });
            }
        }
        self.access_atomic(vaddr, size, AccessKind::Read, MemFlags::NONE, pc, ctx)
    }

    /// Store the low `size` bytes of `v` (any alignment).
    #[inline(always)]
    pub fn store(
        &mut self,
        vaddr: u64,
        size: usize,
        v: u64,
        pc: u64,
        ctx: &mut Ctx,
    ) -> Result<(), Fault> {
        if let Some(h) = self.tlb.lookup(vaddr, MemAccess::Store) {
            let off = (vaddr & (PAGE_SIZE - 1)) as usize;
            if h.host != 0 && off + size <= PAGE_SIZE as usize {
                let p = (h.host + off) as *mut u8;
                // SAFETY: the host page is valid and the access stays inside it.
                unsafe {
                    match size {
                        1 => *p = v as u8,
                        2 => (p as *mut u16).write_unaligned(v as u16),
                        4 => (p as *mut u32).write_unaligned(v as u32),
                        _ => (p as *mut u64).write_unaligned(v),
                    }
                }
                self.monitor.observe_store(h.paddr + off as u64, size);
                return Ok(());
            }
        }
        self.access_atomic(vaddr, size, AccessKind::Write(v), MemFlags::NONE, pc, ctx)
            .map(drop)
    }

    /// Read instruction bytes at a virtual address (no packets when a backdoor
    /// covers them: fetches are presented separately, see [`Core::present_fetch`]).
    fn read_code(&mut self, vaddr: u64, buf: &mut [u8], ctx: &mut Ctx) -> Result<(), Fault> {
        let mut done = 0;
        while done < buf.len() {
            let va = vaddr.wrapping_add(done as u64);
            let off = va & (PAGE_SIZE - 1);
            let chunk = ((PAGE_SIZE - off) as usize).min(buf.len() - done);
            let hit = self.translate(va, MemAccess::Fetch)?;
            let paddr = hit.paddr + off;
            let dst = &mut buf[done..done + chunk];
            let host = match hit.host {
                0 => self.backdoor_host(paddr, chunk),
                h => h + off as usize,
            };
            if host != 0 {
                // SAFETY: the backdoor covers these `chunk` bytes (checked above).
                unsafe {
                    std::ptr::copy_nonoverlapping(host as *const u8, dst.as_mut_ptr(), chunk)
                };
            } else {
                let mut pkt = Packet::read(
                    Addr(paddr),
                    chunk,
                    ReqFlags::INST_FETCH,
                    self.inst_requestor,
                );
                ctx.send_atomic(ICACHE_PORT, &mut pkt);
                dst.copy_from_slice(&pkt.data[..chunk]);
            }
            done += chunk;
        }
        Ok(())
    }

    /// Fetch and decode the instruction at `pc` through the backdoor (or atomic
    /// packets where none covers it), caching it.
    #[inline(never)]
    pub fn fetch_decode(&mut self, pc: u64, ctx: &mut Ctx) -> Result<I::Inst, Fault> {
        let mut buf = [0u8; 16];
        let max = I::MAX_INST_BYTES.min(16);
        let in_page = ((PAGE_SIZE - (pc & (PAGE_SIZE - 1))) as usize).min(max);
        self.read_code(pc, &mut buf[..in_page], ctx)?;
        let inst = match I::decode(&buf[..in_page], Addr(pc)) {
            Err(DecodeError::Truncated { need }) if (need as usize) <= max => {
                // The instruction crosses into the next page.
                let need = need as usize;
                self.read_code(pc + in_page as u64, &mut buf[in_page..need], ctx)?;
                I::decode(&buf[..need], Addr(pc))
            }
            other => other,
        }
        .map_err(|err| Fault::Decode { pc: Addr(pc), err })?;
        self.cache_decoded(pc, inst, inst.flags());
        Ok(inst)
    }

    /// Put a newly decoded instruction into the decode cache and make its stats
    /// profile known.
    pub fn cache_decoded(&mut self, pc: u64, inst: I::Inst, flags: InstFlags) {
        self.decoded.insert(pc, inst, flags);
        self.stats.note_decoded(&inst);
    }

    /// Atomic CPU behind caches: present the fetch of the `size`-byte instruction at
    /// `pc` as `TIMING_ONLY` fetch packets, one per aligned fetch word it touches.
    pub fn present_fetch(&mut self, pc: u64, size: u8, ctx: &mut Ctx) -> Result<(), Fault> {
        let first = pc & !(FETCH_BYTES - 1);
        let last = (pc + size.max(1) as u64 - 1) & !(FETCH_BYTES - 1);
        let mut word = first;
        while word <= last {
            let hit = self.translate(word, MemAccess::Fetch)?;
            let paddr = hit.paddr + (word & (PAGE_SIZE - 1));
            let flags = ReqFlags::INST_FETCH | ReqFlags::TIMING_ONLY;
            let mut pkt = Packet::command(
                MemCmd::FetchReq,
                Addr(paddr),
                FETCH_BYTES as usize,
                flags,
                self.inst_requestor,
            );
            pkt.pc = pc;
            ctx.send_atomic(ICACHE_PORT, &mut pkt);
            word += FETCH_BYTES;
        }
        Ok(())
    }
}
