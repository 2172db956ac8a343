//! `execve`/`execveat`: replace the calling process's image.
//!
//! The path resolves through the same guest-path resolution as `open`, and the
//! new image is built by the loader `SeKernel::spawn` uses
//! ([`Process::from_elf_bytes`]), so whatever they learn (a sysroot, an ELF
//! interpreter) applies to `execve` too. The checks, in Linux's order: a missing
//! file is `ENOENT`, a directory or a file without execute permission `EACCES`,
//! a file that is neither an ELF executable for the simulated ISA nor a `#!`
//! script `ENOEXEC`. A `#!` script runs its interpreter with the optional
//! argument from the `#!` line and the script's path before the original
//! arguments (after `argv[0]`), as Linux's `binfmt_script`; interpreters may
//! themselves be scripts, four levels deep (`ELOOP` beyond).
//!
//! Nothing changes before the new image is fully built: a failing `execve`
//! returns its error to the unchanged caller. Then the other threads of the
//! process die (the caller takes over the main thread's tid, as Linux's
//! `de_thread`), a `vfork` parent wakes with its memory back, fds marked
//! close-on-exec close, handled signals revert to their default action (ignored
//! ones stay ignored), and the calling thread restarts at the new entry point
//! with the new stack.

use super::calls::Flow;
use super::thread::SavedCtx;
use super::Kernel;
use crate::se::abi::{Errno, AT_EMPTY_PATH, AT_FDCWD};
use crate::se::addr_space::Flush;
use crate::se::loader::{ElfError, LoadError};
use crate::se::process::{ExitStatus, Process, ProcessParams};
use crate::se::syscalls::{fs, Call};
use std::ffi::CStr;
use std::io::Read;
use std::os::fd::{AsRawFd, FromRawFd, OwnedFd};
use std::path::PathBuf;

/// Longest `#!` line Linux reads (`BINPRM_BUF_SIZE`).
const BINPRM_BUF_SIZE: usize = 256;
/// Most nested `#!` interpreters.
const MAX_SCRIPT_DEPTH: usize = 4;
/// Longest single argument or environment string (`MAX_ARG_STRLEN`).
const MAX_ARG_STRLEN: usize = 32 * 4096;
/// Most argument plus environment strings accepted.
const MAX_ARG_STRINGS: usize = 0x7fff_ffff / 8;
/// Total argument and environment bytes accepted (a quarter of the 8 MiB stack).
const MAX_ARG_BYTES: usize = 2 << 20;
const AT_SYMLINK_NOFOLLOW: i32 = 0x100;

/// The program an `execve` runs, read from the host.
struct Program {
    /// Its bytes.
    bytes: Vec<u8>,
    /// Its host path (`/proc/self/exe`, `AT_EXECFN`).
    host_path: PathBuf,
}

impl Kernel {
    /// `execve(path, argv, envp)` / `execveat(dirfd, path, argv, envp, flags)`.
    pub(super) fn execve(&mut self, tid: u64, name: &str, c: &Call) -> Flow {
        match self.build_image(tid, name, c) {
            Ok(image) => self.replace_image(tid, image),
            Err(e) => Flow::Return(Err(e), Flush::default()),
        }
    }

