//! Warnings that can repeat without end (a guest calling an unimplemented syscall
//! in a loop): each distinct warning is printed once, when it first happens, and
//! its repeats are counted and reported in one line at the end of the run
//! ([`report_repeats`]), as gem5's `warn_once` does, but counted.
//!
//! A warning is told apart by its call site and a number (the syscall number, the
//! signal), so one `warn_counted!` line can stand for several distinct warnings:
//!
//! ```
//! for _ in 0..1000 {
//!     let nr = 500;
//!     sim_core::warn_counted!(nr, "unimplemented syscall {nr}, returning -ENOSYS");
//! }
//! // Printed once so far; at the end of the run the front end calls
//! sim_core::warnings::report_repeats(); // "... [repeated 999 more times]"
//! ```
//!
//! Warnings go through `tracing` at the `WARN` level, so the front end decides where
//! they go. At most [`MAX_DISTINCT`] distinct warnings are remembered per run (a
//! guest choosing the number could otherwise grow the table without bound); later
//! new ones are only counted.

use std::collections::BTreeMap;
use std::sync::Mutex;

/// Distinct warnings remembered per run; further new ones are counted, not printed.
pub const MAX_DISTINCT: usize = 256;

/// One distinct warning: its text and how often it came again after the first time.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Repeated {
    /// The warning as first printed.
    pub message: String,
    /// Occurrences after the first.
    pub repeats: u64,
}

/// Counts occurrences of warnings keyed by call site and number. The process-wide
/// one behind [`warn_counted`] is usually all a program needs.
#[derive(Debug, Default)]
pub struct RepeatCounter {
    state: Mutex<State>,
}

#[derive(Debug, Default)]
struct State {
    index: BTreeMap<(&'static str, u64), usize>,
    /// In the order first seen.
    seen: Vec<Repeated>,
    /// New warnings not remembered because [`MAX_DISTINCT`] were already.
    dropped: u64,
}

impl RepeatCounter {
    /// An empty counter.
    pub const fn new() -> RepeatCounter {
        RepeatCounter {
            state: Mutex::new(State {
                index: BTreeMap::new(),
                seen: Vec::new(),
                dropped: 0,
            }),
        }
    }

    /// Count one occurrence of warning (`site`, `key`); the text to print if this is
    /// its first (`message` is only called then).
    pub fn record(
        &self,
        site: &'static str,
        key: u64,
        message: impl FnOnce() -> String,
    ) -> Option<String> {
        let mut s = self.state.lock().unwrap_or_else(|e| e.into_inner());
        if let Some(&i) = s.index.get(&(site, key)) {
            s.seen[i].repeats += 1;
            return None;
        }
        if s.seen.len() >= MAX_DISTINCT {
            s.dropped += 1;
            return None;
        }
        let message = message();
        let i = s.seen.len();
        s.index.insert((site, key), i);
        s.seen.push(Repeated {
            message: message.clone(),
            repeats: 0,
        });
        Some(message)
    }

    /// The warnings that repeated, in the order first seen, and the number of new
    /// warnings not printed for lack of room; the counter starts over.
    pub fn take(&self) -> (Vec<Repeated>, u64) {
        let mut s = self.state.lock().unwrap_or_else(|e| e.into_inner());
        let state = std::mem::take(&mut *s);
        let repeated = state.seen.into_iter().filter(|r| r.repeats > 0).collect();
        (repeated, state.dropped)
    }
}

/// The process-wide counter.
static WARNINGS: RepeatCounter = RepeatCounter::new();

/// Print warning (`site`, `key`) the first time it happens in this run, count it
/// afterwards. Use [`warn_counted!`](crate::warn_counted), which fills in the site.
pub fn warn_counted(site: &'static str, key: u64, message: impl FnOnce() -> String) {
    if let Some(text) = WARNINGS.record(site, key, message) {
        tracing::warn!("{text}");
    }
}

/// Print one line per warning that repeated since the last call (`... [repeated
/// N more times]`) and start counting afresh: called by a front end when a run ends.
pub fn report_repeats() {
    let (repeated, dropped) = WARNINGS.take();
    for r in repeated {
        let times = if r.repeats == 1 { "time" } else { "times" };
        tracing::warn!("{} [repeated {} more {times}]", r.message, r.repeats);
    }
    if dropped > 0 {
        tracing::warn!(
            "{dropped} more warnings not shown ({MAX_DISTINCT} distinct warnings were already)"
        );
    }
}

/// Warn once per run per call site and key, counting repeats (see
/// [`crate::warnings`]): `warn_counted!(key, "format {}", args)`; `key` is any
/// integer that tells distinct warnings of this line apart (use 0 if none).
#[macro_export]
macro_rules! warn_counted {
    ($key:expr, $($arg:tt)+) => {
        $crate::warnings::warn_counted(
            concat!(file!(), ":", line!()),
            ($key) as u64,
            || format!($($arg)+),
        )
    };
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_warning_is_printed_once_and_its_repeats_counted() {
        let c = RepeatCounter::new();
        let mut printed = Vec::new();
        for i in 0..5u64 {
            printed.extend(c.record("a.rs:1", 7, || format!("seven {i}")));
            printed.extend(c.record("a.rs:1", 8, || "eight".to_string()));
        }
        printed.extend(c.record("b.rs:2", 7, || "once".to_string()));
        assert_eq!(printed, ["seven 0", "eight", "once"]);
        let (repeated, dropped) = c.take();
        assert_eq!(
            repeated,
            [
                Repeated {
                    message: "seven 0".into(),
                    repeats: 4
                },
                Repeated {
                    message: "eight".into(),
                    repeats: 4
                },
            ]
        );
        assert_eq!(dropped, 0);
        // Taken: the next run warns again.
        assert_eq!(
            c.record("a.rs:1", 7, || "again".into()).as_deref(),
            Some("again")
        );
    }

    #[test]
    fn distinct_warnings_are_bounded() {
        let c = RepeatCounter::new();
        let mut printed = 0;
        for key in 0..(MAX_DISTINCT as u64 + 10) {
            printed += c.record("loop.rs:1", key, || key.to_string()).is_some() as usize;
        }
        assert_eq!(printed, MAX_DISTINCT);
        assert_eq!(c.take().1, 10);
    }
}
