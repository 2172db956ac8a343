//! Ctrl-C (SIGINT) and SIGTERM during `sim se`. The first one asks the run to stop
//! at its next poll, one simulated millisecond away at most: the stats so far are
//! dumped, as gem5 does on Ctrl-C, and then the process ends by that signal, so a
//! shell script running `sim` stops too. A second one ends the process at once.
//!
//! Uses signal-hook, whose handlers only store to atomics (async-signal-safe), rather
//! than hand-written `sigaction` code.

use std::sync::atomic::{AtomicBool, AtomicUsize, Ordering};
use std::sync::Arc;

/// The signals that stop a run.
const STOP_SIGNALS: [i32; 2] = [libc::SIGINT, libc::SIGTERM];

/// Which stop signal has arrived, if any.
pub struct Interrupts {
    received: Arc<AtomicUsize>,
}

impl Interrupts {
    /// Install the handlers for this process.
    pub fn install() -> std::io::Result<Interrupts> {
        let received = Arc::new(AtomicUsize::new(0));
        let armed = Arc::new(AtomicBool::new(false));
        for sig in STOP_SIGNALS {
            // The default action must be registered first: on the first signal
            // `armed` is still false, so only the second one takes it.
            signal_hook::flag::register_conditional_default(sig, armed.clone())?;
            signal_hook::flag::register(sig, armed.clone())?;
            signal_hook::flag::register_usize(sig, received.clone(), sig as usize)?;
        }
        Ok(Interrupts { received })
    }

    /// The stop signal that has arrived (the latest, if several have).
    pub fn received(&self) -> Option<i32> {
        match self.received.load(Ordering::Relaxed) {
            0 => None,
            sig => Some(sig as i32),
        }
    }
}
