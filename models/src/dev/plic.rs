//! The PLIC (platform-level interrupt controller, RISC-V PLIC spec 1.0.0) as QEMU's
//! `virt` configures its `sifive_plic`: sources 1..=96 (source 0 means "none"), 7
//! priority levels, and per hart an M-mode and an S-mode context (`hart_config`
//! "MS,MS,..."), context `2h` driving hart `h`'s MEIP and `2h+1` its SEIP.
//!
//! Sources are level-triggered lines ([`PlicInputs`]): a rising line makes the
//! source pending, a falling one clears it (as QEMU's gateway does). A claim
//! returns the highest-priority pending source enabled in the context whose
//! priority exceeds the context's threshold (ties to the lowest id), clears its
//! pending bit and holds it claimed until the completion, after which a line
//! still high makes it pending again.
//!
//! Register map: `4*id` priority, `0x1000` pending bits, `0x2000 + 0x80*ctx`
//! enable bits, `0x20_0000 + 0x1000*ctx` threshold and (`+4`) claim/complete.

use super::irq::{HartIrq, HartIrqLines, PlicInputs};
use super::pio::PioDevice;
use sim_core::component::Ctx;
use std::sync::Arc;
use thiserror::Error;

/// Offset of the pending bits.
pub const PENDING_BASE: u64 = 0x1000;
/// Offset of context 0's enable bits.
pub const ENABLE_BASE: u64 = 0x2000;
/// Bytes between two contexts' enable bits.
pub const ENABLE_STRIDE: u64 = 0x80;
/// Offset of context 0's threshold.
pub const CONTEXT_BASE: u64 = 0x20_0000;
/// Bytes between two contexts' threshold registers.
pub const CONTEXT_STRIDE: u64 = 0x1000;
/// Sources on QEMU's `virt`, counting source 0: its device tree says
/// `riscv,ndev = <0x60>`, so sources 1..=96 exist.
pub const VIRT_NUM_SOURCES: u32 = 97;
/// Priority levels on QEMU's `virt` (`VIRT_IRQCHIP_NUM_PRIORITIES`).
pub const VIRT_NUM_PRIORITIES: u32 = 7;
/// The PLIC's window on QEMU's `virt`: room for 1024 contexts (512 harts).
pub const VIRT_PLIC_SIZE: u64 = CONTEXT_BASE + 1024 * CONTEXT_STRIDE;

/// A `hart_config` string the PLIC cannot use.
#[derive(Debug, Error, PartialEq, Eq)]
pub enum PlicConfigError {
    /// A mode letter other than M, S or U, or one repeated within a hart.
    #[error("hart_config {config:?}: bad mode {mode:?} for hart {hart}; allowed: M, S, U once each, harts separated by ','")]
    BadMode {
        /// The whole string.
        config: String,
        /// The offending character.
        mode: char,
        /// The hart it was given for.
        hart: usize,
    },
    /// No contexts at all.
    #[error("hart_config {0:?} names no context; e.g. \"MS,MS\" for two harts")]
    Empty(String),
}

/// One context: which hart's line it drives.
#[derive(Copy, Clone, Debug, PartialEq, Eq)]
pub struct PlicContext {
    /// The hart.
    pub hart: usize,
    /// The hart's line (MEIP or SEIP; U-mode contexts drive nothing).
    pub line: Option<HartIrq>,
}

/// Parse QEMU's `hart-config` ("MS,MS": per hart, its modes in order).
pub fn parse_hart_config(config: &str) -> Result<Vec<PlicContext>, PlicConfigError> {
    let mut out = Vec::new();
    for (hart, modes) in config.split(',').enumerate() {
        let mut seen = String::new();
        for mode in modes.chars() {
            let line = match mode {
                'M' => Some(HartIrq::MachineExternal),
                'S' => Some(HartIrq::SupervisorExternal),
                'U' => None,
                _ => None,
            };
            if !"MSU".contains(mode) || seen.contains(mode) {
                return Err(PlicConfigError::BadMode {
                    config: config.into(),
                    mode,
                    hart,
                });
            }
            seen.push(mode);
            out.push(PlicContext { hart, line });
        }
    }
    if out.is_empty() {
        return Err(PlicConfigError::Empty(config.into()));
    }
    Ok(out)
}

