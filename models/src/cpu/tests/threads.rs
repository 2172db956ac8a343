//! The CPU side of thread scheduling, against a scripted OS.

use super::*;
use crate::cpu::os::{OsOutcome, QUANTUM_INSTS};
use sim_core::arch::{Fault, MemAccess};
use sim_core::Addr;
use std::sync::Mutex;

#[derive(Default)]
struct Shared {
    ready: Vec<(ToyRegs, u64)>,
    switched_out: Vec<(ToyRegs, u64)>,
}

/// Syscall 1 (r7) makes a thread starting at r8 runnable and wakes `wake`;
/// any other number blocks the caller. Threads are handed out last-in first-out.
struct ScriptedOs {
    shared: Arc<Mutex<Shared>>,
    wake: ComponentId,
}

impl ThreadOs<ToyRegs> for ScriptedOs {
    fn translate(&mut self, vaddr: Addr, _access: MemAccess) -> Result<Addr, Fault> {
        Ok(vaddr)
    }
    fn syscall(&mut self, regs: &mut ToyRegs, _next_pc: u64, _now: Tick) -> OsOutcome {
        if regs.0[7] == 1 {
            let child = ToyRegs::default();
            self.shared.lock().unwrap().ready.push((child, regs.0[8]));
            OsOutcome {
                wake: vec![self.wake],
                ..OsOutcome::default()
            }
        } else {
            OsOutcome {
                deschedule: true,
                ..OsOutcome::default()
            }
        }
    }
    fn switch_out(&mut self, regs: &ToyRegs, pc: u64) {
        let mut s = self.shared.lock().unwrap();
        s.switched_out.push((regs.clone(), pc));
    }
    fn switch_in(&mut self, _now: Tick) -> Option<(ToyRegs, u64)> {
        self.shared.lock().unwrap().ready.pop()
    }
    fn should_yield(&mut self, _now: Tick) -> bool {
        !self.shared.lock().unwrap().ready.is_empty()
    }
}

fn os(shared: &Arc<Mutex<Shared>>, wake: u32) -> Option<Box<dyn ThreadOs<ToyRegs>>> {
    Some(Box::new(ScriptedOs {
        shared: shared.clone(),
        wake: ComponentId(wake),
    }))
}

fn idle(sys: &System, id: u32) -> bool {
    let c = sys.component(ComponentId(id)).as_any();
    match c.downcast_ref::<AtomicCpu<Toy>>() {
        Some(cpu) => cpu.is_idle(),
        None => c.downcast_ref::<TimingCpu<Toy>>().unwrap().is_idle(),
    }
}

#[test]
fn a_syscall_wakes_an_idle_cpu_and_a_blocked_thread_leaves_its_cpu_idle() {
    for kind in [Kind::Atomic, Kind::Timing] {
        let shared = Arc::new(Mutex::new(Shared::default()));
        let parent = concat(&[ecall(), addi(7, 0, 2), ecall(), m5(0x22)]);
        let child = concat(&[addi(1, 0, 42), addi(1, 1, 0), m5(0x21)]);
        let mut r = ToyRegs::default();
        r.0[7] = 1;
        r.0[8] = CODE + 0x100;
        let mut a = CpuSpec::new(kind, r, CODE);
        a.os = os(&shared, 1);
        let mut b = CpuSpec::new(kind, ToyRegs::default(), 0);
        b.os = os(&shared, 1);
        b.start_idle = true;
        let mem = TestMem::new(memory::store(1 << 16), 4, Tick(1000), Door::DataOnly);
        let mut sys = system(vec![a, b], mem, &[(CODE, parent), (CODE + 0x100, child)]);
        assert_eq!(sys.simulate(Some(LIMIT)), ExitCause::m5_exit(0), "{kind:?}");
        assert_eq!(
            regs(&sys, 1).0[1],
            42,
            "{kind:?}: the woken CPU ran the child"
        );
        assert!(idle(&sys, 0), "{kind:?}: the blocked parent's CPU is idle");
        let s = shared.lock().unwrap();
        assert_eq!(s.switched_out.len(), 1);
        assert_eq!(
            s.switched_out[0].1,
            CODE + 12,
            "resumes after the blocking ecall"
        );
        assert_eq!(s.switched_out[0].0 .0[7], 2);
    }
}

