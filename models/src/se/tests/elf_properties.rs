//! Seeded property test of the ELF loader: mutated executables (header fields set to
//! boundary values, flipped bytes, truncations, trailing garbage) load or are
//! refused with an error; none panics, hangs or asks the host for memory it cannot
//! give. Seed and budget: `sim_core::property`.

use super::*;
use sim_core::property::{budget, SplitMix64};
use std::path::Path;
use std::process::Command;
use std::time::{Duration, Instant};

/// Offsets and widths of the ELF64 header fields a loader reads.
const HEADER_FIELDS: &[(usize, usize)] = &[
    (4, 1),  // class
    (5, 1),  // data
    (6, 1),  // version
    (16, 2), // e_type
    (18, 2), // e_machine
    (24, 8), // e_entry
    (32, 8), // e_phoff
    (40, 8), // e_shoff
    (52, 2), // e_ehsize
    (54, 2), // e_phentsize
    (56, 2), // e_phnum
    (58, 2), // e_shentsize
    (60, 2), // e_shnum
    (62, 2), // e_shstrndx
];

/// Offsets (within one program header) and widths of its fields.
const PHDR_FIELDS: &[(usize, usize)] = &[
    (0, 4),  // p_type
    (4, 4),  // p_flags
    (8, 8),  // p_offset
    (16, 8), // p_vaddr
    (24, 8), // p_paddr
    (32, 8), // p_filesz
    (40, 8), // p_memsz
    (48, 8), // p_align
];

/// Values that break loaders: zero, one, all ones, near-overflow, page edges, the
/// file length, and the usual program-header types.
fn interesting(g: &mut SplitMix64, len: usize) -> u64 {
    const FIXED: &[u64] = &[
        0,
        1,
        2,
        3,
        7,
        0x1000,
        0xfff,
        0x7fff_ffff,
        0xffff_ffff,
        u64::MAX,
        u64::MAX - 0xfff,
        u64::MAX / 2,
        1 << 47,
        1 << 56,
        0x6474_e551, // PT_GNU_STACK
        0x6474_e552, // PT_GNU_RELRO
        0x7000_0003, // PT_RISCV_ATTRIBUTES
    ];
    match g.below(4) {
        0 => len as u64,
        1 => len as u64 + 1 + g.below(64),
        2 => g.next_u64(),
        _ => FIXED[g.below(FIXED.len() as u64) as usize],
    }
}

fn put(b: &mut [u8], off: usize, width: usize, v: u64) {
    if off + width <= b.len() {
        b[off..off + width].copy_from_slice(&v.to_le_bytes()[..width]);
    }
}

/// One to four random mutations of `good`.
fn mutate(g: &mut SplitMix64, good: &[u8]) -> Vec<u8> {
    let mut b = good.to_vec();
    for _ in 0..1 + g.below(4) {
        let len = b.len();
        match g.below(6) {
            0 => {
                let (off, w) = HEADER_FIELDS[g.below(HEADER_FIELDS.len() as u64) as usize];
                let v = interesting(g, len);
                put(&mut b, off, w, v);
            }
            1 | 2 => {
                // A program header field; e_phoff/e_phnum as the original file has them.
                let phoff = u64::from_le_bytes(good[32..40].try_into().unwrap()) as usize;
                let phnum = u16::from_le_bytes([good[56], good[57]]) as u64;
                let (off, w) = PHDR_FIELDS[g.below(PHDR_FIELDS.len() as u64) as usize];
                let at = phoff + 56 * g.below(phnum.max(1)) as usize + off;
                let v = interesting(g, len);
                put(&mut b, at, w, v);
            }
            3 if len > 0 => {
                // Flip a byte, mostly among the headers.
                let span = if g.below(2) == 0 { len.min(512) } else { len };
                let at = g.below(span as u64) as usize;
                b[at] ^= 1 << g.below(8);
            }
            4 if len > 0 => b.truncate(g.below(len as u64) as usize),
            _ => b.extend((0..g.below(256)).map(|_| g.next_u64() as u8)),
        }
    }
    b
}

/// A static hello from the RISC-V cross compiler, if it is installed.
fn real_static_binary(dir: &Path) -> Option<Vec<u8>> {
    let cc = Path::new("/usr/bin/riscv64-linux-gnu-gcc");
    if !cc.exists() {
        eprintln!("note: riscv64-linux-gnu-gcc missing; mutating the hand-made ELF only");
        return None;
    }
    let src = dir.join("hello.c");
    std::fs::write(
        &src,
        "#include <stdio.h>\nint main(void) { puts(\"hi\"); return 0; }\n",
    )
    .unwrap();
    let exe = dir.join("hello");
    let ok = Command::new(cc)
        .args(["-O2", "-static", "-o"])
        .arg(&exe)
        .arg(&src)
        .status()
        .is_ok_and(|s| s.success());
    assert!(ok, "riscv64-linux-gnu-gcc -static failed");
    Some(std::fs::read(exe).unwrap())
}

#[test]
fn mutated_executables_load_or_fail_cleanly() {
    let b = budget(3000);
    let mut g = SplitMix64::new(b.seed);
    let dir = tempfile::tempdir().unwrap();
    let mut seeds = vec![tiny_elf()];
    seeds.extend(real_static_binary(dir.path()));
    let (mut loaded, mut refused) = (0u32, 0u32);
    for case in 0..b.cases {
        let good = &seeds[case as usize % seeds.len()];
        let bytes = mutate(&mut g, good);
        let started = Instant::now();
        let mut params = ProcessParams::new("/bin/mutant");
        params.argv = vec!["mutant".into()];
        match Process::from_elf_bytes(&bytes, &params, &INFO, frames()) {
            Ok(_) => loaded += 1,
            Err(e) => {
                let text = e.to_string();
                assert!(
                    text.contains("/bin/mutant") && !text.contains('\n'),
                    "case {case}: the error names the file on one line: {text:?}"
                );
                refused += 1;
            }
        }
        assert!(
            started.elapsed() < Duration::from_secs(2),
            "case {case}: loading took {:?}",
            started.elapsed()
        );
    }
    eprintln!("{loaded} mutants loaded, {refused} refused");
    // Both outcomes occur, so the mutations reach past the first check.
    assert!(
        loaded > 0 && refused > 0,
        "{loaded} loaded, {refused} refused"
    );
}
