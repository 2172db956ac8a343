//! Seeded property test of the SE kernel: random system calls with random arguments,
//! made as a CPU makes them (through `ThreadOs`), never panic the simulator and
//! always return a value or `-errno` with errno in 1..=4095.
//!
//! Safety of the host: the process's standard streams are /dev/null, its first call
//! is `chdir` into a fresh directory of its own (inside a temporary directory), and
//! every pointer argument points at guest memory this test filled with bytes that
//! cannot spell an absolute path or `..` (lower-case letters and NULs, plus a few
//! relative names), so no call can reach a host file outside that directory. Calls
//! may write guest memory (`getcwd` plants the directory's own absolute path), which
//! names only that directory or what is inside it, so an episode may remove its own
//! directory, never another's.
//!
//! Seed and budget: `sim_core::property`; `SIM_TRACE_CALLS=1` prints every call
//! before it is made, to find the one that fails.

use super::*;
use crate::cpu::os::ThreadOs;
use crate::se::{SeCpuOs, SeKernel};
use sim_core::component::ComponentId;
use sim_core::property::{budget, SplitMix64};
use std::os::unix::io::AsRawFd;

const A0: u16 = 10;
const A7: u16 = 17;
/// Bytes of guest memory the arguments may point into.
const ARENA: u64 = 0x4000;
/// Relative names the path arguments may spell (each NUL-terminated in the arena).
const NAMES_IN_ARENA: &[&str] = &["f", "g", "d", "d/f", "d/e", ".", "f2"];
/// System calls left out: a pipe's read end is a host pipe, and a read of an empty
/// pipe whose write end the process holds blocks the host thread (on Linux the
/// guest would block forever too; blocking the simulated thread instead belongs
/// to the work on event loops), so a random episode could hang the test.
const EXCLUDED: &[&str] = &["pipe2", "pipe"];
/// System calls a single episode makes at most.
const CALLS_PER_EPISODE: usize = 48;

/// What a system call gave back to its thread.
enum Returned {
    /// The value in the return register.
    Value(i64),
    /// The thread blocked or ended; another one runs now.
    Descheduled,
}

/// One process on one CPU, its arena and where the relative names sit in it.
struct Episode {
    /// Kept alive for the episode (the CPU's view holds it too).
    _kernel: SeKernel,
    os: SeCpuOs,
    regs: FakeRegs,
    arena: u64,
    names: Vec<u64>,
}

fn start(g: &mut SplitMix64, dir: &std::path::Path, null: i32) -> Episode {
    let kernel = SeKernel::with_frames(&INFO, frames());
    let mut params = ProcessParams::new("/bin/tiny");
    params.argv = vec!["tiny".into()];
    params.stdio = [null; 3];
    let pid = kernel.spawn_with(&tiny_elf(), &params).unwrap();
    let mut os = kernel.cpu_os(0);
    kernel.set_cpu_component(0, ComponentId(10));
    let (regs, _pc) = ThreadOs::<FakeRegs>::switch_in(&mut os, Tick(0)).unwrap();
    // The arena: safe bytes, the relative names, and the directory to chdir into.
    let mut bytes: Vec<u8> = (0..ARENA)
        .map(|_| match g.below(4) {
            0 => 0,
            _ => b'a' + g.below(26) as u8,
        })
        .collect();
    let mut names = Vec::new();
    let mut at = 0usize;
    for name in NAMES_IN_ARENA {
        bytes[at..at + name.len()].copy_from_slice(name.as_bytes());
        bytes[at + name.len()] = 0;
        names.push(at as u64);
        at += name.len() + 1;
    }
    let dir_text = dir.as_os_str().as_encoded_bytes();
    let dir_at = ARENA as usize - dir_text.len() - 1;
    bytes[dir_at..dir_at + dir_text.len()].copy_from_slice(dir_text);
    bytes[ARENA as usize - 1] = 0;
    let arena = kernel
        .with_process(pid, |p| {
            let a = scratch(p, ARENA);
            p.space().write_bytes(a, &bytes).unwrap();
            a
        })
        .unwrap();
    let mut e = Episode {
        _kernel: kernel,
        os,
        regs,
        arena,
        names: names.into_iter().map(|o| arena + o).collect(),
    };
    let chdir = e.call("chdir", [arena + dir_at as u64, 0, 0, 0, 0, 0]);
    assert_eq!(chdir, Some(0), "chdir into the test directory");
    e
}