/// QEMU `virt`'s `hart_config` for `harts` harts: "MS,MS,...".
pub fn virt_hart_config(harts: usize) -> String {
    vec!["MS"; harts.max(1)].join(",")
}

/// The PLIC.
pub struct Plic {
    num_sources: u32,
    num_priorities: u32,
    config: String,
    contexts: Vec<PlicContext>,
    inputs: Arc<PlicInputs>,
    lines: Arc<HartIrqLines>,
    priority: Vec<u32>,
    pending: Vec<u32>,
    claimed: Vec<u32>,
    /// Source levels at the last sync, to see edges.
    levels: Vec<u32>,
    enable: Vec<Vec<u32>>,
    threshold: Vec<u32>,
}

impl Plic {
    /// A PLIC of `num_sources` sources (counting source 0; at most 1024) with
    /// contexts from `hart_config`, reading `inputs` and driving `lines`.
    pub fn new(
        num_sources: u32,
        num_priorities: u32,
        hart_config: &str,
        inputs: Arc<PlicInputs>,
        lines: Arc<HartIrqLines>,
    ) -> Result<Self, PlicConfigError> {
        let contexts = parse_hart_config(hart_config)?;
        let num_sources = num_sources.clamp(1, super::irq::MAX_PLIC_SOURCES as u32);
        let words = num_sources.div_ceil(32) as usize;
        Ok(Plic {
            num_sources,
            num_priorities,
            config: hart_config.into(),
            inputs,
            lines,
            priority: vec![0; num_sources as usize],
            pending: vec![0; words],
            claimed: vec![0; words],
            levels: vec![0; words],
            enable: vec![vec![0; words]; contexts.len()],
            threshold: vec![0; contexts.len()],
            contexts,
        })
    }

    /// The contexts, in order.
    pub fn contexts(&self) -> &[PlicContext] {
        &self.contexts
    }

    fn bit(id: u32) -> (usize, u32) {
        ((id / 32) as usize, 1 << (id % 32))
    }

    /// Take in the sources' current levels: edges set or clear pending bits.
    fn sync_inputs(&mut self) {
        for w in 0..self.levels.len() {
            let mut now = self.inputs.word(w);
            if w == 0 {
                now &= !1; // source 0 does not exist
            }
            let last = std::mem::replace(&mut self.levels[w], now);
            let rose = now & !last;
            let fell = last & !now;
            self.pending[w] = (self.pending[w] | rose) & !fell;
        }
    }

    /// The source context `c` would claim now (0 for none).
    fn best(&self, c: usize) -> u32 {
        let mut best = (0u32, self.threshold[c]);
        for (w, en) in self.enable[c].iter().enumerate() {
            let mut bits = self.pending[w] & !self.claimed[w] & en;
            while bits != 0 {
                let id = w as u32 * 32 + bits.trailing_zeros();
                bits &= bits - 1;
                if id < self.num_sources && self.priority[id as usize] > best.1 {
                    best = (id, self.priority[id as usize]);
                }
            }
        }
        best.0
    }

    /// Drive every context's line from its claimable sources.
    fn update(&mut self, ctx: &mut Ctx) {
        for c in 0..self.contexts.len() {
            if let Some(line) = self.contexts[c].line {
                let level = self.best(c) != 0;
                self.lines.set(ctx, self.contexts[c].hart, line, level);
            }
        }
    }

    /// A priority value as the register keeps it (WARL when levels+1 is a power of two).
    fn legal_priority(&self, v: u32, old: u32) -> u32 {
        let n = self.num_priorities;
        if (n + 1) & n == 0 {
            v % (n + 1)
        } else if v <= n {
            v
        } else {
            old
        }
    }

