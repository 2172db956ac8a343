//! `SIGPIPE` on a write to a pipe with no reader: death by default, `EPIPE`
//! alone when ignored, blocked or handled (handlers are not run yet).

use super::*;
use crate::se::ExitStatus;

const EPIPE: i64 = -32;
const EBADF: i64 = -9;
const SIGPIPE: u64 = 13;
const SIG_IGN: u64 = 1;
const SIG_BLOCK: u64 = 0;

/// A pipe whose read end is closed: returns the write end.
fn broken_pipe(p: &mut Process, buf: u64) -> u64 {
    assert_eq!(sys(p, "pipe2", &[buf, 0o2000000]), 0);
    let (r, w) = (
        p.space().read_u32(buf).unwrap() as u64,
        p.space().read_u32(buf + 4).unwrap() as u64,
    );
    assert_eq!(sys(p, "close", &[r]), 0);
    w
}

/// Set `SIGPIPE`'s handler word (the rest of the sigaction zero).
fn set_sigpipe_handler(p: &mut Process, buf: u64, handler: u64) {
    let act = buf + 0x800;
    p.space().write_bytes(act, &[0; 64]).unwrap();
    p.space().write_u64(act, handler).unwrap();
    assert_eq!(sys(p, "rt_sigaction", &[SIGPIPE, act, 0, 8]), 0);
}

#[test]
fn writing_to_a_pipe_with_no_reader_dies_of_sigpipe() {
    for call in ["write", "writev", "pwrite64"] {
        let mut p = tiny_process([0, 1, 2]);
        let buf = scratch(&mut p, 0x1000);
        let w = broken_pipe(&mut p, buf);
        // writev's one iovec: 3 bytes at buf + 0x100.
        p.space().write_u64(buf + 0x200, buf + 0x100).unwrap();
        p.space().write_u64(buf + 0x208, 3).unwrap();
        let args = match call {
            "writev" => [w, buf + 0x200, 1],
            _ => [w, buf + 0x100, 3],
        };
        let (out, _) = call_at(&mut p, call, &args, 0);
        let want = if call == "pwrite64" {
            // A pipe cannot be written at an offset: ESPIPE, no signal.
            SyscallOutcome::Continue(Default::default())
        } else {
            SyscallOutcome::Exited(ExitStatus::Signaled(SIGPIPE as i32))
        };
        assert_eq!(out, want, "{call}");
    }
}

/// Changes the process's signal state; gets a scratch buffer.
type Setup = fn(&mut Process, u64);

#[test]
fn an_ignored_blocked_or_handled_sigpipe_leaves_epipe() {
    let cases: [(&str, Setup); 3] = [
        ("ignored", |p, buf| set_sigpipe_handler(p, buf, SIG_IGN)),
        ("blocked", |p, buf| {
            p.space()
                .write_u64(buf + 0x900, 1 << (SIGPIPE - 1))
                .unwrap();
            assert_eq!(sys(p, "rt_sigprocmask", &[SIG_BLOCK, buf + 0x900, 0, 8]), 0);
        }),
        ("handled", |p, buf| set_sigpipe_handler(p, buf, TINY_TEXT)),
    ];
    for (what, setup) in cases {
        let mut p = tiny_process([0, 1, 2]);
        let buf = scratch(&mut p, 0x1000);
        let w = broken_pipe(&mut p, buf);
        setup(&mut p, buf);
        let (out, v) = call_at(&mut p, "write", &[w, buf, 1], 0);
        assert_eq!(
            (out, v),
            (SyscallOutcome::Continue(Default::default()), EPIPE),
            "{what}"
        );
    }
}

#[test]
fn other_write_errors_raise_no_signal() {
    let mut p = tiny_process([0, 1, 2]);
    let buf = scratch(&mut p, 0x1000);
    let (out, v) = call_at(&mut p, "write", &[77, buf, 1], 0);
    assert_eq!(
        (out, v),
        (SyscallOutcome::Continue(Default::default()), EBADF)
    );
}