#[test]
fn a_waiting_thread_gets_the_cpu_after_a_quantum() {
    for kind in [Kind::Atomic, Kind::Timing] {
        let shared = Arc::new(Mutex::new(Shared::default()));
        let spin = concat(&[addi(1, 1, 1), bne(15, 0, -4)]);
        let other = concat(&[addi(1, 0, 42), m5(0x21)]);
        shared
            .lock()
            .unwrap()
            .ready
            .push((ToyRegs::default(), CODE + 0x100));
        let mut r = ToyRegs::default();
        r.0[15] = 1;
        let mut a = CpuSpec::new(kind, r, CODE);
        a.os = os(&shared, 0);
        let mem = TestMem::new(memory::store(1 << 16), 2, Tick(1000), Door::Direct);
        let mut sys = system(vec![a], mem, &[(CODE, spin), (CODE + 0x100, other)]);
        assert_eq!(sys.simulate(Some(LIMIT)), ExitCause::m5_exit(0), "{kind:?}");
        assert_eq!(regs(&sys, 0).0[1], 42);
        let s = shared.lock().unwrap();
        assert_eq!(s.switched_out.len(), 1);
        assert_eq!(s.switched_out[0].0 .0[1], QUANTUM_INSTS / 2, "{kind:?}");
    }
}

/// Syscall 3 kills the thread of the `victim` CPU (as another thread's
/// `exit_group` would) and wakes that CPU; the victim's `should_yield` then says
/// go, and no thread is left for it.
struct KillingOs {
    shared: Arc<Mutex<Shared>>,
    killed: Arc<Mutex<bool>>,
    victim: ComponentId,
    is_victim: bool,
}

impl ThreadOs<ToyRegs> for KillingOs {
    fn translate(&mut self, vaddr: Addr, _access: MemAccess) -> Result<Addr, Fault> {
        Ok(vaddr)
    }
    fn syscall(&mut self, regs: &mut ToyRegs, _next_pc: u64, _now: Tick) -> OsOutcome {
        assert_eq!(regs.0[7], 3, "only the kill syscall is scripted");
        *self.killed.lock().unwrap() = true;
        OsOutcome {
            wake: vec![self.victim],
            ..OsOutcome::default()
        }
    }
    fn switch_out(&mut self, regs: &ToyRegs, pc: u64) {
        let mut s = self.shared.lock().unwrap();
        s.switched_out.push((regs.clone(), pc));
    }
    fn switch_in(&mut self, _now: Tick) -> Option<(ToyRegs, u64)> {
        None
    }
    fn should_yield(&mut self, _now: Tick) -> bool {
        self.is_victim && *self.killed.lock().unwrap()
    }
}

#[test]
fn a_thread_killed_from_another_cpu_stops_before_its_next_instruction() {
    for kind in [Kind::Atomic, Kind::Timing] {
        let shared = Arc::new(Mutex::new(Shared::default()));
        let killed = Arc::new(Mutex::new(false));
        let os = |is_victim: bool| -> Option<Box<dyn ThreadOs<ToyRegs>>> {
            Some(Box::new(KillingOs {
                shared: shared.clone(),
                killed: killed.clone(),
                victim: ComponentId(1),
                is_victim,
            }))
        };
        // CPU 0 counts r2 down from 100, kills CPU 1's thread, then runs well
        // past a quantum (r4 from 3 * QUANTUM_INSTS / 2) before exiting.
        let killer = concat(&[
            addi(2, 2, -1),
            bne(2, 0, -4),
            ecall(),
            addi(4, 4, -1),
            bne(4, 0, -4),
            m5(0x21),
        ]);
        // CPU 1 spins, counting iterations in r1.
        let spin = concat(&[addi(1, 1, 1), bne(15, 0, -4)]);
        let mut k = ToyRegs::default();
        k.0[2] = 100;
        k.0[4] = 3 * QUANTUM_INSTS / 2;
        k.0[7] = 3;
        let mut a = CpuSpec::new(kind, k, CODE);
        a.os = os(false);
        let mut v = ToyRegs::default();
        v.0[15] = 1;
        let mut b = CpuSpec::new(kind, v, CODE + 0x100);
        b.os = os(true);
        let mem = TestMem::new(memory::store(1 << 16), 4, Tick(1000), Door::Direct);
        let mut sys = system(vec![a, b], mem, &[(CODE, killer), (CODE + 0x100, spin)]);
        assert_eq!(sys.simulate(Some(LIMIT)), ExitCause::m5_exit(0), "{kind:?}");
        assert!(idle(&sys, 1), "{kind:?}: the victim's CPU is idle");
        let s = shared.lock().unwrap();
        assert_eq!(s.switched_out.len(), 1, "{kind:?}: only the victim left");
        let iterations = s.switched_out[0].0 .0[1];
        // Both CPUs run at the same pace: the victim did about as many loop
        // iterations as the killer before its ecall (100), not a quantum's worth.
        assert!(
            (90..=110).contains(&iterations),
            "{kind:?}: the victim ran {iterations} iterations"
        );
    }
}
