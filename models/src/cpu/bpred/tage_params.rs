//! Parameters of gem5's `TAGEBase` (the tagged tables of `TAGE` and `LTAGE`) and
//! `LoopPredictor`, with gem5's defaults and the checks gem5 makes at start-up.

/// gem5's `TAGEBase` parameters; each field is the gem5 parameter of the same
/// name in snake case.
#[derive(Clone, Debug, PartialEq)]
#[allow(missing_docs)]
pub struct TageParams {
    pub n_history_tables: u32,
    pub min_hist: u32,
    pub max_hist: u32,
    pub tag_table_tag_widths: Vec<u32>,
    pub log_tag_table_sizes: Vec<u32>,
    pub log_ratio_bimodal_hyst_entries: u32,
    pub tag_table_counter_bits: u32,
    pub tag_table_u_bits: u32,
    pub hist_buffer_size: u32,
    pub path_hist_bits: u32,
    pub log_u_reset_period: u32,
    pub num_use_alt_on_na: u32,
    pub initial_t_counter_value: i64,
    pub use_alt_on_na_bits: u32,
    pub max_num_alloc: u32,
    /// Enabled tables (empty: all).
    pub no_skip: Vec<bool>,
    pub speculative_hist_update: bool,
    pub inst_shift_amt: u32,
}

impl TageParams {
    /// gem5's `TAGEBase()` (the 8C-TAGE configuration `TAGE` uses).
    pub fn tage() -> Self {
        TageParams {
            n_history_tables: 7,
            min_hist: 5,
            max_hist: 130,
            tag_table_tag_widths: vec![0, 9, 9, 10, 10, 11, 11, 12],
            log_tag_table_sizes: vec![13, 9, 9, 9, 9, 9, 9, 9],
            log_ratio_bimodal_hyst_entries: 2,
            tag_table_counter_bits: 3,
            tag_table_u_bits: 2,
            hist_buffer_size: 2_097_152,
            path_hist_bits: 16,
            log_u_reset_period: 18,
            num_use_alt_on_na: 1,
            initial_t_counter_value: 1 << 17,
            use_alt_on_na_bits: 4,
            max_num_alloc: 1,
            no_skip: Vec::new(),
            speculative_hist_update: true,
            inst_shift_amt: 2,
        }
    }

    /// gem5's `LTAGE_TAGE()` (the tables `LTAGE` uses).
    pub fn ltage() -> Self {
        TageParams {
            n_history_tables: 12,
            min_hist: 4,
            max_hist: 640,
            tag_table_tag_widths: vec![0, 7, 7, 8, 8, 9, 10, 11, 12, 12, 13, 14, 15],
            log_tag_table_sizes: vec![14, 10, 10, 11, 11, 11, 11, 10, 10, 10, 10, 9, 9],
            log_u_reset_period: 19,
            ..TageParams::tage()
        }
    }

    /// The checks gem5 makes (its asserts), as `param: is ...; allowed values: ...`.
    pub fn check(&self) -> Result<(), String> {
        let n = self.n_history_tables as usize;
        let bad = |p: &str, v: String, allowed: &str| -> Result<(), String> {
            Err(format!("{p}: is {v}; allowed values: {allowed}"))
        };
        if !(1..=64).contains(&n) {
            return bad("nHistoryTables", n.to_string(), "1 to 64");
        }
        if self.min_hist == 0 || self.max_hist < self.min_hist {
            return bad(
                "maxHist",
                self.max_hist.to_string(),
                "at least minHist, and minHist at least 1",
            );
        }
        let len_of = |v: usize| format!("a list of {v} values");
        if self.tag_table_tag_widths.len() != n + 1 {
            return bad(
                "tagTableTagWidths",
                format!("{:?}", self.tag_table_tag_widths),
                &format!("{} (nHistoryTables + 1), the first 0", len_of(n + 1)),
            );
        }
        if self.tag_table_tag_widths[0] != 0 || self.tag_table_tag_widths.iter().any(|&w| w > 16) {
            return bad(
                "tagTableTagWidths",
                format!("{:?}", self.tag_table_tag_widths),
                "a first value of 0 (the bimodal table is untagged), then 1 to 16 bits",
            );
        }
        if self.log_tag_table_sizes.len() != n + 1
            || self
                .log_tag_table_sizes
                .iter()
                .any(|&s| !(1..=24).contains(&s))
        {
            return bad(
                "logTagTableSizes",
                format!("{:?}", self.log_tag_table_sizes),
                &format!("{} from 1 to 24", len_of(n + 1)),
            );
        }
        if !self.no_skip.is_empty() && self.no_skip.len() != n + 1 {
            return bad(
                "noSkip",
                format!("{:?}", self.no_skip),
                &format!("empty (all tables) or {}", len_of(n + 1)),
            );
        }
        if !(1..=2).contains(&self.tag_table_u_bits) {
            return bad("tagTableUBits", self.tag_table_u_bits.to_string(), "1 or 2");
        }
        if !(1..=8).contains(&self.tag_table_counter_bits) {
            return bad(
                "tagTableCounterBits",
                self.tag_table_counter_bits.to_string(),
                "1 to 8",
            );
        }
        if !(1..=8).contains(&self.use_alt_on_na_bits) {
            return bad(
                "useAltOnNaBits",
                self.use_alt_on_na_bits.to_string(),
                "1 to 8",
            );
        }
        if self.num_use_alt_on_na == 0 {
            return bad("numUseAltOnNa", "0".into(), "at least 1");
        }
        if self.path_hist_bits > 31 {
            return bad("pathHistBits", self.path_hist_bits.to_string(), "0 to 31");
        }
        if !(1..=40).contains(&self.log_u_reset_period) {
            return bad(
                "logUResetPeriod",
                self.log_u_reset_period.to_string(),
                "1 to 40",
            );
        }
        if (self.hist_buffer_size as u64) <= 2 * self.max_hist as u64 {
            return bad(
                "histBufferSize",
                self.hist_buffer_size.to_string(),
                "more than twice maxHist",
            );
        }
        if self.log_ratio_bimodal_hyst_entries > self.log_tag_table_sizes[0] {
            return bad(
                "logRatioBiModalHystEntries",
                self.log_ratio_bimodal_hyst_entries.to_string(),
                "at most logTagTableSizes[0]",
            );
        }
        Ok(())
    }
}

