//! Seeded property tests of whole runs: generated programs and mutated real
//! executables go through the loader, the SE kernel and every CPU model, in process.
//!
//! * A random program (valid RV64GC instructions with registers pointing into a data
//!   segment, no system calls or m5ops) ends the same way — exit status or signal,
//!   and the number of committed instructions — on the atomic CPU, the timing CPU,
//!   and the timing CPU behind L1 and L2 caches: the CPU models and the memory
//!   system change timing, never architectural results.
//! * A mutated static binary loads and runs, or is refused with an error; no input
//!   panics the simulator.
//!
//! Seed and budget: `sim_core::property` (`SIM_PROPERTY_SEED`, `SIM_PROPERTY_CASES`).

mod common;

use isa_riscv::{decode, Riscv64, RvInst, CYCLE, TIME};
use models::boards::se::{SeOptions, SeOutcome};
use models::boards::session::SeSession;
use models::boards::spec::HierarchyKind;
use sim_core::arch::{InstFlags, RegClass, RegId, StaticInst};
use sim_core::exit::ExitCause;
use sim_core::property::{budget, SplitMix64};
use std::path::Path;

const TEXT: u64 = 0x10000;
const DATA: u64 = 0x40000;
const DATA_SIZE: usize = 0x4000;
/// Instructions a random program may commit before the run is cut short.
const MAX_INSTS: u64 = 4000;

fn lui(rd: u32, imm20: u32) -> u32 {
    (imm20 << 12) | (rd << 7) | 0x37
}
fn addi(rd: u32, rs1: u32, imm12: u32) -> u32 {
    ((imm12 & 0xfff) << 20) | (rs1 << 15) | (rd << 7) | 0x13
}

/// True if `inst` may appear in a random program: no system call or m5op (they would
/// act on the host), no read of the cycle or time counters (their values differ
/// between CPU models by design), and of the other CSRs mostly the floating-point
/// ones (most others are not accessible from user mode and end the run at once).
fn allowed(g: &mut SplitMix64, inst: &RvInst) -> bool {
    let f = inst.flags();
    if f.has(InstFlags::SYSCALL) || f.has(InstFlags::M5OP) {
        return false;
    }
    // Rounding modes 5 and 6 are reserved: the instruction is illegal.
    if f.has(InstFlags::FLOAT) && matches!(inst.rm, 5 | 6) && g.below(16) != 0 {
        return false;
    }
    let is_csr = inst.mnemonic().starts_with("csrr");
    let csr = inst.imm as u16;
    !is_csr || (csr != CYCLE && csr != TIME && ((1..=3).contains(&csr) || g.below(16) == 0))
}

/// A random program: point every register but x0 into the data segment, then
/// `len` random instructions (control transfers and writes to [`POINTERS`] rare),
/// then `exit(0)`.
fn random_program(g: &mut SplitMix64, len: usize) -> Vec<u8> {
    let mut code = Vec::new();
    for rd in 1..32u32 {
        // Within 2 KiB of the middle, so any 12-bit offset stays inside the segment.
        code.extend(lui(rd, ((DATA + DATA_SIZE as u64 / 2) >> 12) as u32).to_le_bytes());
        let off = (g.below(2048) as u32 & !7).wrapping_sub(1024);
        code.extend(addi(rd, rd, off).to_le_bytes());
    }
    let mut n = 0;
    while n < len {
        let word = g.next_u64() as u32;
        let raw = steer_base(g, word);
        let Ok(inst) = decode(&raw.to_le_bytes()) else {
            continue;
        };
        let rare = inst.flags().has(InstFlags::CONTROL) || clobbers_pointer(&inst);
        if !allowed(g, &inst) || (rare && g.below(16) != 0) {
            continue;
        }
        code.extend(&raw.to_le_bytes()[..inst.size() as usize]);
        n += 1;
    }
    // li a7, 93; li a0, 0; ecall
    for w in [addi(17, 0, 93), addi(10, 0, 0), 0x73] {
        code.extend(w.to_le_bytes());
    }
    // Half the data words point back into the middle of the data, so a loaded
    // register often still addresses memory and runs go on past the first loads.
    let data: Vec<u8> = (0..DATA_SIZE / 8)
        .flat_map(|_| {
            let word = match g.below(2) {
                0 => DATA + DATA_SIZE as u64 / 2 - 1024 + g.below(2048),
                _ => g.next_u64(),
            };
            word.to_le_bytes()
        })
        .collect();
    static_elf(&code, &data)
}

