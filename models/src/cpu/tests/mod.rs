//! CPU model tests on a toy ISA ([`toy_isa`]) and a test memory ([`memory`]).

mod memory;
mod threads;
mod toy_isa;

use super::{
    AtomicCpu, AtomicCpuParams, MinorCpu, MinorCpuParams, ReservationMonitor, ThreadOs, TimingCpu,
    TimingCpuParams,
};
use memory::{Door, TestMem};
use sim_core::exit::ExitCause;
use sim_core::{ComponentId, System, SystemBuilder, Tick};
use std::sync::Arc;
use toy_isa::{asm::*, Toy, ToyRegs};

const CODE: u64 = 0x1000;
const DATA: u64 = 0x2000;
const LIMIT: Tick = Tick(10_000_000_000);

#[derive(Copy, Clone, Debug, PartialEq, Eq)]
enum Kind {
    Atomic,
    Timing,
    Minor,
}

/// How to build one CPU of a test system.
struct CpuSpec {
    kind: Kind,
    regs: ToyRegs,
    pc: u64,
    os: Option<Box<dyn ThreadOs<ToyRegs>>>,
    monitor: Option<Arc<ReservationMonitor>>,
    start_idle: bool,
}

impl CpuSpec {
    fn new(kind: Kind, regs: ToyRegs, pc: u64) -> Self {
        CpuSpec {
            kind,
            regs,
            pc,
            os: None,
            monitor: None,
            start_idle: false,
        }
    }

    fn build(self) -> Box<dyn sim_core::component::Component> {
        match self.kind {
            Kind::Atomic => {
                let p = AtomicCpuParams {
                    monitor: self.monitor,
                    start_idle: self.start_idle,
                    ..Default::default()
                };
                Box::new(AtomicCpu::<Toy>::new(p, self.regs, self.pc, self.os))
            }
            Kind::Timing => {
                let p = TimingCpuParams {
                    monitor: self.monitor,
                    start_idle: self.start_idle,
                    ..Default::default()
                };
                Box::new(TimingCpu::<Toy>::new(p, self.regs, self.pc, self.os))
            }
            Kind::Minor => {
                let mut p = MinorCpuParams::default();
                p.base.monitor = self.monitor;
                p.base.start_idle = self.start_idle;
                Box::new(MinorCpu::<Toy>::new(p, self.regs, self.pc, self.os))
            }
        }
    }
}

/// A system of CPUs (ids 0..n) sharing one test memory (id n) with `programs`
/// loaded at their addresses.
fn system(cpus: Vec<CpuSpec>, mem: TestMem, programs: &[(u64, Vec<u8>)]) -> System {
    for (at, bytes) in programs {
        mem.store.write(sim_core::Addr(*at), bytes).unwrap();
    }
    let n = cpus.len();
    let mut mem = mem;
    mem.ports = 2 * n;
    let mut b = SystemBuilder::new();
    let ids: Vec<ComponentId> = cpus
        .into_iter()
        .enumerate()
        .map(|(i, c)| b.add(&format!("system.cpu{i}"), c.build()).unwrap())
        .collect();
    let m = b.add("system.mem", Box::new(mem)).unwrap();
    for (i, id) in ids.iter().enumerate() {
        b.connect_named(*id, "icache_port", m, &format!("port[{}]", 2 * i))
            .unwrap();
        b.connect_named(*id, "dcache_port", m, &format!("port[{}]", 2 * i + 1))
            .unwrap();
    }
    b.build().unwrap()
}

fn regs(sys: &System, id: u32) -> ToyRegs {
    let c = sys.component(ComponentId(id)).as_any();
    if let Some(cpu) = c.downcast_ref::<AtomicCpu<Toy>>() {
        return cpu.regs().clone();
    }
    if let Some(cpu) = c.downcast_ref::<MinorCpu<Toy>>() {
        return cpu.regs().clone();
    }
    c.downcast_ref::<TimingCpu<Toy>>().unwrap().regs().clone()
}

fn mem_of(sys: &System, id: u32) -> &TestMem {
    sys.component(ComponentId(id))
        .as_any()
        .downcast_ref::<TestMem>()
        .unwrap()
}

fn concat(parts: &[Vec<u8>]) -> Vec<u8> {
    parts.concat()
}

/// Loads, stores, a line-crossing access, LR/SC and an AMO, with instructions
/// straddling fetch words. Returns the program and its initial registers.
fn mixed_program() -> (Vec<u8>, ToyRegs) {
    let code = concat(&[
        ld(2, 3, 0), // loop:
        addi(2, 2, 3),
        sd(2, 3, 0),
        nop2(),
        addi(1, 1, -1),
        bne(1, 0, -18),
        nop2(),
        sd(2, 5, 0), // misaligned, crosses a cache line
        ld(6, 5, 0),
        lr(7, 3),
        addi(7, 7, 1),
        sc(8, 3, 7),
        sc(9, 3, 7),
        addi(10, 0, 2),
        amoadd(11, 3, 10),
        ld(12, 3, 0),
        m5(0x21),
    ]);
    let mut r = ToyRegs::default();
    r.0[1] = 5;
    r.0[3] = DATA;
    r.0[5] = DATA + 0x3d;
    (code, r)
}

