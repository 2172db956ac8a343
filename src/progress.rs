//! A one-line progress display for long runs on a terminal: simulated time,
//! instructions, the simulation rate and host time, redrawn on standard error.
//!
//! It appears only after a second of host time (short runs never show it) and only
//! where it cannot garble the guest's output: by default when standard error is a
//! terminal and standard output is not (the guest's output goes to a file or a
//! pipe). `--progress` shows it whenever standard error is a terminal, and
//! `--no-progress` never. The line is cleared before `sim` prints anything else.

use indicatif::{ProgressBar, ProgressDrawTarget, ProgressStyle};
use models::boards::session::RunProgress;
use std::io::IsTerminal;
use std::time::{Duration, Instant};

/// Host time before the line first appears.
const SHOW_AFTER: Duration = Duration::from_secs(1);
/// Host time between two redraws.
const REDRAW_EVERY: Duration = Duration::from_millis(250);

/// When to show the progress line (`--progress`, `--no-progress`, or neither).
#[derive(Copy, Clone, Debug, PartialEq, Eq)]
pub enum ProgressMode {
    /// Only when standard error is a terminal and standard output is not.
    Auto,
    /// Whenever standard error is a terminal.
    Always,
    /// Never.
    Never,
}

/// The progress line of one run.
pub struct ProgressLine {
    bar: Option<ProgressBar>,
    started: Instant,
    last_draw: Instant,
}

impl ProgressLine {
    /// A progress line for a run starting now.
    pub fn new(mode: ProgressMode) -> ProgressLine {
        let stderr_tty = std::io::stderr().is_terminal();
        let show = match mode {
            ProgressMode::Never => false,
            ProgressMode::Always => stderr_tty,
            ProgressMode::Auto => stderr_tty && !std::io::stdout().is_terminal(),
        };
        let bar = show.then(|| {
            let bar = ProgressBar::with_draw_target(None, ProgressDrawTarget::stderr());
            // The template is a literal: it parses, and the default style would do too.
            if let Ok(style) = ProgressStyle::with_template("{spinner} {msg}") {
                bar.set_style(style);
            }
            bar
        });
        let now = Instant::now();
        ProgressLine {
            bar,
            started: now,
            last_draw: now,
        }
    }

    /// Note where the run stands; redraws at most every [`REDRAW_EVERY`].
    pub fn update(&mut self, at: RunProgress) {
        let Some(bar) = &self.bar else { return };
        let now = Instant::now();
        let host = now - self.started;
        if host < SHOW_AFTER || now - self.last_draw < REDRAW_EVERY {
            return;
        }
        self.last_draw = now;
        bar.set_message(describe(at, host));
        bar.tick();
    }

    /// Remove the line (before the run's final messages).
    pub fn clear(&self) {
        if let Some(bar) = &self.bar {
            bar.finish_and_clear();
        }
    }
}

/// The line's text: simulated time, instructions, MIPS over the whole run, host time.
fn describe(at: RunProgress, host: Duration) -> String {
    let sim_seconds = at.tick.0 as f64 * 1e-12;
    let host_seconds = host.as_secs_f64();
    let mips = at.insts as f64 / host_seconds / 1e6;
    format!(
        "simulated {sim_seconds:.6} s · {:.1} M instructions · {mips:.1} MIPS · host {host_seconds:.1} s",
        at.insts as f64 / 1e6
    )
}

#[cfg(test)]
mod tests {
    use super::*;
    use sim_core::Tick;

    #[test]
    fn the_line_reports_simulated_time_instructions_and_rate() {
        let at = RunProgress {
            tick: Tick(2_500_000_000),
            insts: 30_000_000,
        };
        let text = describe(at, Duration::from_secs(2));
        assert_eq!(
            text,
            "simulated 0.002500 s · 30.0 M instructions · 15.0 MIPS · host 2.0 s"
        );
    }

    #[test]
    fn a_line_that_is_never_shown_draws_nothing() {
        let mut line = ProgressLine::new(ProgressMode::Never);
        assert!(line.bar.is_none());
        line.update(RunProgress {
            tick: Tick(1),
            insts: 1,
        });
        line.clear();
    }
}