impl Episode {
    /// Make syscall `name`; its return value, or None once the process is gone or
    /// its only thread is blocked.
    fn call(&mut self, name: &str, args: [u64; 6]) -> Option<i64> {
        match self.call_nr(nr(name), args)? {
            Returned::Value(v) => Some(v),
            Returned::Descheduled => None,
        }
    }

    /// Make system call `number`; None once the process is gone or no thread of it
    /// can run.
    fn call_nr(&mut self, number: u64, args: [u64; 6]) -> Option<Returned> {
        self.regs.set_int(A7, number);
        for (i, a) in args.into_iter().enumerate() {
            self.regs.set_int(A0 + i as u16, a);
        }
        let out = self.os.syscall(&mut self.regs, 0x10004, Tick(0));
        if out.exit.is_some() {
            return None;
        }
        if !out.deschedule {
            return Some(Returned::Value(self.regs.int(A0) as i64));
        }
        // The thread blocked or ended: it has no return value yet; go on with the
        // thread the kernel runs next.
        ThreadOs::<FakeRegs>::switch_out(&mut self.os, &self.regs, 0x10004);
        let (regs, _) = ThreadOs::<FakeRegs>::switch_in(&mut self.os, Tick(0))?;
        self.regs = regs;
        Some(Returned::Descheduled)
    }

    /// An argument: a small number, a flag word, a size, a pointer into the arena
    /// (mostly at a name) or just past it, or arbitrary bits.
    fn argument(&self, g: &mut SplitMix64) -> u64 {
        match g.below(8) {
            0 => g.below(8),
            1 => [-1i64 as u64, -100i64 as u64, 0x80000, 0x40, 0x241, 0x1000][g.below(6) as usize],
            2 | 3 => self.names[g.below(self.names.len() as u64) as usize],
            4 => self.arena + 0x100 + (g.below(ARENA - 0x200) & !7),
            5 => [0, 1, 8, 64, 4096, 1 << 20, 1 << 40, u64::MAX][g.below(8) as usize],
            6 => self.arena + ARENA + g.below(0x2000),
            _ => g.next_u64(),
        }
    }
}

#[test]
fn random_system_calls_return_a_value_or_an_errno() {
    let b = budget(400);
    let mut g = SplitMix64::new(b.seed);
    let dir = tempfile::tempdir().unwrap();
    let null = std::fs::OpenOptions::new()
        .read(true)
        .write(true)
        .open("/dev/null")
        .unwrap();
    let mut calls = 0u32;
    let mut errors = 0u32;
    for episode in 0..b.cases {
        let own = dir.path().join(format!("episode{episode}"));
        std::fs::create_dir(&own).unwrap();
        let mut e = start(&mut g, &own, null.as_raw_fd());
        for _ in 0..CALLS_PER_EPISODE {
            let number = if g.below(32) == 0 {
                g.below(512)
            } else {
                NAMES[g.below(NAMES.len() as u64) as usize].0
            };
            if NAMES
                .iter()
                .any(|&(n, name)| n == number && EXCLUDED.contains(&name))
            {
                continue;
            }
            let args = std::array::from_fn(|_| e.argument(&mut g));
            if std::env::var_os("SIM_TRACE_CALLS").is_some() {
                eprintln!("call {number} {args:x?}");
            }
            let ret = match e.call_nr(number, args) {
                None => break,
                Some(Returned::Descheduled) => continue,
                Some(Returned::Value(v)) => v,
            };
            calls += 1;
            assert!(
                ret >= -4095,
                "episode {episode}: syscall {number}{args:x?} returned {ret:#x}, \
                 which is neither a value nor -errno"
            );
            errors += (ret < 0) as u32;
        }
    }
    eprintln!("{calls} calls, {errors} failed with an errno");
    // Both outcomes occur: the arguments reach past the first checks.
    assert!(errors > 0 && errors < calls, "{errors} of {calls} failed");
}
