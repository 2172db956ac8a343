//! Parameters shared by the simple CPU models (atomic and timing): they differ in
//! how they reach memory, not in what a user configures.

use super::monitor::ReservationMonitor;
use sim_core::Frequency;
use std::sync::Arc;

/// Parameters of a simple CPU (`AtomicSimpleCPU`, `TimingSimpleCPU`).
#[derive(Clone, Debug)]
pub struct SimpleCpuParams {
    /// Core clock.
    pub clock: Frequency,
    /// CPU index (`cpu_id` in config.ini; the hart id).
    pub cpu_id: u32,
    /// Stop after this many instructions (`max_insts_any_thread`), if set.
    pub max_insts: Option<u64>,
    /// Print an `Exec` trace line per instruction.
    pub trace_exec: bool,
    /// LR/SC monitor shared with the other CPUs of the board (`None`: a private one).
    pub monitor: Option<Arc<ReservationMonitor>>,
    /// Start without a thread: ask the OS for one
    /// ([`ThreadOs::switch_in`](super::ThreadOs::switch_in)) at startup and on every
    /// wake-up, instead of running the registers and PC given to the constructor.
    pub start_idle: bool,
}

impl Default for SimpleCpuParams {
    fn default() -> Self {
        SimpleCpuParams {
            clock: Frequency(1_000_000_000),
            cpu_id: 0,
            max_insts: None,
            trace_exec: false,
            monitor: None,
            start_idle: false,
        }
    }
}