/// gem5's `LoopPredictor` parameters (snake case of gem5's names).
#[derive(Clone, Debug, PartialEq)]
#[allow(missing_docs)]
pub struct LoopParams {
    pub log_size_loop_pred: u32,
    pub with_loop_bits: u32,
    pub loop_table_age_bits: u32,
    pub loop_table_confidence_bits: u32,
    pub loop_table_tag_bits: u32,
    pub loop_table_iter_bits: u32,
    pub log_loop_table_assoc: u32,
    pub use_speculation: bool,
    pub use_hashing: bool,
    pub use_direction_bit: bool,
    pub restrict_allocation: bool,
    pub initial_loop_iter: u32,
    pub initial_loop_age: u32,
    pub optional_age_reset: bool,
}

impl Default for LoopParams {
    /// gem5's `LoopPredictor()`.
    fn default() -> Self {
        LoopParams {
            log_size_loop_pred: 8,
            with_loop_bits: 7,
            loop_table_age_bits: 8,
            loop_table_confidence_bits: 2,
            loop_table_tag_bits: 14,
            loop_table_iter_bits: 14,
            log_loop_table_assoc: 2,
            use_speculation: false,
            use_hashing: false,
            use_direction_bit: false,
            restrict_allocation: false,
            initial_loop_iter: 1,
            initial_loop_age: 255,
            optional_age_reset: true,
        }
    }
}

impl LoopParams {
    /// The checks gem5 makes (its asserts).
    pub fn check(&self) -> Result<(), String> {
        let bad = |p: &str, v: u32, allowed: &str| -> Result<(), String> {
            Err(format!("{p}: is {v}; allowed values: {allowed}"))
        };
        if !(1..=24).contains(&self.log_size_loop_pred) {
            return bad("logSizeLoopPred", self.log_size_loop_pred, "1 to 24");
        }
        if self.log_loop_table_assoc > self.log_size_loop_pred {
            return bad(
                "logLoopTableAssoc",
                self.log_loop_table_assoc,
                "at most logSizeLoopPred",
            );
        }
        if !(1..=16).contains(&self.loop_table_tag_bits) {
            return bad("loopTableTagBits", self.loop_table_tag_bits, "1 to 16");
        }
        if !(1..=16).contains(&self.loop_table_iter_bits) {
            return bad("loopTableIterBits", self.loop_table_iter_bits, "1 to 16");
        }
        if !(1..=8).contains(&self.loop_table_age_bits) {
            return bad("loopTableAgeBits", self.loop_table_age_bits, "1 to 8");
        }
        if !(1..=8).contains(&self.loop_table_confidence_bits) {
            return bad(
                "loopTableConfidenceBits",
                self.loop_table_confidence_bits,
                "1 to 8",
            );
        }
        if !(1..=8).contains(&self.with_loop_bits) {
            return bad("withLoopBits", self.with_loop_bits, "1 to 8");
        }
        if self.initial_loop_age > (1 << self.loop_table_age_bits) - 1 {
            return bad(
                "initialLoopAge",
                self.initial_loop_age,
                "at most 2^loopTableAgeBits - 1",
            );
        }
        if self.initial_loop_iter > (1 << self.loop_table_iter_bits) - 1 {
            return bad(
                "initialLoopIter",
                self.initial_loop_iter,
                "at most 2^loopTableIterBits - 1",
            );
        }
        Ok(())
    }
}