    /// Read the arguments and load the new image (changing nothing yet).
    fn build_image(&mut self, tid: u64, name: &str, c: &Call) -> Result<Process, Errno> {
        let me = self.pid_of(tid);
        let a = c.args;
        let (dirfd, path_ptr, argv_ptr, envp_ptr, flags) = if name == "execveat" {
            (a[0] as i32, a[1], a[2], a[3], a[4] as i32)
        } else {
            (AT_FDCWD, a[0], a[1], a[2], 0)
        };
        if flags & !(AT_EMPTY_PATH | AT_SYMLINK_NOFOLLOW) != 0 {
            return Err(Errno::EINVAL);
        }
        let info = self.info;
        let frames = self.frames.clone();
        let p = &mut self.procs.get_mut(&me).expect("live process").proc;
        let path = p.space.read_cstr(path_ptr, 4096)?;
        let mut argv = read_strings(p, argv_ptr)?;
        let envp = read_strings(p, envp_ptr)?;
        let total: usize = argv.iter().chain(&envp).map(|s| s.len() + 1).sum();
        if total > MAX_ARG_BYTES {
            return Err(Errno::E2BIG);
        }
        let mut prog = if path.is_empty() && flags & AT_EMPTY_PATH != 0 {
            let fd = p.fds.host(dirfd as u32 as u64)?;
            open_program(fd, c"", 0)?
        } else {
            let (dir, host) = fs::resolve(p, dirfd, &path)?;
            let nofollow = if flags & AT_SYMLINK_NOFOLLOW != 0 {
                libc::O_NOFOLLOW
            } else {
                0
            };
            open_program(dir, &host, nofollow)?
        };
        // `#!` scripts: the interpreter runs with the script as an argument.
        let mut script_path = path.clone();
        let mut depth = 0;
        while prog.bytes.starts_with(b"#!") {
            depth += 1;
            if depth > MAX_SCRIPT_DEPTH {
                return Err(Errno::ELOOP);
            }
            let (interp, arg) = parse_shebang(&prog.bytes).ok_or(Errno::ENOEXEC)?;
            let mut new_argv = vec![interp.clone()];
            new_argv.extend(arg);
            new_argv.push(script_path.clone());
            new_argv.extend(argv.into_iter().skip(1));
            argv = new_argv;
            let (dir, host) = fs::resolve(p, AT_FDCWD, &interp)?;
            prog = open_program(dir, &host, 0)?;
            script_path = interp;
        }
        let lossy = |v: &[Vec<u8>]| -> Vec<String> {
            v.iter()
                .map(|s| String::from_utf8_lossy(s).into_owned())
                .collect()
        };
        let mut params = ProcessParams::new(&prog.host_path);
        params.argv = lossy(&argv);
        if params.argv.is_empty() {
            // argc 0: the loader would put the path in argv[0]; Linux leaves
            // argv empty, which the loader cannot express: use the path.
            params.argv = vec![String::from_utf8_lossy(&path).into_owned()];
        }
        params.envp = lossy(&envp);
        params.seed = p.rng.next_u64();
        params.paths = p.paths.clone();
        Process::from_elf_bytes(&prog.bytes, &params, info, frames).map_err(|e| match e {
            LoadError::Elf { source, .. } => match source {
                ElfError::NotExecutable { .. } => Errno::EACCES,
                _ => Errno::ENOEXEC,
            },
            LoadError::OutOfMemory { .. } => Errno::ENOMEM,
            LoadError::ArgsTooLong { .. } => Errno::E2BIG,
            LoadError::Io { source, .. } | LoadError::InterpIo { source, .. } => source.into(),
            LoadError::InterpElf { .. } => Errno::ELIBBAD,
        })
    }

    /// The point of no return: thread `tid`'s process becomes `image`.
    fn replace_image(&mut self, tid: u64, image: Process) -> Flow {
        let me = self.pid_of(tid);
        let others: Vec<u64> = self
            .threads
            .iter()
            .filter(|(&t, th)| th.pid == me && t != tid && th.alive())
            .map(|(&t, _)| t)
            .collect();
        for t in others {
            self.kick_cpu_of(t);
            self.thread_gone(t, ExitStatus::Signaled(9));
        }
        self.vfork_release(me);
        // The caller takes over the main thread's tid, and an fd table shared
        // with other processes becomes its own copy.
        self.take_leader_tid(tid, me);
        self.unshare_files(me, true);
        let tid = me;
        let (pc, sp) = (image.entry().0, image.initial_sp().0);
        let entry = self.procs.get_mut(&me).expect("live process");
        entry.proc.exec_replace(image);
        entry.family.execed = true;
        let state = entry.proc.thread.clone();
        let t = self.threads.get_mut(&tid).expect("caller exists");
        t.state = state;
        // The CPU switches the thread out and back in at the new entry point.
        t.ctx = Some(SavedCtx::Initial { pc, sp });
        // Every CPU drops translations and decoded instructions of the old image.
        self.epoch.bump();
        tracing::debug!(pid = me, pc, "execve");
        Flow::Yield
    }
}

