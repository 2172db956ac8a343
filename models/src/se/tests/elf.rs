//! Loader and initial-stack tests: malformed inputs, a hand-made ELF, and real
//! static binaries from the RISC-V cross compiler.

use super::*;
use crate::se::abi::auxv::*;
use crate::se::addr_space::{PIE_BASE, STACK_TOP};
use crate::se::loader::ElfError;
use crate::se::process::{DetRng, DEFAULT_SEED};
use crate::se::LoadError;
use sim_core::arch::MemAccess;
use sim_core::Addr;
use std::collections::BTreeMap;
use std::path::Path;
use std::process::Command;

/// A predicate on the expected error.
type Check = fn(&ElfError) -> bool;

fn load_err(bytes: &[u8]) -> ElfError {
    match Process::from_elf_bytes(bytes, &ProcessParams::new("/t"), &INFO, frames()) {
        Err(LoadError::Elf { source, .. }) => source,
        Err(e) => panic!("unexpected error {e}"),
        Ok(_) => panic!("malformed ELF loaded"),
    }
}

#[test]
fn malformed_elves_give_the_right_error() {
    let good = tiny_elf();
    let patch = |off: usize, bytes: &[u8]| {
        let mut b = good.clone();
        b[off..off + bytes.len()].copy_from_slice(bytes);
        b
    };
    let cases: Vec<(&str, Vec<u8>, Check)> = vec![
        ("garbage", b"#!/bin/sh\necho hi\n".to_vec(), |e| {
            matches!(e, ElfError::NotElf)
        }),
        ("empty", Vec::new(), |e| matches!(e, ElfError::NotElf)),
        ("truncated header", good[..40].to_vec(), |e| {
            matches!(
                e,
                ElfError::Truncated {
                    need: 64,
                    len: 40,
                    ..
                }
            )
        }),
        ("truncated phdrs", good[..100].to_vec(), |e| {
            matches!(
                e,
                ElfError::Truncated {
                    what: "program headers",
                    ..
                }
            )
        }),
        ("32-bit", patch(4, &[1]), |e| {
            matches!(e, ElfError::WrongClass { class: 1 })
        }),
        ("big-endian", patch(5, &[2]), |e| {
            matches!(e, ElfError::Malformed(_))
        }),
        ("wrong machine", patch(18, &183u16.to_le_bytes()), |e| {
            matches!(
                e,
                ElfError::WrongMachine {
                    found: 183,
                    expected: 243,
                    ..
                }
            )
        }),
        ("relocatable", patch(16, &1u16.to_le_bytes()), |e| {
            matches!(e, ElfError::NotExecutable { e_type: 1 })
        }),
        (
            "segment past EOF",
            patch(64 + 56 + 32, &0x1000u64.to_le_bytes()),
            |e| matches!(e, ElfError::SegmentOutsideFile { index: 1, .. }),
        ),
        (
            "filesz > memsz",
            patch(64 + 56 + 40, &4u64.to_le_bytes()),
            |e| matches!(e, ElfError::BadSegment { index: 1, .. }),
        ),
        (
            "PT_INTERP not a path",
            patch(64, &3u32.to_le_bytes()),
            |e| matches!(e, ElfError::BadInterp { .. }),
        ),
    ];
    for (name, bytes, ok) in cases {
        let e = load_err(&bytes);
        assert!(ok(&e), "{name}: got {e:?}");
    }
    let msg = load_err(&patch(18, &183u16.to_le_bytes())).to_string();
    assert!(msg.contains("AARCH64") && msg.contains("RISCV"), "{msg}");
    assert!(load_err(&patch(64, &3u32.to_le_bytes()))
        .to_string()
        .contains("PT_INTERP"));
}

/// The stack as the guest sees it: argv, envp and the auxiliary vector.
struct StackView {
    argv: Vec<String>,
    envp: Vec<String>,
    auxv: BTreeMap<u64, u64>,
}

fn read_stack(p: &mut Process) -> StackView {
    let sp = p.initial_sp().0;
    let s = p.space();
    let str_at = |s: &mut crate::se::AddrSpace, a: u64| {
        String::from_utf8(s.read_cstr(a, 4096).unwrap()).unwrap()
    };
    let argc = s.read_u64(sp).unwrap();
    let argv = (0..argc)
        .map(|i| s.read_u64(sp + 8 + 8 * i).unwrap())
        .collect::<Vec<_>>();
    let argv = argv.into_iter().map(|a| str_at(s, a)).collect();
    let mut a = sp + 8 * (argc + 2);
    assert_eq!(s.read_u64(a - 8).unwrap(), 0, "argv is NULL-terminated");
    let mut envp = Vec::new();
    while let v @ 1.. = s.read_u64(a).unwrap() {
        envp.push(str_at(s, v));
        a += 8;
    }
    a += 8;
    let mut auxv = BTreeMap::new();
    loop {
        let (k, v) = (s.read_u64(a).unwrap(), s.read_u64(a + 8).unwrap());
        a += 16;
        if k == AT_NULL {
            break;
        }
        auxv.insert(k, v);
    }
    StackView { argv, envp, auxv }
}

