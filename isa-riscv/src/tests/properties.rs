//! Seeded property tests: generated instruction words thrown at the decoder, the
//! disassembler and the executor (budget and seed: `sim_core::property`).
//!
//! Properties checked on every input:
//! * decoding any bytes gives an instruction or an error, never a panic, and the
//!   length follows the encoding's low bits;
//! * the disassembler names every instruction the decoder accepts;
//! * executing a valid instruction from any register state writes no register it
//!   does not declare as a destination, never writes x0, and a faulting instruction
//!   changes no register at all (precise faults);
//! * a load or store split into `initiate_acc` + `complete_acc` (the timing and
//!   detailed CPUs' path) does exactly what `execute` (the atomic path) does.

use super::mock::{Mock, Pending, MEM_BASE, MEM_SIZE};
use crate::decode::{Enc, TABLES16, TABLES32};
use crate::disasm::{disassemble, text};
use crate::{decode, RvInst};
use sim_core::arch::{DecodeError, MemFlags, RegId, StaticInst};
use sim_core::property::{budget, SplitMix64};

/// A random word that decodes: a table row with its free bits filled at random.
fn valid_word(g: &mut SplitMix64) -> (u32, u8) {
    let rows: Vec<(&Enc, u8)> = TABLES32
        .iter()
        .flat_map(|t| t.iter().map(|e| (e, 4u8)))
        .chain(TABLES16.iter().flat_map(|t| t.iter().map(|e| (e, 2u8))))
        .collect();
    loop {
        let (enc, size) = rows[g.below(rows.len() as u64) as usize];
        let width_mask = if size == 2 { 0xffff } else { u32::MAX };
        let raw = (enc.mtch | (g.next_u64() as u32 & !enc.mask)) & width_mask;
        if enc.matches(raw) && decode::decode_raw(raw, size).is_ok() {
            return (raw, size);
        }
    }
}

/// A register state mixing small values, pointers into (and just outside) the mock
/// memory, and arbitrary bits.
fn random_state(g: &mut SplitMix64) -> Mock {
    let mut m = Mock::new();
    for r in 1..32u16 {
        let v = match g.below(4) {
            0 => g.below(64),
            1 => MEM_BASE + g.below(MEM_SIZE as u64),
            2 => MEM_BASE + MEM_SIZE as u64 - g.below(16),
            _ => g.next_u64(),
        };
        m.set_x(r, v);
        m.set_f(r, g.next_u64());
    }
    m.set_f(0, g.next_u64());
    for b in m.mem.iter_mut() {
        *b = g.next_u64() as u8;
    }
    m.regs.frm = g.below(5) as u8;
    m
}

fn declared(inst: &RvInst) -> Vec<RegId> {
    let mut out = [RegId::int(0); 8];
    let n = inst.dests(&mut out);
    out[..n].to_vec()
}

/// Registers (by class and index) whose values differ between two states.
fn changed(before: &Mock, after: &Mock) -> Vec<RegId> {
    let mut out = Vec::new();
    for r in 0..32u16 {
        if before.x(r) != after.x(r) {
            out.push(RegId::int(r));
        }
        if before.f(r) != after.f(r) {
            out.push(RegId::float(r));
        }
    }
    out
}

#[test]
fn any_bytes_decode_to_an_instruction_or_an_error() {
    let b = budget(200_000);
    let mut g = SplitMix64::new(b.seed);
    for _ in 0..b.cases {
        let word = g.next_u64() as u32;
        let bytes = word.to_le_bytes();
        let size = if word & 3 == 3 { 4 } else { 2 };
        match decode(&bytes) {
            Ok(inst) => {
                assert_eq!(inst.size(), size, "{word:#010x}");
                let text = disassemble(inst.raw(), size, 0x1000);
                assert!(!text.is_empty(), "no disassembly for {word:#010x}");
            }
            Err(DecodeError::Illegal { len, .. }) | Err(DecodeError::Unimplemented { len, .. }) => {
                assert_eq!(len, size, "{word:#010x}")
            }
            Err(e) => panic!("{word:#010x}: unexpected {e}"),
        }
        // Cut short, the same bytes ask for what is missing instead of reading past.
        if size == 4 {
            assert_eq!(
                decode(&bytes[..3]),
                Err(DecodeError::Truncated { need: 4 }),
                "{word:#010x}"
            );
        }
        assert_eq!(decode(&bytes[..1]), Err(DecodeError::Truncated { need: 2 }));
    }
}

