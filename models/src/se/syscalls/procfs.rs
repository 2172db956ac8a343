//! The guest's `/proc` and `/sys/devices/system/cpu`: files describing the guest
//! process and the simulated machine, not the host.
//!
//! The files are real host files in a private directory of the simulated machine
//! ([`SimSystem::tree`]), regenerated each time the guest names a path under them,
//! so `open`, `read`, `lseek`, `stat`, `readlink`, `access` and directory reads
//! all work on them unchanged. [`redirect`] is the one hook: path resolution
//! calls it first and, for the paths served here, gets the host path in the tree.
//!
//! Served: `/proc/self` and `/proc/thread-self` (links), and for the caller's own
//! pid (and its tid) `maps`, `stat`, `statm`, `status`, `cmdline`, `environ`, `comm`, `exe`,
//! `cwd`, `fd/` (links to what each fd names), `task/<tid>/{comm,stat,status}`;
//! `/proc/{cpuinfo,meminfo,stat,uptime,loadavg,version}` and
//! `/proc/sys/kernel/{osrelease,ostype,hostname,version}` (as `uname` says); and
//! `/sys/devices/system/cpu/{online,possible,present,cpuN/}`, which glibc's
//! `get_nprocs`/`sysconf(_SC_NPROCESSORS_*)` read. Another pid under `/proc`
//! does not exist (`ENOENT`); the rest of `/proc` and `/sys` is the host's.
//!
//! Times come from simulated time (the uptime is the current tick), memory from
//! the simulated memory, CPUs from the simulated CPUs.

use super::time::EPOCH_BASE_SECS;
use crate::se::abi::{Errno, EM_RISCV};
use crate::se::addr_space::VmaKind;
use crate::se::frames::PAGE_SIZE;
use crate::se::process::{Process, GUEST_PPID};
use sim_core::Tick;
use std::ffi::CString;
use std::fmt::Write as _;
use std::os::unix::ffi::OsStrExt;
use std::path::{Path, PathBuf};

/// `USER_HZ`, the unit of the times in `/proc/*/stat` and `/proc/stat`.
const USER_HZ: u64 = 100;
/// The multi-letter extensions the simulated RISC-V harts implement, in the
/// order Linux prints them in `/proc/cpuinfo`.
const RISCV_MULTI_LETTER: &str = "_zicntr_zicsr_zifencei_zba_zbb_zbs";

/// A file mapping as `/proc/self/maps` names it.
#[derive(Clone, Debug)]
pub struct FileMap {
    /// First byte.
    pub start: u64,
    /// One past the last byte.
    pub end: u64,
    /// File offset of `start`.
    pub off: u64,
    /// The file's path.
    pub path: PathBuf,
    /// Host device and inode.
    pub dev_ino: (u64, u64),
}

/// What the process's `/proc` files report that the process keeps nowhere else.
#[derive(Clone, Debug, Default)]
pub struct ProcFacts {
    /// `argv` strings, each NUL-terminated (`/proc/self/cmdline`).
    pub cmdline: Vec<u8>,
    /// The initial environment strings, each NUL-terminated (`/proc/self/environ`).
    pub environ: Vec<u8>,
    /// Live threads (kept up to date by the kernel).
    pub threads: usize,
    /// Simulated time of the current system call.
    pub now: Tick,
    /// The file mappings made so far (most recent last).
    pub file_maps: Vec<FileMap>,
}

impl ProcFacts {
    /// Record a file mapping of `[start, end)`, replacing older records it covers.
    pub fn add_file_map(&mut self, m: FileMap) {
        self.file_maps
            .retain(|o| o.end <= m.start || m.end <= o.start);
        self.file_maps.push(m);
    }

    /// The recorded file behind address `a`, with the file offset of `a`.
    fn file_at(&self, a: u64) -> Option<(&FileMap, u64)> {
        self.file_maps
            .iter()
            .rev()
            .find(|m| m.start <= a && a < m.end)
            .map(|m| (m, m.off + (a - m.start)))
    }

    /// Move the records of `[old, old + len)` to `new` (`mremap`).
    pub fn move_file_maps(&mut self, old: u64, len: u64, new: u64) {
        for m in &mut self.file_maps {
            if m.start >= old && m.end <= old + len {
                m.start = m.start - old + new;
                m.end = m.end - old + new;
            }
        }
    }
}