fn expected_mixed(r: &ToyRegs) {
    assert_eq!(r.0[2], 15, "five rounds of +3");
    assert_eq!(r.0[6], 15, "line-crossing store then load");
    assert_eq!((r.0[7], r.0[8], r.0[9]), (16, 0, 1), "SC succeeds once");
    assert_eq!((r.0[11], r.0[12]), (16, 18), "AMO returns the old value");
}

/// Run the mixed program on one CPU; returns registers, end tick and the memory.
fn run_mixed(kind: Kind, door: Door, refuse_every: u64) -> (ToyRegs, Tick, System) {
    let (code, r) = mixed_program();
    let mut mem = TestMem::new(memory::store(1 << 16), 2, Tick(3000), door);
    mem.refuse_every = refuse_every;
    let mut sys = system(vec![CpuSpec::new(kind, r, CODE)], mem, &[(CODE, code)]);
    let cause = sys.simulate(Some(LIMIT));
    assert_eq!(cause, ExitCause::m5_exit(0), "{kind:?} {door:?}");
    (regs(&sys, 0), sys.now(), sys)
}

#[test]
fn timing_cpu_computes_what_the_atomic_cpu_does_and_takes_longer() {
    for door in [Door::Direct, Door::DataOnly, Door::Closed] {
        let (atomic, atomic_end, _) = run_mixed(Kind::Atomic, door, 0);
        let (timing, timing_end, sys) = run_mixed(Kind::Timing, door, 0);
        expected_mixed(&atomic);
        assert_eq!(atomic, timing, "{door:?}");
        assert!(
            timing_end.0 > 3 * atomic_end.0,
            "{door:?}: timing {timing_end} vs atomic {atomic_end}"
        );
        let mem = mem_of(&sys, 1);
        // 41 instructions; the two 4-byte ones after the loop's nop2 straddle two
        // fetch words each, five times; and the fetch after the exit goes out too
        // (so a resumed simulation continues).
        assert_eq!(mem.fetches, 41 + 2 * 5 + 1, "{door:?}");
        assert_eq!(mem.reads, 5 + 2 + 1 + 1, "loads (two split in pieces), LR");
        assert_eq!(mem.writes, 5 + 2 + 1, "stores (one split), one SC");
        assert_eq!(mem.others, 1, "the AMO");
        let all = mem.fetches + mem.reads + mem.writes + mem.others;
        let want = if door == Door::Closed { 0 } else { all };
        assert_eq!(mem.timing_only, want, "{door:?}");
    }
}

#[test]
fn minor_cpu_computes_what_the_atomic_cpu_does_and_fetches_lines() {
    for door in [Door::Direct, Door::DataOnly] {
        let (atomic, _, _) = run_mixed(Kind::Atomic, door, 0);
        let (minor, _, sys) = run_mixed(Kind::Minor, door, 0);
        assert_eq!(atomic, minor, "{door:?}");
        let mem = mem_of(&sys, 1);
        assert!(
            mem.fetches > 0 && mem.fetches < 41,
            "{door:?}: {} line fetches for 41 instructions",
            mem.fetches
        );
        assert_eq!(mem.reads, 5 + 2 + 1 + 1, "loads (two split in pieces), LR");
        assert_eq!(mem.writes, 5 + 2 + 1, "stores (one split), one SC");
        assert_eq!(mem.others, 1, "the AMO");
    }
    let (regs, _, sys) = run_mixed(Kind::Minor, Door::DataOnly, 3);
    expected_mixed(&regs);
    assert!(mem_of(&sys, 1).refused > 3, "refused requests are resent");
}

#[test]
fn minor_cpu_resumes_after_a_stats_dump_stop() {
    let code = concat(&[addi(1, 0, 7), m5(0x41), addi(2, 1, 1), m5(0x21)]);
    let mem = TestMem::new(memory::store(1 << 16), 2, Tick(2000), Door::DataOnly);
    let cpu = CpuSpec::new(Kind::Minor, ToyRegs::default(), CODE);
    let mut sys = system(vec![cpu], mem, &[(CODE, code)]);
    assert_eq!(sys.simulate(Some(LIMIT)), ExitCause::DumpStats);
    assert_eq!(regs(&sys, 0).0[2], 0);
    assert_eq!(sys.take_stats_requests().len(), 1);
    assert_eq!(sys.simulate(Some(LIMIT)), ExitCause::m5_exit(0));
    assert_eq!(regs(&sys, 0).0[2], 8);
}