#[test]
fn tiny_elf_loads_with_linux_stack_layout() {
    let mut p = tiny_process([0, 1, 2]);
    assert_eq!(p.entry(), Addr(TINY_TEXT + 0xb0));
    let sp = p.initial_sp().0;
    assert_eq!(sp % 16, 0);
    assert!(sp < STACK_TOP && sp > STACK_TOP - 4096);
    let regs: FakeRegs = p.initial_regs();
    assert_eq!(regs.int(2), sp);
    let st = read_stack(&mut p);
    assert_eq!(st.argv, ["tiny", "arg1"]);
    assert_eq!(st.envp, ["HOME=/home/sim"]);
    assert_eq!(st.auxv[&AT_PHDR], TINY_TEXT + 64);
    assert_eq!(st.auxv[&AT_PHNUM], 2);
    assert_eq!(st.auxv[&AT_PHENT], 56);
    assert_eq!(st.auxv[&AT_PAGESZ], 4096);
    assert_eq!(st.auxv[&AT_ENTRY], TINY_TEXT + 0xb0);
    assert_eq!(st.auxv[&AT_HWCAP], 0x112d);
    assert_eq!(st.auxv[&AT_CLKTCK], 100);
    assert_eq!(
        (st.auxv[&AT_BASE], st.auxv[&AT_SECURE], st.auxv[&AT_FLAGS]),
        (0, 0, 0)
    );
    assert!(!st.auxv.contains_key(&AT_PLATFORM));
    let execfn = st.auxv[&AT_EXECFN];
    assert_eq!(p.space().read_cstr(execfn, 100).unwrap(), b"/bin/tiny");
    let mut expect = [0u8; 16];
    DetRng::new(DEFAULT_SEED).fill(&mut expect);
    assert_eq!(p.space().read_vec(st.auxv[&AT_RANDOM], 16).unwrap(), expect);
    // Segments: text is R+X (not writable), data holds its bytes, bss reads zero.
    assert!(p.translate(Addr(TINY_TEXT), MemAccess::Fetch).is_ok());
    assert!(p.translate(Addr(TINY_TEXT), MemAccess::Store).is_err());
    assert_eq!(p.space().read_vec(TINY_DATA, 8).unwrap(), b"DATADATA");
    assert_eq!(p.space().read_u64(TINY_DATA + 0x2000).unwrap(), 0);
    assert!(p.translate(Addr(TINY_DATA), MemAccess::Fetch).is_err());
    // brk starts at the page after the highest segment.
    assert_eq!(sys(&mut p, "brk", &[0]) as u64, 0x24000);
}

/// Compile `src` for riscv64 with `extra` flags; `None` (with a note) if that fails.
fn cross_compile(dir: &Path, src: &str, extra: &[&str]) -> Option<std::path::PathBuf> {
    let cc = Path::new("/usr/bin/riscv64-linux-gnu-gcc");
    let c = dir.join("t.c");
    std::fs::write(&c, src).unwrap();
    let out = dir.join(format!("t{}", extra.join("")));
    let st = Command::new(cc)
        .args(["-O2"])
        .args(extra)
        .arg(&c)
        .arg("-o")
        .arg(&out)
        .status()
        .unwrap();
    if !st.success() {
        eprintln!("note: riscv64-linux-gnu-gcc {extra:?} failed; skipping that variant");
        return None;
    }
    Some(out)
}

const HELLO: &str =
    "#include <stdio.h>\nint main(int c, char **v) { printf(\"%d %s\\n\", c, v[0]); return 3; }\n";

const START_ONLY: &str =
    "void _start(void) { __asm__ volatile(\"li a7, 93\\n li a0, 0\\n ecall\"); for (;;); }\n";

fn check_real_binary(path: &Path, pie: bool) {
    let bytes = std::fs::read(path).unwrap();
    let elf = goblin::elf::Elf::parse(&bytes).unwrap();
    let mut params = ProcessParams::new(path);
    params.argv = vec!["prog".into(), "x y".into()];
    params.envp = vec!["A=1".into(), "LANG=C".into()];
    let mut p = Process::from_params(&params, &INFO, frames()).unwrap();
    let base = if pie { PIE_BASE } else { 0 };
    assert_eq!(p.entry().0, base + elf.entry);
    let st = read_stack(&mut p);
    assert_eq!(st.argv, ["prog", "x y"]);
    assert_eq!(st.envp, ["A=1", "LANG=C"]);
    let phdr = elf
        .program_headers
        .iter()
        .find(|h| h.p_type == goblin::elf::program_header::PT_PHDR);
    let phdr = match phdr {
        Some(h) => h.p_vaddr,
        None => {
            let l = elf
                .program_headers
                .iter()
                .find(|h| h.p_type == 1 && h.p_offset == 0)
                .unwrap();
            l.p_vaddr + elf.header.e_phoff
        }
    };
    assert_eq!(st.auxv[&AT_PHDR], base + phdr);
    assert_eq!(st.auxv[&AT_PHNUM], elf.header.e_phnum as u64);
    assert_eq!(st.auxv[&AT_ENTRY], p.entry().0);
    // The program headers really are at AT_PHDR.
    let raw = p.space().read_vec(st.auxv[&AT_PHDR], 4).unwrap();
    assert_eq!(
        u32::from_le_bytes(raw.try_into().unwrap()),
        elf.program_headers[0].p_type
    );
    // The first instruction is fetchable and not writable.
    assert!(p.translate(p.entry(), MemAccess::Fetch).is_ok());
    assert!(p.translate(p.entry(), MemAccess::Store).is_err());
}