/// The tree component a guest path under `/proc` or `/sys` maps to, if this
/// module serves it.
enum Served {
    /// `/proc/<pid-or-self>/...`: regenerate the process's directory.
    Process,
    /// `/proc/<file>`: regenerate the machine files.
    Machine,
    /// `/sys/devices/system/cpu/...`.
    Cpus,
    /// `/proc/<another pid>`: nothing there.
    Absent,
}

fn classify(p: &Process, path: &[u8]) -> Option<Served> {
    const KERNEL_FILES: &[&[u8]] = &[
        b"sys/kernel/osrelease",
        b"sys/kernel/ostype",
        b"sys/kernel/hostname",
        b"sys/kernel/version",
    ];
    const MACHINE: &[&[u8]] = &[
        b"cpuinfo", b"meminfo", b"stat", b"uptime", b"loadavg", b"version",
    ];
    if let Some(rest) = path.strip_prefix(b"/proc/") {
        let first = rest.split(|&b| b == b'/').next().unwrap_or(b"");
        if first == b"self" || first == b"thread-self" {
            return Some(Served::Process);
        }
        if !first.is_empty() && first.iter().all(u8::is_ascii_digit) {
            let n: u64 = std::str::from_utf8(first).ok()?.parse().ok()?;
            return Some(if n == p.pid || n == p.thread.tid {
                Served::Process
            } else {
                Served::Absent
            });
        }
        if KERNEL_FILES.contains(&rest) {
            return Some(Served::Machine);
        }
        return MACHINE.contains(&first).then_some(Served::Machine);
    }
    let cpu = b"/sys/devices/system/cpu";
    if path.starts_with(cpu) && matches!(path.get(cpu.len()), None | Some(b'/')) {
        return Some(Served::Cpus);
    }
    None
}

/// The host path that guest `path` (absolute) names, if it is one of the files
/// this module serves; the file is regenerated first. `None`: not ours.
pub(crate) fn redirect(p: &Process, path: &[u8]) -> Result<Option<CString>, Errno> {
    if !(path.starts_with(b"/proc/") || path.starts_with(b"/sys/")) {
        return Ok(None);
    }
    let Some(what) = classify(p, path) else {
        return Ok(None);
    };
    let root = p.sys.tree().ok_or(Errno::ENOENT)?.to_path_buf();
    let made = match what {
        Served::Process => write_process(p, &root),
        Served::Machine => write_machine(p, &root),
        Served::Cpus => write_cpus(p, &root),
        Served::Absent => Ok(()),
    };
    if let Err(e) = made {
        tracing::warn!(
            "cannot write the guest's {}: {e}",
            String::from_utf8_lossy(path)
        );
        return Err(Errno::EIO);
    }
    let mut host = root.into_os_string().into_encoded_bytes();
    host.extend_from_slice(path);
    CString::new(host).map(Some).map_err(|_| Errno::EINVAL)
}

/// Write `data` to `path` (replacing it), creating its directory.
fn put(path: &Path, data: &[u8]) -> std::io::Result<()> {
    if let Some(dir) = path.parent() {
        std::fs::create_dir_all(dir)?;
    }
    std::fs::write(path, data)
}

/// Make `link` a symbolic link to `target` (replacing what was there).
fn link(link: &Path, target: &Path) -> std::io::Result<()> {
    if let Some(dir) = link.parent() {
        std::fs::create_dir_all(dir)?;
    }
    match std::fs::symlink_metadata(link) {
        Ok(m) if m.is_dir() => std::fs::remove_dir_all(link)?,
        Ok(_) => std::fs::remove_file(link)?,
        Err(_) => {}
    }
    std::os::unix::fs::symlink(target, link)
}

fn comm_str(comm: &[u8]) -> String {
    let n = comm.iter().position(|&b| b == 0).unwrap_or(comm.len());
    String::from_utf8_lossy(&comm[..n]).into_owned()
}

