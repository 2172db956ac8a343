//! Signals through the SE kernel as CPUs meet them: a handler's frame in the
//! RISC-V Linux layout and `rt_sigreturn`, a corrupt frame, a sleeping thread
//! interrupted, and faults turned into signals.

use super::kernel::{Rig, NEXT_PC};
use super::*;
use crate::cpu::os::ThreadOs;
use crate::se::ExitStatus;
use sim_core::arch::{Fault, MemAccess};
use sim_core::exit::ExitCause;
use sim_core::Addr;

const A0: u16 = 10;
const SP: u16 = 2;
const RA: u16 = 1;
const SIGUSR1: u64 = 10;
const SIGSEGV: u64 = 11;
const HANDLER: u64 = 0x1_2340;
const EINTR: u64 = -4i64 as u64;
/// The vDSO trampoline's address (see `se::vdso`).
const VDSO: u64 = crate::se::vdso::VDSO_BASE;

/// Install `HANDLER` for `sig` with `flags` in the process on `cpu`, using `buf`.
fn install(r: &mut Rig, cpu: usize, regs: &mut FakeRegs, pid: u64, buf: u64, sig: u64, flags: u64) {
    let mut act = Vec::new();
    act.extend_from_slice(&HANDLER.to_le_bytes());
    act.extend_from_slice(&flags.to_le_bytes());
    act.extend_from_slice(&0u64.to_le_bytes());
    r.k.with_process(pid, |p| p.space().write_bytes(buf, &act).unwrap());
    r.call(cpu, regs, "rt_sigaction", &[sig, buf, 0, 8]);
    assert_eq!(regs.int(A0), 0);
}

fn read_u64(r: &Rig, pid: u64, va: u64) -> u64 {
    r.k.with_process(pid, |p| p.space().read_u64(va).unwrap())
        .unwrap()
}

#[test]
fn a_handler_runs_on_a_linux_frame_and_sigreturn_restores_the_thread() {
    let mut r = Rig::new(1, 1);
    let (mut regs, _) = r.switch_in(0, 0).unwrap();
    let buf = r.scratch(100);
    install(
        &mut r, 0, &mut regs, 100, buf, SIGUSR1, 0x4, /* SA_SIGINFO */
    );
    let sp = buf + 0x3ff8; // deliberately misaligned
    regs.set_int(SP, sp);
    regs.set_int(5, 0x5555);
    let out = r.call(0, &mut regs, "tgkill", &[100, 100, SIGUSR1]);
    assert_eq!(out.resume_at, Some(HANDLER), "the handler runs next");
    let frame = regs.int(SP);
    assert_eq!(frame % 16, 0);
    assert!(
        frame + 1088 <= sp && sp - frame < 1088 + 16,
        "frame {frame:#x} below sp {sp:#x}"
    );
    assert_eq!(
        (regs.int(A0), regs.int(11), regs.int(12), regs.int(RA)),
        (SIGUSR1, frame, frame + 128, VDSO)
    );
    let uc = frame + 128;
    assert_eq!(read_u64(&r, 100, frame) & 0xffff_ffff, SIGUSR1, "si_signo");
    assert_eq!(read_u64(&r, 100, frame + 16) & 0xffff_ffff, 100, "si_pid");
    assert_eq!(read_u64(&r, 100, uc + 176), NEXT_PC, "saved pc");
    assert_eq!(read_u64(&r, 100, uc + 176 + 8 * 2), sp, "saved sp");
    assert_eq!(read_u64(&r, 100, uc + 176 + 8 * 5), 0x5555, "saved x5");
    assert_eq!(
        read_u64(&r, 100, uc + 176 + 8 * 10),
        0,
        "saved a0: tgkill's result"
    );
    assert_eq!(read_u64(&r, 100, uc + 40), 0, "saved mask");
    // The trampoline is `li a7, 139; ecall`.
    assert_eq!(read_u64(&r, 100, VDSO), 0x0000_0073_08b0_0893);
    // In the handler, SIGUSR1 is blocked.
    r.call(0, &mut regs, "rt_sigprocmask", &[0, 0, buf + 0x100, 8]);
    assert_eq!(read_u64(&r, 100, buf + 0x100), 1 << (SIGUSR1 - 1));
    regs.set_int(5, 0);
    regs.set_int(SP, frame);
    let out = r.call(0, &mut regs, "rt_sigreturn", &[]);
    assert_eq!(out.resume_at, Some(NEXT_PC));
    assert_eq!((regs.int(5), regs.int(SP), regs.int(A0)), (0x5555, sp, 0));
    r.call(0, &mut regs, "rt_sigprocmask", &[0, 0, buf + 0x100, 8]);
    assert_eq!(read_u64(&r, 100, buf + 0x100), 0, "mask restored");
}

#[test]
fn a_corrupt_frame_kills_with_sigsegv() {
    let mut r = Rig::new(1, 1);
    let (mut regs, _) = r.switch_in(0, 0).unwrap();
    let buf = r.scratch(100);
    install(&mut r, 0, &mut regs, 100, buf, SIGUSR1, 0);
    regs.set_int(SP, buf + 0x4000);
    r.call(0, &mut regs, "tgkill", &[100, 100, SIGUSR1]);
    let frame = regs.int(SP);
    // sc_extdesc.reserved must stay zero.
    r.write_u32(100, frame + 128 + 948, 1);
    let out = r.call(0, &mut regs, "rt_sigreturn", &[]);
    assert!(out.deschedule);
    assert_eq!(
        r.k.exit_status(100),
        Some(ExitStatus::Signaled(SIGSEGV as i32))
    );
}