/// Registers that hold data pointers in a random program.
const POINTERS: std::ops::RangeInclusive<u16> = 5..=15;

/// A 32-bit memory access takes a pointer register as its base (compressed ones use
/// x8..x15 or sp already), so random programs run long enough to reach
/// interesting states.
fn steer_base(g: &mut SplitMix64, raw: u32) -> u32 {
    // LOAD, LOAD-FP, STORE, STORE-FP, AMO: the base is rs1.
    if raw & 3 == 3 && matches!(raw & 0x7f, 0x03 | 0x07 | 0x23 | 0x27 | 0x2f) {
        let base = *POINTERS.start() as u32 + g.below(POINTERS.len() as u64) as u32;
        (raw & !(0x1f << 15)) | (base << 15)
    } else {
        raw
    }
}

/// True if `inst` overwrites a pointer register or sp.
fn clobbers_pointer(inst: &RvInst) -> bool {
    let mut dests = [RegId::int(0); 8];
    let n = inst.dests(&mut dests);
    dests[..n]
        .iter()
        .any(|r| r.class == RegClass::Int && (POINTERS.contains(&r.index) || r.index == 2))
}

/// A static RISC-V ELF64 with `code` in an RX segment at [`TEXT`] (after the
/// headers) and `data` in an RW segment at [`DATA`].
fn static_elf(code: &[u8], data: &[u8]) -> Vec<u8> {
    let hdr = 64 + 2 * 56;
    let mut b = vec![0u8; hdr];
    b[..8].copy_from_slice(b"\x7fELF\x02\x01\x01\x00");
    let put = |b: &mut Vec<u8>, off: usize, w: usize, v: u64| {
        b[off..off + w].copy_from_slice(&v.to_le_bytes()[..w])
    };
    put(&mut b, 16, 2, 2); // ET_EXEC
    put(&mut b, 18, 2, 243); // EM_RISCV
    put(&mut b, 20, 4, 1);
    put(&mut b, 24, 8, TEXT + hdr as u64); // e_entry
    put(&mut b, 32, 8, 64); // e_phoff
    put(&mut b, 52, 2, 64);
    put(&mut b, 54, 2, 56);
    put(&mut b, 56, 2, 2);
    put(&mut b, 58, 2, 64);
    let text_len = (hdr + code.len()) as u64;
    let data_off = text_len.next_multiple_of(0x1000);
    let segments = [
        (5u64, 0u64, TEXT, text_len, text_len),
        (6, data_off, DATA, data.len() as u64, data.len() as u64),
    ];
    for (i, (flags, off, vaddr, filesz, memsz)) in segments.into_iter().enumerate() {
        let ph = 64 + 56 * i;
        put(&mut b, ph, 4, 1); // PT_LOAD
        put(&mut b, ph + 4, 4, flags);
        put(&mut b, ph + 8, 8, off);
        put(&mut b, ph + 16, 8, vaddr);
        put(&mut b, ph + 24, 8, vaddr);
        put(&mut b, ph + 32, 8, filesz);
        put(&mut b, ph + 40, 8, memsz);
        put(&mut b, ph + 48, 8, 0x1000);
    }
    b.extend_from_slice(code);
    b.resize(data_off as usize, 0);
    b.extend_from_slice(data);
    b
}

/// How a run ended: the guest's outcome (None if cut short) and instructions committed.
type Ending = (Option<SeOutcome>, u64);

/// Run `binary` to its end or [`MAX_INSTS`] on one CPU configuration.
fn run(binary: &Path, outdir: &Path, cpu: &str, caches: bool) -> Result<Ending, String> {
    let mut opts = SeOptions::new(binary, Vec::new());
    opts.outdir = outdir.to_path_buf();
    opts.cpu_type = cpu.into();
    opts.max_insts = Some(MAX_INSTS);
    if caches {
        opts.hierarchy.kind = HierarchyKind::PrivateL1SharedL2;
    }
    let mut session = SeSession::build::<Riscv64>(&opts).map_err(|e| e.to_string())?;
    loop {
        let cause = session.run(None).map_err(|e| e.to_string())?;
        match cause {
            ExitCause::WorkBegin { .. } | ExitCause::WorkEnd { .. } => continue,
            _ => break,
        }
    }
    Ok((session.outcome(), session.committed().0))
}