fn write_process(p: &Process, root: &Path) -> std::io::Result<()> {
    let proc = root.join("proc");
    let dir = proc.join(p.pid.to_string());
    link(&proc.join("self"), Path::new(&p.pid.to_string()))?;
    let task = format!("{}/task/{}", p.pid, p.thread.tid);
    link(&proc.join("thread-self"), Path::new(&task))?;
    if p.thread.tid != p.pid {
        link(
            &proc.join(p.thread.tid.to_string()),
            Path::new(&p.pid.to_string()),
        )?;
    }
    put(&dir.join("maps"), maps(p).as_bytes())?;
    put(&dir.join("stat"), stat(p).as_bytes())?;
    put(&dir.join("statm"), statm(p).as_bytes())?;
    put(&dir.join("status"), status(p).as_bytes())?;
    put(&dir.join("cmdline"), &p.facts.cmdline)?;
    put(&dir.join("environ"), &p.facts.environ)?;
    put(
        &dir.join("comm"),
        format!("{}\n", comm_str(&p.thread.comm)).as_bytes(),
    )?;
    // The link opens the program's host file (`p.exe` is the guest's name for it).
    let exe = PathBuf::from(std::ffi::OsStr::from_bytes(
        &p.paths.host_path(p.exe.as_os_str().as_bytes()),
    ));
    link(&dir.join("exe"), &exe)?;
    link(&dir.join("cwd"), &p.cwd)?;
    let tdir = proc.join(&task);
    put(
        &tdir.join("comm"),
        format!("{}\n", comm_str(&p.thread.comm)).as_bytes(),
    )?;
    put(&tdir.join("stat"), stat(p).as_bytes())?;
    put(&tdir.join("status"), status(p).as_bytes())?;
    let fd_dir = dir.join("fd");
    let _ = std::fs::remove_dir_all(&fd_dir);
    std::fs::create_dir_all(&fd_dir)?;
    for (fd, host) in p.fds.iter_host() {
        let target = std::fs::read_link(format!("/proc/self/fd/{host}"))
            .unwrap_or_else(|_| PathBuf::from("/dev/null"));
        link(&fd_dir.join(fd.to_string()), &target)?;
    }
    Ok(())
}

/// `/proc/self/maps` as Linux's `show_map_vma` prints it.
fn maps(p: &Process) -> String {
    let mut out = String::new();
    // Adjacent anonymous pieces of one kind and permissions are one mapping, as
    // Linux merges them.
    let mut merged: Vec<(u64, crate::se::addr_space::Vma)> = Vec::new();
    for (start, v) in p.space.vmas() {
        match merged.last_mut() {
            Some((_, last))
                if last.end == start
                    && last.perms == v.perms
                    && last.kind == v.kind
                    && !matches!(v.kind, VmaKind::File | VmaKind::Image) =>
            {
                last.end = v.end
            }
            _ => merged.push((start, *v)),
        }
    }
    for (start, v) in merged {
        let perm = |bit, ch| if v.perms.has(bit) { ch } else { '-' };
        use crate::se::Perms;
        let (off, dev, ino, name) = match v.kind {
            VmaKind::File | VmaKind::Image => match p.facts.file_at(start) {
                Some((m, off)) => (
                    off,
                    m.dev_ino.0,
                    m.dev_ino.1,
                    Some(m.path.to_string_lossy().into_owned()),
                ),
                None => (0, 0, 0, None),
            },
            VmaKind::Heap => (0, 0, 0, Some("[heap]".to_string())),
            VmaKind::Stack => (0, 0, 0, Some("[stack]".to_string())),
            VmaKind::Anon => (0, 0, 0, None),
            VmaKind::SharedAnon => (0, 0, 0, Some("/dev/zero (deleted)".to_string())),
            VmaKind::Vdso => (0, 0, 0, Some("[vdso]".to_string())),
        };
        let shared = p.space.is_shared_file(start) || v.kind == VmaKind::SharedAnon;
        let mut line = format!(
            "{:08x}-{:08x} {}{}{}{} {:08x} {:02x}:{:02x} {} ",
            start,
            v.end,
            perm(Perms::R, 'r'),
            perm(Perms::W, 'w'),
            perm(Perms::X, 'x'),
            if shared { 's' } else { 'p' },
            off,
            libc::major(dev),
            libc::minor(dev),
            ino,
        );
        if let Some(n) = name {
            // seq_pad: the name starts at column 73 on 64-bit machines.
            while line.len() < 73 {
                line.push(' ');
            }
            line.push_str(&n);
        }
        line.push('\n');
        out.push_str(&line);
    }
    out
}

fn vm_bytes(p: &Process) -> (u64, u64, u64, u64, u64) {
    let (mut size, mut data, mut stack, mut exe) = (0, 0, 0, 0);
    for (s, v) in p.space.vmas() {
        let len = v.end - s;
        size += len;
        match v.kind {
            VmaKind::Stack => stack += len,
            VmaKind::Image if v.perms.has(crate::se::Perms::X) => exe += len,
            VmaKind::File => {}
            _ if v.perms.has(crate::se::Perms::W) => data += len,
            _ => {}
        }
    }
    let rss = p.space.resident_pages() as u64 * PAGE_SIZE;
    (size, rss, data, stack, exe)
}