    fn claim(&mut self, c: usize) -> u32 {
        let id = self.best(c);
        if id != 0 {
            let (w, b) = Self::bit(id);
            self.pending[w] &= !b;
            self.claimed[w] |= b;
        }
        id
    }

    fn complete(&mut self, id: u32) {
        if id == 0 || id >= self.num_sources {
            return;
        }
        let (w, b) = Self::bit(id);
        self.claimed[w] &= !b;
        if self.levels[w] & b != 0 {
            self.pending[w] |= b;
        }
    }

    /// Which register `offset` is: (context, word) for enables, context for the rest.
    fn context_of(&self, offset: u64, base: u64, stride: u64) -> Option<(usize, u64)> {
        let c = ((offset - base) / stride) as usize;
        (c < self.contexts.len()).then_some((c, (offset - base) % stride))
    }
}

impl PioDevice for Plic {
    fn type_name(&self) -> &'static str {
        "Plic"
    }
    fn params(&self) -> Vec<(String, serde_json::Value)> {
        vec![
            ("hart_config".into(), self.config.clone().into()),
            ("n_contexts".into(), 0.into()),
            ("n_src".into(), self.num_sources.into()),
            ("pio_size".into(), VIRT_PLIC_SIZE.into()),
        ]
    }
    fn startup(&mut self, ctx: &mut Ctx) {
        self.inputs.attach(ctx.me());
        self.wakeup(ctx);
    }
    fn wakeup(&mut self, ctx: &mut Ctx) {
        self.sync_inputs();
        self.update(ctx);
    }
    fn read(&mut self, offset: u64, _size: usize, ctx: &mut Ctx) -> u64 {
        self.sync_inputs();
        let words = self.pending.len() as u64;
        let v = if offset < 4 * self.num_sources as u64 {
            self.priority[(offset / 4) as usize]
        } else if (PENDING_BASE..PENDING_BASE + 4 * words).contains(&offset) {
            self.pending[((offset - PENDING_BASE) / 4) as usize]
        } else if (ENABLE_BASE..CONTEXT_BASE).contains(&offset) {
            match self.context_of(offset, ENABLE_BASE, ENABLE_STRIDE) {
                Some((c, r)) if r / 4 < words => self.enable[c][(r / 4) as usize],
                _ => 0,
            }
        } else if offset >= CONTEXT_BASE {
            match self.context_of(offset, CONTEXT_BASE, CONTEXT_STRIDE) {
                Some((c, 0)) => self.threshold[c],
                Some((c, 4)) => {
                    let id = self.claim(c);
                    self.update(ctx);
                    id
                }
                _ => 0,
            }
        } else {
            0
        };
        v as u64
    }
    fn write(&mut self, offset: u64, _size: usize, value: u64, ctx: &mut Ctx) {
        self.sync_inputs();
        let value = value as u32;
        let words = self.pending.len() as u64;
        if offset < 4 * self.num_sources as u64 {
            let id = (offset / 4) as usize;
            if id != 0 {
                self.priority[id] = self.legal_priority(value, self.priority[id]);
            }
        } else if (ENABLE_BASE..CONTEXT_BASE).contains(&offset) {
            if let Some((c, r)) = self.context_of(offset, ENABLE_BASE, ENABLE_STRIDE) {
                if r / 4 < words {
                    let w = (r / 4) as usize;
                    self.enable[c][w] = if w == 0 { value & !1 } else { value };
                }
            }
        } else if offset >= CONTEXT_BASE {
            match self.context_of(offset, CONTEXT_BASE, CONTEXT_STRIDE) {
                Some((c, 0)) => self.threshold[c] = self.legal_priority(value, self.threshold[c]),
                Some((_, 4)) => self.complete(value),
                _ => {}
            }
        }
        self.update(ctx);
    }
}
