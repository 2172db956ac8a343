//! Kernel state that guest output cannot show: a closed signalfd releases
//! its host pipe.

use super::kernel::Rig;
use super::*;

const A0: u16 = 10;

#[test]
fn a_signalfd_is_forgotten_when_its_last_descriptor_closes() {
    let mut r = Rig::new(1, 1);
    let (mut regs, _) = r.switch_in(0, 0).unwrap();
    let buf = r.scratch(100);
    let mask = 1u64 << (10 - 1); // SIGUSR1
    r.k.with_process(100, |p| p.space().write_u64(buf, mask).unwrap());
    r.call(0, &mut regs, "signalfd4", &[u64::MAX, buf, 8, 0]);
    let fd = regs.int(A0);
    assert!(fd < 1024, "signalfd4 returned {fd:#x}");
    r.call(0, &mut regs, "dup", &[fd]);
    let dup = regs.int(A0);
    assert_eq!(r.k.lock().signals.signalfds.len(), 1);
    r.call(0, &mut regs, "close", &[fd]);
    assert_eq!(regs.int(A0), 0);
    assert_eq!(
        r.k.lock().signals.signalfds.len(),
        1,
        "a duplicate still refers to it"
    );
    r.call(0, &mut regs, "close", &[dup]);
    assert_eq!(r.k.lock().signals.signalfds.len(), 0, "released");
}