#[test]
fn a_signal_from_another_process_interrupts_sigsuspend() {
    let mut r = Rig::new(2, 2);
    let (mut a, _) = r.switch_in(0, 0).unwrap();
    let (mut b, _) = r.switch_in(1, 0).unwrap();
    let buf = r.scratch(100);
    install(
        &mut r,
        0,
        &mut a,
        100,
        buf,
        SIGUSR1,
        0x1000_0000, /* SA_RESTART */
    );
    a.set_int(SP, buf + 0x4000);
    r.write_u32(100, buf + 0x200, 0);
    let out = r.call(0, &mut a, "rt_sigsuspend", &[buf + 0x200, 8]);
    assert!(out.deschedule, "sigsuspend sleeps");
    r.switch_out(0, &a);
    assert!(r.switch_in(0, 1).is_none(), "nothing else to run");
    let out = r.call(1, &mut b, "kill", &[100, SIGUSR1]);
    assert_eq!(b.int(A0), 0);
    assert_eq!(
        out.wake,
        vec![super::kernel::cid(0)],
        "the idle CPU is woken"
    );
    let (mut a, pc) = r.switch_in(0, 2).expect("the sleeper runs its handler");
    assert_eq!(pc, HANDLER);
    let frame = a.int(SP);
    let out = r.call(0, &mut a, "rt_sigreturn", &[]);
    assert_eq!(
        out.resume_at,
        Some(NEXT_PC),
        "sigsuspend is never restarted"
    );
    assert_eq!(a.int(A0), EINTR);
    assert_eq!(read_u64(&r, 100, frame + 128 + 176), NEXT_PC);
}

#[test]
fn faults_become_signals_for_handlers_or_kill() {
    let mut r = Rig::new(1, 1);
    let (mut regs, _) = r.switch_in(0, 0).unwrap();
    let buf = r.scratch(100);
    install(&mut r, 0, &mut regs, 100, buf, SIGSEGV, 0x4);
    regs.set_int(SP, buf + 0x4000);
    let fault = Fault::PageFault {
        addr: Addr(0x18),
        access: MemAccess::Load,
    };
    let out = ThreadOs::<FakeRegs>::fault(&mut r.cpus[0], &mut regs, 0x1_0000, fault, Tick(0))
        .expect("the kernel takes faults");
    assert_eq!(out.resume_at, Some(HANDLER));
    let info = regs.int(11);
    assert_eq!(read_u64(&r, 100, info) >> 32, 0, "si_errno");
    assert_eq!(read_u64(&r, 100, info + 8) & 0xffff_ffff, 1, "SEGV_MAPERR");
    assert_eq!(read_u64(&r, 100, info + 16), 0x18, "si_addr");
    // A second fault inside the handler: SIGSEGV is blocked there, so it kills.
    let out = ThreadOs::<FakeRegs>::fault(&mut r.cpus[0], &mut regs, HANDLER, fault, Tick(0))
        .expect("the kernel takes faults");
    assert!(
        matches!(out.exit, Some(ExitCause::Exit { code: 139, .. })),
        "{out:?}"
    );
    assert_eq!(
        r.k.exit_status(100),
        Some(ExitStatus::Signaled(SIGSEGV as i32))
    );
}

#[test]
fn standard_signals_coalesce_and_real_time_ones_queue() {
    let mut r = Rig::new(1, 1);
    let (mut regs, _) = r.switch_in(0, 0).unwrap();
    let buf = r.scratch(100);
    let set = buf + 0x200;
    r.k.with_process(100, |p| {
        p.space().write_u64(set, (1 << 9) | (1 << 33)).unwrap()
    });
    r.call(0, &mut regs, "rt_sigprocmask", &[0, set, 0, 8]);
    for _ in 0..3 {
        r.call(0, &mut regs, "tgkill", &[100, 100, SIGUSR1]);
        r.call(0, &mut regs, "tgkill", &[100, 100, 34]);
    }
    let mut taken = Vec::new();
    let zero = buf + 0x300;
    loop {
        r.call(0, &mut regs, "rt_sigtimedwait", &[set, 0, zero, 8]);
        match regs.int(A0) as i64 {
            -11 => break, // EAGAIN
            s => taken.push(s),
        }
    }
    assert_eq!(taken, vec![10, 34, 34, 34]);
}

#[test]
fn sigstop_takes_a_process_off_its_cpu_until_sigcont() {
    let mut r = Rig::new(2, 2);
    let (mut a, _) = r.switch_in(0, 0).unwrap();
    let (b, _) = r.switch_in(1, 0).unwrap();
    let out = r.call(0, &mut a, "kill", &[101, 19]);
    assert_eq!(a.int(A0), 0);
    assert_eq!(out.wake, vec![super::kernel::cid(1)], "101's CPU is kicked");
    assert!(
        r.should_yield(1, 1),
        "101 leaves its CPU to take the signal"
    );
    r.switch_out(1, &b);
    assert!(r.switch_in(1, 1).is_none(), "stopped: nothing to run");
    assert_eq!(r.k.exit_status(101), None, "stopped, not dead");
    let out = r.call(0, &mut a, "kill", &[101, 18]);
    assert_eq!(
        out.wake,
        vec![super::kernel::cid(1)],
        "the idle CPU is woken"
    );
    let (_, pc) = r.switch_in(1, 2).expect("continued");
    assert_eq!(pc, NEXT_PC);
}