#[test]
fn random_programs_end_alike_on_every_cpu_model() {
    let b = budget(150);
    let mut g = SplitMix64::new(b.seed);
    let dir = common::tempdir("sim-prop-programs-");
    let bin = dir.path().join("random");
    let (mut exited, mut signaled, mut cut) = (0, 0, 0);
    for case in 0..b.cases {
        let len = 16 + g.below(400) as usize;
        std::fs::write(&bin, random_program(&mut g, len)).unwrap();
        let atomic = run(&bin, &dir.path().join("a"), "atomic", false)
            .unwrap_or_else(|e| panic!("case {case}: the program did not run: {e}"));
        for (cpu, caches) in [("timing", false), ("timing", true)] {
            let other = run(&bin, &dir.path().join("t"), cpu, caches).unwrap();
            assert_eq!(
                other,
                atomic,
                "case {case} ({len} instructions): {cpu} (caches: {caches}) vs atomic; \
                 the program is kept at {}",
                keep(&bin, case)
            );
        }
        match atomic.0 {
            Some(SeOutcome::Exited(_)) => exited += 1,
            Some(SeOutcome::Signaled(_)) => signaled += 1,
            _ => cut += 1,
        }
    }
    eprintln!("{exited} exited, {signaled} killed by a signal, {cut} cut short");
    assert!(
        exited + cut > 0 && signaled > 0,
        "the programs are too uniform"
    );
}

/// Copy a failing program where it survives the test's temporary directory.
fn keep(bin: &Path, case: u32) -> String {
    let to = std::env::temp_dir().join(format!("sim-property-case-{case}"));
    let _ = std::fs::copy(bin, &to);
    to.display().to_string()
}

#[test]
fn mutated_real_binaries_run_or_are_refused() {
    let hello = common::guest_bin("hello");
    common::build_guests();
    let good = std::fs::read(&hello).expect("guest/build.sh builds hello");
    let b = budget(80);
    let mut g = SplitMix64::new(b.seed ^ 0xe1f);
    let dir = common::tempdir("sim-prop-mutants-");
    let bin = dir.path().join("mutant");
    let (mut ran, mut refused) = (0, 0);
    // The mutants share the test's standard output; hush it while they run.
    let _quiet = QuietStdout::new();
    for case in 0..b.cases {
        let mut bytes = good.clone();
        for _ in 0..1 + g.below(8) {
            // Flip bytes, mostly in the headers and the first pages of code.
            let span = if g.below(2) == 0 { 4096 } else { bytes.len() };
            let at = g.below(span as u64) as usize;
            bytes[at] ^= 1 << g.below(8);
        }
        std::fs::write(&bin, &bytes).unwrap();
        match run(&bin, &dir.path().join("m"), "atomic", false) {
            Ok(_) => ran += 1,
            Err(e) => {
                assert!(!e.contains('\n'), "case {case}: one-line error: {e:?}");
                refused += 1;
            }
        }
    }
    eprintln!("{ran} mutants ran, {refused} refused");
    assert!(ran > 0, "no mutant ran: the mutations are too coarse");
}

/// Standard output sent to /dev/null while this lives (the guests of an in-process
/// run write to the host's fd 1 directly); standard error, where test failures are
/// reported, stays.
struct QuietStdout(i32);

impl QuietStdout {
    fn new() -> Self {
        // SAFETY: plain fd calls; fd 1 is restored in Drop.
        unsafe {
            let saved = libc::dup(1);
            let null = libc::open(c"/dev/null".as_ptr(), libc::O_WRONLY);
            libc::dup2(null, 1);
            libc::close(null);
            QuietStdout(saved)
        }
    }
}

impl Drop for QuietStdout {
    fn drop(&mut self) {
        // SAFETY: restores the fd saved in `new`.
        unsafe {
            libc::dup2(self.0, 1);
            libc::close(self.0);
        }
    }
}