#[test]
fn real_static_binaries_load() {
    let dir = tempfile::tempdir().unwrap();
    if !Path::new("/usr/bin/riscv64-linux-gnu-gcc").exists() {
        eprintln!("note: riscv64-linux-gnu-gcc missing; skipping the real-binary test");
        return;
    }
    let exe = cross_compile(dir.path(), HELLO, &["-static"]).expect("a -static build works");
    check_real_binary(&exe, false);
    // glibc's static-pie needs rcrt1.o, which some toolchains lack; a libc-free
    // static-pie always links.
    if let Some(pie) = cross_compile(dir.path(), HELLO, &["-static-pie"]) {
        check_real_binary(&pie, true);
    }
    let flags = [
        "-nostdlib",
        "-static-pie",
        "-fPIE",
        "-Wl,--no-dynamic-linker",
    ];
    let pie = cross_compile(dir.path(), START_ONLY, &flags).expect("a libc-free static-pie links");
    check_real_binary(&pie, true);
}

/// The cross toolchain's sysroot (it holds the riscv64 ELF interpreter).
const CROSS_SYSROOT: &str = "/usr/riscv64-linux-gnu";

#[test]
fn a_dynamic_pie_loads_at_et_dyn_base_with_its_interpreter_below_the_mmap_base() {
    let dir = tempfile::tempdir().unwrap();
    let exe = cross_compile(dir.path(), HELLO, &["-fPIE", "-pie"]).expect("a PIE build links");
    let bytes = std::fs::read(&exe).unwrap();
    let elf = goblin::elf::Elf::parse(&bytes).unwrap();
    let mut params = ProcessParams::new(&exe);
    params.paths = crate::se::PathMap::with_sysroot(Path::new(CROSS_SYSROOT));
    let mut p = Process::from_params(&params, &INFO, frames()).unwrap();
    let ld_path = Path::new(CROSS_SYSROOT).join(elf.interpreter.unwrap().trim_start_matches('/'));
    let ld_bytes = std::fs::read(&ld_path).unwrap();
    let ld = goblin::elf::Elf::parse(&ld_bytes).unwrap();
    let st = read_stack(&mut p);
    let base = st.auxv[&AT_BASE];
    // Linux's ELF_ET_DYN_BASE for riscv64, page-aligned: (1 << 47) / 3 * 2.
    assert_eq!(PIE_BASE, ((1u64 << 47) / 3 * 2) & !0xfff);
    assert_eq!(st.auxv[&AT_ENTRY], PIE_BASE + elf.header.e_entry);
    let span = ld
        .program_headers
        .iter()
        .filter(|ph| ph.p_type == goblin::elf::program_header::PT_LOAD)
        .map(|ph| ph.p_vaddr + ph.p_memsz)
        .max()
        .unwrap();
    // Where mmap(NULL, span) would go: just below the mmap base, page-aligned.
    let span_pages = (span + 0xfff) & !0xfff;
    assert_eq!(base, crate::se::addr_space::MMAP_BASE - span_pages);
    assert_eq!(p.entry().0, base + ld.header.e_entry);
    assert_eq!(st.auxv[&AT_PHDR], PIE_BASE + elf.header.e_phoff);
    // The interpreter's first bytes are its ELF header.
    assert_eq!(p.space().read_vec(base, 4).unwrap(), b"\x7fELF");
    // Without a sysroot the interpreter is the host's, which this host lacks
    // for riscv64: the error names it and says how to give the guest's root.
    if !Path::new("/lib/ld-linux-riscv64-lp64d.so.1").exists() {
        let err = Process::from_params(&ProcessParams::new(&exe), &INFO, frames())
            .err()
            .unwrap();
        assert!(matches!(err, LoadError::InterpIo { .. }), "{err}");
        let msg = err.to_string();
        assert!(
            msg.contains("ld-linux-riscv64") && msg.contains("--sysroot"),
            "{msg}"
        );
    }
}

#[test]
fn missing_file_is_an_io_error_naming_the_path() {
    let err = Process::from_params(&ProcessParams::new("/nonexistent/prog"), &INFO, frames())
        .err()
        .unwrap();
    assert!(matches!(err, LoadError::Io { .. }));
    assert!(err.to_string().contains("/nonexistent/prog"));
}