fn ticks(now: Tick) -> u64 {
    now.0 / 1000 / (1_000_000_000 / USER_HZ)
}

/// `/proc/self/stat`: the 52 fields of Linux's `do_task_stat`.
fn stat(p: &Process) -> String {
    let (size, rss, ..) = vm_bytes(p);
    let utime = ticks(p.facts.now);
    let stack = p.initial_stack();
    let (ignored, caught) = signal_sets(p);
    let (code_lo, code_hi) = p
        .space
        .vmas()
        .filter(|(_, v)| v.kind == VmaKind::Image && v.perms.has(crate::se::Perms::X))
        .fold((u64::MAX, 0), |(lo, hi), (s, v)| (lo.min(s), hi.max(v.end)));
    let code_lo = if code_hi == 0 { 0 } else { code_lo };
    let brk = (p.space.brk_start, p.space.brk);
    let f: Vec<String> = vec![
        p.pid.to_string(),
        format!("({})", comm_str(&p.thread.comm)),
        "R".into(),
        GUEST_PPID.to_string(),
        p.pid.to_string(), // pgrp
        p.pid.to_string(), // session
        "0".into(),        // tty_nr
        "-1".into(),       // tpgid
        "4194304".into(),  // flags: PF_RANDOMIZE off, PF_FORKNOEXEC off
        "0".into(),
        "0".into(),
        "0".into(),
        "0".into(),
        utime.to_string(),
        "0".into(), // stime
        "0".into(),
        "0".into(),
        (20 + p.attrs.nice).to_string(), // priority
        p.attrs.nice.to_string(),
        p.facts.threads.max(1).to_string(),
        "0".into(), // itrealvalue
        "0".into(), // starttime: the process started at tick 0
        size.to_string(),
        (rss / PAGE_SIZE).to_string(),
        p.attrs.soft(5).to_string(), // rsslim
        code_lo.to_string(),
        code_hi.to_string(),
        stack.sp.to_string(), // startstack
        "0".into(),
        "0".into(),
        "0".into(), // signal (pending)
        (p.thread.sigmask & 0xffff_ffff).to_string(),
        (ignored & 0xffff_ffff).to_string(),
        (caught & 0xffff_ffff).to_string(),
        "0".into(), // wchan
        "0".into(),
        "0".into(),
        "17".into(), // exit_signal SIGCHLD
        "0".into(),  // processor
        "0".into(),
        "0".into(),
        "0".into(),
        "0".into(),
        "0".into(),
        "0".into(), // start_data
        "0".into(), // end_data
        brk.0.to_string(),
        "0".into(), // arg_start
        "0".into(),
        "0".into(),
        "0".into(),
        "0".into(), // exit_code
    ];
    let _ = brk.1;
    format!("{}\n", f.join(" "))
}

fn statm(p: &Process) -> String {
    let (size, rss, data, stack, exe) = vm_bytes(p);
    let pg = |b: u64| b / PAGE_SIZE;
    format!(
        "{} {} 0 {} 0 {} 0\n",
        pg(size),
        pg(rss),
        pg(exe),
        pg(data + stack)
    )
}

/// The ignored and caught signal sets, from the recorded dispositions.
fn signal_sets(p: &Process) -> (u64, u64) {
    let (mut ignored, mut caught) = (0u64, 0u64);
    for sig in 1..=64u64 {
        match p.sigactions.get(sig).handler {
            0 => {}
            1 => ignored |= 1 << (sig - 1),
            _ => caught |= 1 << (sig - 1),
        }
    }
    (ignored, caught)
}

