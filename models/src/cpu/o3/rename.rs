//! Rename and dispatch. Rename (`renameWidth` a cycle, `decodeToRenameDelay`
//! after decode) maps sources to physical registers and gives each
//! destination a free one, once the ROB, the issue queue, the load or store
//! queue and the free list have room (else it stalls and counts a full
//! event); an at-head instruction stops it until that instruction commits.
//! Dispatch (`renameToIEWDelay` later) puts instructions into the issue
//! queue, where they wait for their sources' producers.

use super::dyn_inst::{ExecKind, NEVER, NO_PHYS};
use super::regfile::class_slot;
use super::O3Cpu;
use sim_core::arch::{InstFlags, Isa, StaticInst};

impl<I: Isa> O3Cpu<I> {
    /// The rename stage of this cycle.
    pub(super) fn rename_stage(&mut self) {
        let now = self.cycle;
        if self.serial_block {
            if self.rename_next < self.decode_next {
                self.stats.rename_serialize_stall_cycles += 1;
            }
            return;
        }
        let p = &self.params;
        let (width, delay) = (p.rename_width, p.decode_to_rename_delay);
        let (rob, iq) = (p.num_rob_entries as u64, p.num_iq_entries as u64);
        let mut n = 0;
        while n < width && self.rename_next < self.decode_next {
            let seq = self.rename_next;
            let slot = self.slot(seq);
            let d = &self.ring[slot];
            if d.decode_cycle + delay > now {
                break;
            }
            if seq - self.head >= rob {
                self.stats.rename_rob_full += 1;
                break;
            }
            let queued = matches!(d.kind, ExecKind::Ordinary | ExecKind::Memory);
            if queued && self.iq_count as u64 + (seq - self.dispatch_next) >= iq {
                self.stats.rename_iq_full += 1;
                break;
            }
            let (load, store) = (d.is_load(), d.is_store());
            if load && self.lq.is_full() {
                self.stats.rename_lq_full += 1;
                break;
            }
            if store && self.sq.is_full() {
                self.stats.rename_sq_full += 1;
                break;
            }
            let kind = d.kind;
            if kind == ExecKind::AtHead || kind == ExecKind::FaultOnly {
                let d = &mut self.ring[slot];
                d.rename_cycle = now;
                d.ticks.rename = now * self.period;
                self.rename_next += 1;
                self.stats.rename_insts += 1;
                if kind == ExecKind::AtHead {
                    self.serial_block = true;
                    self.stats.rename_serializing += 1;
                    break;
                }
                n += 1;
                continue;
            }
            let inst = d.inst.expect("decoded");
            let mut regs = [sim_core::arch::RegId::int(0); 8];
            let nd = inst.dests(&mut regs);
            let mut need = [0usize; 3];
            for r in &regs[..nd] {
                if let Some(c) = class_slot(r.class) {
                    need[c] += 1;
                }
            }
            if (0..3).any(|c| self.rf.free_count(c) < need[c]) {
                self.stats.rename_full_registers += 1;
                break;
            }
            let d = &mut self.ring[slot];
            let ns = inst.srcs(&mut d.src);
            d.nsrc = ns as u8;
            for i in 0..ns {
                d.src_phys[i] = self.rf.lookup(d.src[i]);
            }
            d.ndst = nd as u8;
            for (i, &r) in regs[..nd].iter().enumerate() {
                d.dst[i] = r;
                let (new, prev) = self.rf.rename_dest(r);
                d.dst_phys[i] = new;
                d.dst_prev[i] = prev;
            }
            d.rename_cycle = now;
            d.ticks.rename = now * self.period;
            self.stats.rename_lookups += ns as u64;
            self.stats.rename_operands += nd as u64;
            if load {
                self.lq.push(seq);
            } else if store {
                self.sq.push(seq);
            }
            self.rename_next += 1;
            self.stats.rename_insts += 1;
            n += 1;
        }
        if n == 0 {
            self.stats.rename_idle_cycles += 1;
        } else {
            self.stats.rename_run_cycles += 1;
        }
    }