#[test]
fn every_encoding_decodes_and_disassembles() {
    let b = budget(50_000);
    let mut g = SplitMix64::new(b.seed);
    for _ in 0..b.cases {
        let (raw, size) = valid_word(&mut g);
        let inst = decode::decode_raw(raw, size).expect("a table row decodes");
        assert_eq!(inst.size(), size);
        let own = text(raw, size, 0x1000);
        assert!(
            !own.starts_with(".word") && !own.starts_with(".short"),
            "{raw:#x} decodes as {inst:?} but has no text"
        );
    }
}

#[test]
fn execution_writes_only_declared_registers_and_faults_are_precise() {
    let b = budget(50_000);
    let mut g = SplitMix64::new(b.seed ^ 0xe7ec);
    for _ in 0..b.cases {
        let (raw, size) = valid_word(&mut g);
        let inst = decode::decode_raw(raw, size).unwrap();
        let before = random_state(&mut g);
        let mut after = before.clone();
        let result = inst.execute(&mut after);
        let diff = changed(&before, &after);
        assert_eq!(after.x(0), 0, "{inst:?} wrote x0");
        match result {
            Ok(()) => {
                let dests = declared(&inst);
                for r in &diff {
                    assert!(
                        dests.contains(r),
                        "{} ({raw:#x}) wrote {r:?} but declares only {dests:?}",
                        text(raw, size, 0)
                    );
                }
            }
            Err(fault) => assert!(
                diff.is_empty(),
                "{} ({raw:#x}) faulted ({fault:?}) after writing {diff:?}",
                text(raw, size, 0)
            ),
        }
    }
}

#[test]
fn split_memory_access_matches_atomic_execution() {
    let b = budget(50_000);
    let mut g = SplitMix64::new(b.seed ^ 0x5911);
    let mut checked = 0u32;
    for _ in 0..b.cases {
        let (raw, size) = valid_word(&mut g);
        let inst = decode::decode_raw(raw, size).unwrap();
        let start = random_state(&mut g);
        let mut atomic = start.clone();
        let atomic_result = inst.execute(&mut atomic);
        let mut split = start.clone();
        let initiated = inst.initiate_acc(&mut split);
        let name = text(raw, size, 0);
        match (initiated, split.pending) {
            // LR/SC: the CPU, not the instruction, keeps the reservation on the split path.
            (Ok(()), Some(Pending::Read(.., f) | Pending::Write(.., f)))
                if f.contains(MemFlags::LLSC) => {}
            (Ok(()), Some(Pending::Read(addr, len, _))) if atomic_result.is_ok() => {
                let off = (addr - MEM_BASE) as usize;
                let mut word = [0u8; 8];
                word[..len].copy_from_slice(&split.mem[off..off + len]);
                inst.complete_acc(&mut split, u64::from_le_bytes(word))
                    .unwrap_or_else(|f| panic!("{name}: completion faulted: {f:?}"));
                assert_eq!(split.regs, atomic.regs, "{name} ({raw:#x})");
                checked += 1;
            }
            (Ok(()), Some(Pending::Write(addr, len, data, _))) if atomic_result.is_ok() => {
                split.store(addr, len, data);
                assert!(split.mem == atomic.mem, "{name} ({raw:#x}): memory differs");
                inst.complete_acc(&mut split, 0)
                    .unwrap_or_else(|f| panic!("{name}: completion faulted: {f:?}"));
                assert_eq!(split.regs, atomic.regs, "{name} ({raw:#x})");
                checked += 1;
            }
            // A fault on either path must be a fault on both (same address check).
            (Err(_), _) => assert!(
                atomic_result.is_err(),
                "{name}: only the split path faulted"
            ),
            _ => {}
        }
    }
    assert!(
        checked > b.cases / 50,
        "only {checked} loads/stores generated"
    );
}