/// `/proc/self/status` as Linux 6.8 prints it.
fn status(p: &Process) -> String {
    let (size, rss, data, stack, exe) = vm_bytes(p);
    let kb = |b: u64| b / 1024;
    let (ignored, caught) = signal_sets(p);
    let (uid, euid, gid, egid) = p.ids;
    let n = p.sys.num_cpus();
    let mut s = String::new();
    let _ = writeln!(s, "Name:\t{}", comm_str(&p.thread.comm));
    let _ = writeln!(s, "Umask:\t{:04o}", p.umask);
    s.push_str("State:\tR (running)\n");
    let _ = write!(s, "Tgid:\t{}\nNgid:\t0\nPid:\t{}\n", p.pid, p.thread.tid);
    let _ = write!(s, "PPid:\t{GUEST_PPID}\nTracerPid:\t0\n");
    let _ = writeln!(s, "Uid:\t{uid}\t{euid}\t{euid}\t{euid}");
    let _ = writeln!(s, "Gid:\t{gid}\t{egid}\t{egid}\t{egid}");
    let _ = write!(s, "FDSize:\t{}\nGroups:\t\n", p.fds.capacity().max(64));
    let _ = write!(
        s,
        "NStgid:\t{}\nNSpid:\t{}\nNSpgid:\t{}\nNSsid:\t{}\n",
        p.pid, p.thread.tid, p.pid, p.pid
    );
    let rows = [
        ("VmPeak", size),
        ("VmSize", size),
        ("VmLck", 0),
        ("VmPin", 0),
        ("VmHWM", rss),
        ("VmRSS", rss),
        ("RssAnon", rss),
        ("RssFile", 0),
        ("RssShmem", 0),
        ("VmData", data),
        ("VmStk", stack),
        ("VmExe", exe),
        ("VmLib", 0),
        ("VmPTE", 0),
        ("VmSwap", 0),
    ];
    for (name, bytes) in rows {
        let _ = writeln!(s, "{name}:\t{:8} kB", kb(bytes));
    }
    s.push_str("HugetlbPages:\t       0 kB\nCoreDumping:\t0\nTHP_enabled:\t1\n");
    let _ = writeln!(s, "Threads:\t{}", p.facts.threads.max(1));
    let _ = writeln!(s, "SigQ:\t0/{}", p.attrs.soft(11));
    s.push_str("SigPnd:\t0000000000000000\nShdPnd:\t0000000000000000\n");
    let _ = writeln!(s, "SigBlk:\t{:016x}", p.thread.sigmask);
    let _ = write!(s, "SigIgn:\t{ignored:016x}\nSigCgt:\t{caught:016x}\n");
    s.push_str(
        "CapInh:\t0000000000000000\nCapPrm:\t0000000000000000\n\
         CapEff:\t0000000000000000\nCapBnd:\t000001ffffffffff\n\
         CapAmb:\t0000000000000000\n",
    );
    let _ = writeln!(s, "NoNewPrivs:\t{}", p.attrs.no_new_privs);
    s.push_str("Seccomp:\t0\nSeccomp_filters:\t0\n");
    let mask = if n >= 64 { u64::MAX } else { (1 << n) - 1 };
    let _ = write!(
        s,
        "Cpus_allowed:\t{mask:x}\nCpus_allowed_list:\t{}\n",
        cpu_list(n)
    );
    s.push_str("Mems_allowed:\t00000000,00000001\nMems_allowed_list:\t0\n");
    s.push_str("voluntary_ctxt_switches:\t0\nnonvoluntary_ctxt_switches:\t0\n");
    s
}

/// `0` or `0-N`, as Linux prints a CPU list.
fn cpu_list(n: usize) -> String {
    if n <= 1 {
        "0".to_string()
    } else {
        format!("0-{}", n - 1)
    }
}

/// The ISA string of `/proc/cpuinfo`: `rv64` and the single-letter extensions
/// of `AT_HWCAP` in canonical order, then the multi-letter ones.
fn riscv_isa(hwcap: u64) -> String {
    let mut s = String::from("rv64");
    for ch in "imafdqcbkjpv".chars() {
        if hwcap & (1 << (ch as u8 - b'a')) != 0 {
            s.push(ch);
        }
    }
    s.push_str(RISCV_MULTI_LETTER);
    s
}

fn cpuinfo(p: &Process) -> String {
    let mut s = String::new();
    for cpu in 0..p.sys.num_cpus() {
        if p.info.elf_machine == EM_RISCV {
            let isa = riscv_isa(p.info.hwcap);
            let _ = write!(
                s,
                "processor\t: {cpu}\nhart\t\t: {cpu}\nisa\t\t: {isa}\nmmu\t\t: sv48\n\
                 mvendorid\t: 0x0\nmarchid\t\t: 0x0\nmimpid\t\t: 0x0\nhart isa\t: {isa}\n\n"
            );
        } else {
            let _ = write!(s, "processor\t: {cpu}\n\n");
        }
    }
    s
}