#[test]
fn atomic_cpu_presents_accesses_only_behind_caches() {
    let (_, _, sys) = run_mixed(Kind::Atomic, Door::DataOnly, 0);
    let mem = mem_of(&sys, 1);
    assert_eq!(mem.fetches, 51);
    assert_eq!((mem.reads, mem.writes, mem.others), (9, 8, 1));
    assert_eq!(mem.timing_only, 51 + 18);
    let (_, _, sys) = run_mixed(Kind::Atomic, Door::Direct, 0);
    let mem = mem_of(&sys, 1);
    let all = mem.fetches + mem.reads + mem.writes + mem.others;
    assert_eq!(all, 0, "a plain backdoor needs no packets");
}

#[test]
fn refused_requests_are_resent_after_retry() {
    let (regs, _, sys) = run_mixed(Kind::Timing, Door::DataOnly, 3);
    expected_mixed(&regs);
    let mem = mem_of(&sys, 1);
    assert!(mem.refused > 10, "refused {}", mem.refused);
    assert_eq!(mem.offered, mem.refused + 52 + 18);
}

#[test]
fn timing_cpu_resumes_after_a_stats_dump_stop() {
    let code = concat(&[addi(1, 0, 7), m5(0x41), addi(2, 1, 1), m5(0x21)]);
    let mem = TestMem::new(memory::store(1 << 16), 2, Tick(2000), Door::DataOnly);
    let cpu = CpuSpec::new(Kind::Timing, ToyRegs::default(), CODE);
    let mut sys = system(vec![cpu], mem, &[(CODE, code)]);
    assert_eq!(sys.simulate(Some(LIMIT)), ExitCause::DumpStats);
    assert_eq!(regs(&sys, 0).0[2], 0);
    assert_eq!(sys.take_stats_requests().len(), 1);
    assert_eq!(sys.simulate(Some(LIMIT)), ExitCause::m5_exit(0));
    assert_eq!(regs(&sys, 0).0[2], 8);
}

/// CPU 0 takes a reservation, waits, then tries an SC; CPU 1 stores at `DATA +
/// offset` meanwhile and spins. Returns CPU 0's SC result (0: success).
fn sc_after_other_store(kind: Kind, offset: i8) -> u64 {
    let a = concat(&[
        lr(7, 3),
        addi(1, 0, 30),
        addi(1, 1, -1),
        bne(1, 0, -4),
        sc(8, 3, 7),
        m5(0x21),
    ]);
    let b = concat(&[
        addi(1, 0, 0),
        addi(1, 0, 0),
        sd(2, 3, offset),
        bne(15, 0, 0),
    ]);
    let monitor = ReservationMonitor::new();
    let mut ra = ToyRegs::default();
    ra.0[3] = DATA;
    let mut rb = ra.clone();
    rb.0[15] = 1;
    let mut specs = vec![
        CpuSpec::new(kind, ra, CODE),
        CpuSpec::new(kind, rb, CODE + 0x100),
    ];
    for s in &mut specs {
        s.monitor = Some(monitor.clone());
    }
    let mem = TestMem::new(memory::store(1 << 16), 4, Tick(2000), Door::DataOnly);
    let mut sys = system(specs, mem, &[(CODE, a), (CODE + 0x100, b)]);
    assert_eq!(sys.simulate(Some(LIMIT)), ExitCause::m5_exit(0));
    regs(&sys, 0).0[8]
}

#[test]
fn sc_fails_after_another_cpus_store_to_the_line_and_succeeds_otherwise() {
    for kind in [Kind::Atomic, Kind::Timing] {
        assert_eq!(sc_after_other_store(kind, 8), 1, "{kind:?}: same line");
        assert_eq!(sc_after_other_store(kind, 64), 0, "{kind:?}: next line");
    }
}

/// Host speed of the timing CPU's own path (fetch, execute, data access, events)
/// with a one-cycle memory: run with `--ignored --nocapture` in release builds.
#[test]
#[ignore]
fn timing_cpu_host_speed() {
    let code = concat(&[
        ld(2, 3, 0),
        addi(2, 2, 1),
        sd(2, 3, 0),
        addi(1, 1, -1),
        bne(1, 0, -16),
        m5(0x21),
    ]);
    let mut r = ToyRegs::default();
    r.0[1] = 2_000_000;
    r.0[3] = DATA;
    let mem = TestMem::new(memory::store(1 << 16), 2, Tick(1000), Door::DataOnly);
    let mut sys = system(
        vec![CpuSpec::new(Kind::Timing, r, CODE)],
        mem,
        &[(CODE, code)],
    );
    let t = std::time::Instant::now();
    assert_eq!(sys.simulate(None), ExitCause::m5_exit(0));
    let mips = 10_000_001.0 / t.elapsed().as_secs_f64() / 1e6;
    println!("timing CPU: {mips:.1} MIPS");
    assert!(mips > 10.0, "{mips:.1} MIPS");
}
