//! Watches a console stream for Linux's panic line, so a full-system run ends
//! with a kernel-panic exit (gem5's `exit_on_kernel_panic`, whose workload
//! stops at the kernel's `panic` symbol) instead of idling forever once the
//! kernel has given up.
//!
//! Linux prints `Kernel panic - not syncing: <reason>` (after a printk time
//! stamp) through its console, which on the `virt` board is the UART: the SBI
//! early console and the 8250 driver both end at its transmit register. The line
//! counts once it is complete (its newline was transmitted), so the message is
//! whole and the terminal holds all of it.

/// What Linux's `panic()` prints first.
pub const PANIC_MARKER: &str = "Kernel panic - not syncing: ";
/// Longest line kept; a longer one is cut (the marker and reason fit well within).
const MAX_LINE: usize = 1024;

/// The line being assembled from a console stream.
#[derive(Default)]
pub struct PanicWatch {
    line: Vec<u8>,
}

impl PanicWatch {
    /// A watch with nothing seen yet.
    pub fn new() -> Self {
        Self::default()
    }

    /// The console transmitted `byte`; at the end of a panic line, the line from
    /// the marker on (without the time stamp and line ending).
    #[inline]
    pub fn push(&mut self, byte: u8) -> Option<String> {
        if byte != b'\n' {
            if self.line.len() < MAX_LINE {
                self.line.push(byte);
            }
            return None;
        }
        let found = Self::panic_message(&self.line);
        self.line.clear();
        found
    }

    fn panic_message(line: &[u8]) -> Option<String> {
        let text = String::from_utf8_lossy(line);
        let at = text.find(PANIC_MARKER)?;
        Some(text[at..].trim_end_matches(['\r', '\n']).to_string())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn feed(w: &mut PanicWatch, s: &str) -> Vec<String> {
        s.bytes().filter_map(|b| w.push(b)).collect()
    }

    #[test]
    fn a_complete_panic_line_is_reported_once_without_its_time_stamp() {
        let mut w = PanicWatch::new();
        let seen = feed(
            &mut w,
            "[    0.51] VFS: Cannot open root device \"/dev/nonexistent\"\r\n\
             [    0.52] Kernel panic - not syncing: VFS: Unable to mount root fs",
        );
        assert!(seen.is_empty(), "the panic line is not complete yet");
        let seen = feed(
            &mut w,
            " on unknown-block(0,0)\r\n[    0.53] CPU: 0 PID: 1\r\n",
        );
        assert_eq!(
            seen,
            ["Kernel panic - not syncing: VFS: Unable to mount root fs on unknown-block(0,0)"]
        );
    }

    #[test]
    fn ordinary_lines_are_not_panics() {
        let mut w = PanicWatch::new();
        assert!(feed(&mut w, "Kernel panic - syncing\nno panic here\n").is_empty());
    }
}