    /// The dispatch stage of this cycle.
    pub(super) fn dispatch_stage(&mut self) {
        let now = self.cycle;
        let (width, delay) = (self.params.dispatch_width, self.params.rename_to_iew_delay);
        let mut n = 0;
        while n < width && self.dispatch_next < self.rename_next {
            let seq = self.dispatch_next;
            let slot = self.slot(seq);
            let d = &mut self.ring[slot];
            if d.rename_cycle + delay > now {
                break;
            }
            if matches!(d.kind, ExecKind::Ordinary | ExecKind::Memory)
                && self.iq_count >= self.params.num_iq_entries
            {
                self.stats.iew_iq_full += 1;
                break;
            }
            self.dispatch_next += 1;
            n += 1;
            d.ticks.dispatch = now * self.period;
            self.stats.iew_dispatched += 1;
            self.stats.rob_writes += 1;
            match d.kind {
                ExecKind::FaultOnly => {
                    d.done_cycle = now;
                    d.ticks.complete = now * self.period;
                }
                ExecKind::AtHead => self.stats.iew_disp_non_spec += 1,
                ExecKind::Ordinary | ExecKind::Memory => {
                    if d.flags.has(InstFlags::LOAD) {
                        self.stats.iew_disp_loads += 1;
                    } else if d.flags.has(InstFlags::STORE) {
                        self.stats.iew_disp_stores += 1;
                    }
                    let uid = d.uid;
                    self.insert_iq(slot, uid);
                }
            }
        }
    }

    /// Put the renamed instruction in `slot` into the issue queue.
    fn insert_iq(&mut self, slot: usize, uid: u64) {
        self.iq_count += 1;
        self.stats.iq_insts_added += 1;
        let d = &mut self.ring[slot];
        d.in_iq = true;
        let mut pending = 0;
        let mut ready_at = 0;
        for i in 0..d.nsrc as usize {
            let p = d.src_phys[i];
            if p == NO_PHYS {
                continue;
            }
            let r = self.rf.ready_at[p as usize];
            if r == NEVER {
                pending += 1;
                self.rf.waiters[p as usize].push((slot as u16, uid));
            } else {
                ready_at = ready_at.max(r);
            }
        }
        d.pending = pending;
        d.ready_at = ready_at;
        if d.kind == ExecKind::Memory {
            pending += self.predict_store_dependence(slot, uid);
        }
        let d = &mut self.ring[slot];
        d.pending = pending;
        if pending == 0 {
            self.make_ready(slot, ready_at);
        }
    }

    /// The instruction in `slot` has all its sources from cycle `at` on.
    pub(super) fn make_ready(&mut self, slot: usize, at: u64) {
        if at <= self.cycle {
            self.ready[slot / 64] |= 1 << (slot % 64);
        } else {
            let uid = self.ring[slot].uid;
            let w = self.wheel.len() as u64;
            let at = at.min(self.cycle + w - 1);
            self.wheel[(at % w) as usize].push((slot as u16, uid));
        }
    }

    /// Physical register `p` is ready at cycle `at`: wake the instructions
    /// waiting for it.
    pub(super) fn produce(&mut self, p: u16, at: u64) {
        if p == NO_PHYS {
            return;
        }
        self.rf.ready_at[p as usize] = at;
        let mut waiters = std::mem::take(&mut self.rf.waiters[p as usize]);
        for &(slot, uid) in &waiters {
            self.wake_one(slot as usize, uid, at);
        }
        waiters.clear();
        self.rf.waiters[p as usize] = waiters;
    }

    /// One source of instruction `uid` (in `slot`) is ready at `at`.
    pub(super) fn wake_one(&mut self, slot: usize, uid: u64, at: u64) {
        let d = &mut self.ring[slot];
        if d.uid != uid || !d.in_iq || d.pending == 0 {
            return;
        }
        d.ready_at = d.ready_at.max(at);
        d.pending -= 1;
        if d.pending == 0 {
            let at = d.ready_at;
            self.make_ready(slot, at);
        }
    }

    /// Move the instructions whose sources are ready this cycle to the ready set.
    pub(super) fn wake_due(&mut self) {
        let w = self.wheel.len();
        let i = (self.cycle % w as u64) as usize;
        if self.wheel[i].is_empty() {
            return;
        }
        let mut due = std::mem::take(&mut self.wheel[i]);
        for &(slot, uid) in &due {
            let slot = slot as usize;
            let d = &self.ring[slot];
            if d.uid != uid || !d.in_iq || d.pending != 0 {
                continue;
            }
            let at = d.ready_at;
            self.make_ready(slot, at);
        }
        due.clear();
        if self.wheel[i].is_empty() {
            self.wheel[i] = due;
        }
    }
}