/// Read a NULL-terminated array of string pointers (`NULL` itself: empty).
fn read_strings(p: &mut Process, mut ptr: u64) -> Result<Vec<Vec<u8>>, Errno> {
    let mut out = Vec::new();
    if ptr == 0 {
        return Ok(out);
    }
    loop {
        let s = p.space.read_u64(ptr)?;
        if s == 0 {
            return Ok(out);
        }
        if out.len() >= MAX_ARG_STRINGS {
            return Err(Errno::E2BIG);
        }
        out.push(p.space.read_cstr(s, MAX_ARG_STRLEN).map_err(|e| match e {
            crate::se::addr_space::MemFault::TooLong { .. } => Errno::E2BIG,
            _ => Errno::EFAULT,
        })?);
        ptr += 8;
    }
}

/// Open `path` (relative to host `dir`) for execution and read it: `ENOENT`
/// if missing, `EACCES` for a directory or a file without execute permission.
fn open_program(dir: i32, path: &CStr, extra_flags: i32) -> Result<Program, Errno> {
    let fd = if path.is_empty() {
        // SAFETY: plain dup of a valid host fd.
        unsafe { libc::fcntl(dir, libc::F_DUPFD_CLOEXEC, 3) }
    } else {
        // SAFETY: valid NUL-terminated path.
        unsafe {
            libc::openat(
                dir,
                path.as_ptr(),
                libc::O_RDONLY | libc::O_CLOEXEC | extra_flags,
            )
        }
    };
    if fd < 0 {
        return Err(Errno::last_host());
    }
    // SAFETY: `fd` is fresh and owned by nobody else.
    let fd = unsafe { OwnedFd::from_raw_fd(fd) };
    // SAFETY: `st` is a plain C struct the call fills.
    let mut st: libc::stat = unsafe { std::mem::zeroed() };
    // SAFETY: valid fd and output struct.
    if unsafe { libc::fstat(fd.as_raw_fd(), &mut st) } != 0 {
        return Err(Errno::last_host());
    }
    if st.st_mode & libc::S_IFMT != libc::S_IFREG || st.st_mode & 0o111 == 0 {
        return Err(Errno::EACCES);
    }
    let host_path = std::fs::read_link(format!("/proc/self/fd/{}", fd.as_raw_fd()))
        .map_err(|_| Errno::ENOENT)?;
    let mut bytes = Vec::new();
    std::fs::File::from(fd).read_to_end(&mut bytes)?;
    Ok(Program { bytes, host_path })
}

/// The interpreter and optional argument of a `#!` line (Linux's rules: blanks
/// around them trimmed, everything after the interpreter is one argument).
fn parse_shebang(bytes: &[u8]) -> Option<(Vec<u8>, Option<Vec<u8>>)> {
    let head = &bytes[2..bytes.len().min(BINPRM_BUF_SIZE)];
    let line = head.split(|&b| b == b'\n').next()?;
    let blank = |b: &u8| *b == b' ' || *b == b'\t';
    let line = trim(line, blank);
    let end = line.iter().position(blank).unwrap_or(line.len());
    let (interp, rest) = line.split_at(end);
    if interp.is_empty() {
        return None;
    }
    let rest = trim(rest, blank);
    Some((interp.to_vec(), (!rest.is_empty()).then(|| rest.to_vec())))
}

fn trim(s: &[u8], blank: impl Fn(&u8) -> bool) -> &[u8] {
    let start = s.iter().position(|b| !blank(b)).unwrap_or(s.len());
    let end = s.iter().rposition(|b| !blank(b)).map_or(start, |e| e + 1);
    &s[start..end]
}

#[cfg(test)]
mod tests {
    use super::parse_shebang;

    #[test]
    fn shebang_lines_split_into_interpreter_and_one_argument() {
        assert_eq!(
            parse_shebang(b"#!/bin/sh\necho"),
            Some((b"/bin/sh".to_vec(), None))
        );
        assert_eq!(
            parse_shebang(b"#! /usr/bin/env  python3 -u \n"),
            Some((b"/usr/bin/env".to_vec(), Some(b"python3 -u".to_vec())))
        );
        assert_eq!(parse_shebang(b"#!   \n"), None);
    }
}
