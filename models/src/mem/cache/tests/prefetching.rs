//! The stride prefetcher in a timing system.

use super::*;
use crate::mem::cache::StridePrefetcherParams;

/// A strided read stream by one instruction, issued one at a time with a gap.
fn stream(prefetch: bool) -> Rig {
    let ops: Vec<Op> = (0..200u64)
        .map(|i| Op {
            pc: 0x400,
            ..read(0x10_0000 + i * 128)
        })
        .collect();
    let mut cpu = TestCpu::timing(ops, 1);
    cpu.gap = Tick(20_000);
    let mut p = small_cache(64, 4);
    if prefetch {
        p.prefetcher = Some(StridePrefetcherParams::default());
    }
    Rig::new(cpu, vec![p], TestMem::new(30_000)).run()
}

#[test]
fn a_strided_stream_turns_misses_into_prefetch_hits() {
    let base = stream(false);
    assert_eq!(base.cache(0).stats().cmd()[0].misses, 200);
    let pf = stream(true);
    let s = pf.cache(0).stats();
    assert!(
        s.cmd()[0].misses < 20,
        "misses with prefetching: {}",
        s.cmd()[0].misses
    );
    assert!(s.pf.issued >= 180, "issued {}", s.pf.issued);
    assert!(s.pf.useful >= 170, "useful {}", s.pf.useful);
    assert_eq!(s.cmd()[0].hits + s.cmd()[0].misses, 200);
    // The stream runs faster: the last response comes earlier.
    let end = |r: &Rig| r.cpu().responses.last().unwrap().2;
    assert!(end(&pf) < end(&base));
}
