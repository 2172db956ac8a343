//! HTIF, the host-target interface of Spike and the RISC-V test suites: a
//! program names two doublewords in its ELF, `tohost` and `fromhost`; writing
//! `(code << 1) | 1` to `tohost` ends the run with exit status `code`, and device 1
//! command 1 prints the low byte (a console).
//!
//! `tohost` is ordinary RAM that CPUs write through their fast paths, so the
//! host polls it, as Spike does: one event every [`POLL_PERIOD`] of simulated time,
//! which keeps runs deterministic. The exit lands up to one period after the write
//! (bare-metal programs spin after writing `tohost`).

use sim_core::component::{Component, Ctx};
use sim_core::event::Priority;
use sim_core::exit::ExitCause;
use sim_core::mem::BackingStore;
use sim_core::{Addr, Tick};
use std::any::Any;
use std::io::Write;
use std::sync::Arc;

/// Ticks between two polls of `tohost` (1 µs).
pub const POLL_PERIOD: Tick = Tick(1_000_000);

/// The HTIF host side.
pub struct Htif {
    store: Arc<BackingStore>,
    tohost: Addr,
    fromhost: Option<Addr>,
    console: Box<dyn Write + Send>,
}

impl Htif {
    /// Poll `tohost` in `store`, acknowledging in `fromhost`; console bytes go to
    /// `console`.
    pub fn new(
        store: Arc<BackingStore>,
        tohost: Addr,
        fromhost: Option<Addr>,
        console: Box<dyn Write + Send>,
    ) -> Self {
        Htif {
            store,
            tohost,
            fromhost,
            console,
        }
    }

    fn read(&self, a: Addr) -> u64 {
        let mut b = [0u8; 8];
        self.store
            .read(a, &mut b)
            .map_or(0, |_| u64::from_le_bytes(b))
    }

    fn write(&self, a: Addr, v: u64) {
        let _ = self.store.write(a, &v.to_le_bytes());
    }
}

impl Component for Htif {
    fn type_name(&self) -> &'static str {
        "Htif"
    }
    fn params(&self) -> Vec<(String, serde_json::Value)> {
        vec![("tohost".into(), serde_json::json!(self.tohost.0))]
    }
    fn startup(&mut self, ctx: &mut Ctx) {
        ctx.schedule(Tick(ctx.now().0 + POLL_PERIOD.0), Priority::DEFAULT, 0);
    }
    fn handle_event(&mut self, _code: u64, ctx: &mut Ctx) {
        let v = self.read(self.tohost);
        if v != 0 {
            let (dev, cmd, payload) = (v >> 56, (v >> 48) & 0xff, v & ((1 << 48) - 1));
            match (dev, cmd) {
                (0, _) if payload & 1 == 1 => {
                    let _ = self.console.flush();
                    ctx.exit(ExitCause::Exit {
                        code: (payload >> 1) as i64,
                        message: "HTIF exit (tohost)".into(),
                    });
                    return;
                }
                (1, 1) => {
                    let _ = self.console.write_all(&[payload as u8]);
                }
                _ => {
                    ctx.exit(ExitCause::GuestFault {
                        message: format!(
                            "HTIF request {v:#x} at tohost {:#x}: only exit (device 0) and \
                             console output (device 1, command 1) are supported",
                            self.tohost.0
                        ),
                    });
                    return;
                }
            }
            self.write(self.tohost, 0);
            if let Some(f) = self.fromhost {
                self.write(f, dev << 56 | cmd << 48);
            }
        }
        ctx.schedule(Tick(ctx.now().0 + POLL_PERIOD.0), Priority::DEFAULT, 0);
    }
    fn as_any(&self) -> &dyn Any {
        self
    }
    fn as_any_mut(&mut self) -> &mut dyn Any {
        self
    }
}