fn meminfo(p: &Process) -> String {
    let frames = p.space.frames();
    let total = frames.total_frames() * PAGE_SIZE / 1024;
    let free = frames.free_frames() * PAGE_SIZE / 1024;
    let rows = [
        ("MemTotal:", total),
        ("MemFree:", free),
        ("MemAvailable:", free),
        ("Buffers:", 0),
        ("Cached:", 0),
        ("SwapCached:", 0),
        ("Active:", total - free),
        ("Inactive:", 0),
        ("SwapTotal:", 0),
        ("SwapFree:", 0),
        ("Dirty:", 0),
        ("Writeback:", 0),
        ("AnonPages:", total - free),
        ("Mapped:", 0),
        ("Shmem:", 0),
        ("CommitLimit:", total / 2),
        ("Committed_AS:", total - free),
        ("VmallocTotal:", 0),
        ("HugePages_Total:", 0),
    ];
    let mut s = String::new();
    for (name, v) in rows {
        if name.starts_with("HugePages") {
            let _ = writeln!(s, "{name:<16}{v:8}");
        } else {
            let _ = writeln!(s, "{name:<16}{v:8} kB");
        }
    }
    let _ = writeln!(s, "Hugepagesize:{:>11} kB", 2048);
    s
}

fn proc_stat(p: &Process) -> String {
    let n = p.sys.num_cpus() as u64;
    let t = ticks(p.facts.now);
    let mut s = format!("cpu  {} 0 0 0 0 0 0 0 0 0\n", t * n);
    for cpu in 0..n {
        let _ = writeln!(s, "cpu{cpu} {t} 0 0 0 0 0 0 0 0 0");
    }
    let _ = write!(
        s,
        "intr 0\nctxt 0\nbtime {EPOCH_BASE_SECS}\nprocesses 1\nprocs_running 1\n\
         procs_blocked 0\nsoftirq 0 0 0 0 0 0 0 0 0 0 0\n"
    );
    s
}

fn write_machine(p: &Process, root: &Path) -> std::io::Result<()> {
    let proc = root.join("proc");
    let now_ns = p.facts.now.0 / 1000;
    let (secs, cs) = (now_ns / 1_000_000_000, now_ns / 10_000_000 % 100);
    put(&proc.join("cpuinfo"), cpuinfo(p).as_bytes())?;
    put(&proc.join("meminfo"), meminfo(p).as_bytes())?;
    put(&proc.join("stat"), proc_stat(p).as_bytes())?;
    put(
        &proc.join("uptime"),
        format!("{secs}.{cs:02} 0.00\n").as_bytes(),
    )?;
    put(
        &proc.join("loadavg"),
        format!("0.00 0.00 0.00 1/{} {}\n", p.facts.threads.max(1), p.pid).as_bytes(),
    )?;
    let kernel = proc.join("sys/kernel");
    put(
        &kernel.join("osrelease"),
        format!("{}\n", super::misc::UNAME_RELEASE).as_bytes(),
    )?;
    put(&kernel.join("ostype"), b"Linux\n")?;
    put(&kernel.join("hostname"), b"sim\n")?;
    put(&kernel.join("version"), b"#1 SMP PREEMPT_DYNAMIC\n")?;
    put(
        &proc.join("version"),
        format!(
            "Linux version {} (sim) #1 SMP PREEMPT_DYNAMIC\n",
            super::misc::UNAME_RELEASE
        )
        .as_bytes(),
    )
}

fn write_cpus(p: &Process, root: &Path) -> std::io::Result<()> {
    let dir = root.join("sys/devices/system/cpu");
    let n = p.sys.num_cpus();
    let list = format!("{}\n", cpu_list(n));
    for f in ["online", "possible", "present"] {
        put(&dir.join(f), list.as_bytes())?;
    }
    put(&dir.join("offline"), b"\n")?;
    put(&dir.join("kernel_max"), format!("{}\n", 511).as_bytes())?;
    for cpu in 0..n {
        std::fs::create_dir_all(dir.join(format!("cpu{cpu}")))?;
    }
    // CPUs of an earlier, larger configuration of the same tree are gone.
    for k in n.. {
        let d = dir.join(format!("cpu{k}"));
        if !d.exists() {
            break;
        }
        std::fs::remove_dir_all(d)?;
    }
    Ok(())
}

/// Host path of what guest fd `host` names, for `/proc/self/fd` links and `fchdir`.
pub(crate) fn host_fd_path(host: i32) -> Option<PathBuf> {
    std::fs::read_link(format!("/proc/self/fd/{host}")).ok()
}

/// The guest path a host path in the tree stands for (a directory fd under
/// `/proc` that the guest `fchdir`s to); other paths unchanged.
pub(crate) fn guest_path(p: &Process, host: &Path) -> PathBuf {
    match p.sys.tree().and_then(|root| host.strip_prefix(root).ok()) {
        Some(rest) => Path::new("/").join(rest),
        None => host.to_path_buf(),
    }
}
