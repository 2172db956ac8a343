//! Parameters of the out-of-order CPU, with gem5's `BaseO3CPU` names and
//! defaults (`src/cpu/o3/BaseO3CPU.py`).

use super::fu_pool::FuUnit;
use crate::cpu::bpred::BranchPredParams;
use crate::cpu::params::SimpleCpuParams;
use crate::cpu::store_sets::StoreSetParams;

/// Parameters of an `O3CPU`. Each field is the gem5 parameter of the same
/// name in snake case; delays are in cycles.
#[derive(Clone, Debug)]
#[allow(missing_docs)]
pub struct O3CpuParams {
    /// What every CPU model has (clock, id, instruction limit, OS start mode).
    pub base: SimpleCpuParams,
    pub decode_to_fetch_delay: u64,
    pub rename_to_fetch_delay: u64,
    pub iew_to_fetch_delay: u64,
    pub commit_to_fetch_delay: u64,
    pub fetch_width: u32,
    pub fetch_buffer_size: u32,
    pub fetch_queue_size: u32,
    pub rename_to_decode_delay: u64,
    pub iew_to_decode_delay: u64,
    pub commit_to_decode_delay: u64,
    pub fetch_to_decode_delay: u64,
    pub decode_width: u32,
    pub iew_to_rename_delay: u64,
    pub commit_to_rename_delay: u64,
    pub decode_to_rename_delay: u64,
    pub rename_width: u32,
    pub commit_to_iew_delay: u64,
    pub rename_to_iew_delay: u64,
    pub issue_to_execute_delay: u64,
    pub dispatch_width: u32,
    pub issue_width: u32,
    pub wb_width: u32,
    pub iew_to_commit_delay: u64,
    pub rename_to_rob_delay: u64,
    pub commit_width: u32,
    pub squash_width: u32,
    pub trap_latency: u64,
    pub fetch_trap_latency: u64,
    pub cache_store_ports: u32,
    pub cache_load_ports: u32,
    pub lq_entries: u32,
    pub sq_entries: u32,
    pub lsq_dep_check_shift: u32,
    pub lsq_check_loads: bool,
    pub store_set_clear_period: u64,
    pub lfst_size: u32,
    pub ssit_size: u32,
    pub num_phys_int_regs: u32,
    pub num_phys_float_regs: u32,
    pub num_phys_vec_regs: u32,
    pub num_phys_vec_pred_regs: u32,
    pub num_phys_cc_regs: u32,
    pub num_iq_entries: u32,
    pub num_rob_entries: u32,
    /// `fuPool`: gem5's `DefaultFUPool`.
    pub fu_pool: Vec<FuUnit>,
    /// `branchPred`.
    pub branch_pred: BranchPredParams,
}

impl Default for O3CpuParams {
    fn default() -> Self {
        O3CpuParams {
            base: SimpleCpuParams::default(),
            decode_to_fetch_delay: 1,
            rename_to_fetch_delay: 1,
            iew_to_fetch_delay: 1,
            commit_to_fetch_delay: 1,
            fetch_width: 8,
            fetch_buffer_size: 64,
            fetch_queue_size: 32,
            rename_to_decode_delay: 1,
            iew_to_decode_delay: 1,
            commit_to_decode_delay: 1,
            fetch_to_decode_delay: 1,
            decode_width: 8,
            iew_to_rename_delay: 1,
            commit_to_rename_delay: 1,
            decode_to_rename_delay: 1,
            rename_width: 8,
            commit_to_iew_delay: 1,
            rename_to_iew_delay: 2,
            issue_to_execute_delay: 1,
            dispatch_width: 8,
            issue_width: 8,
            wb_width: 8,
            iew_to_commit_delay: 1,
            rename_to_rob_delay: 1,
            commit_width: 8,
            squash_width: 8,
            trap_latency: 13,
            fetch_trap_latency: 1,
            cache_store_ports: 200,
            cache_load_ports: 200,
            lq_entries: 32,
            sq_entries: 32,
            lsq_dep_check_shift: 4,
            lsq_check_loads: true,
            store_set_clear_period: 250_000,
            lfst_size: 1024,
            ssit_size: 1024,
            num_phys_int_regs: 256,
            num_phys_float_regs: 256,
            num_phys_vec_regs: 256,
            num_phys_vec_pred_regs: 32,
            num_phys_cc_regs: 0,
            num_iq_entries: 64,
            num_rob_entries: 192,
            fu_pool: FuUnit::default_pool(),
            branch_pred: BranchPredParams::default(),
        }
    }
}

/// Instructions the pipeline holds at most between fetch and commit (the
/// ring of in-flight instructions): the ROB plus what the front end buffers.
pub(super) fn ring_capacity(p: &O3CpuParams) -> usize {
    let front = p.fetch_queue_size as u64
        + (p.fetch_to_decode_delay + p.decode_to_rename_delay + p.rename_to_iew_delay + 2)
            * p.fetch_width.max(p.decode_width).max(p.rename_width) as u64;
    (p.num_rob_entries as u64 + front + 1).next_power_of_two() as usize
}

impl O3CpuParams {
    /// Check what the pipeline relies on; the message names the parameter, its
    /// value and what is allowed. `arch_int`/`arch_float` are the ISA's
    /// architectural register counts (rename needs more physical ones).
    pub fn check(&self, arch_int: u16, arch_float: u16, arch_cc: u16) -> Result<(), String> {
        let widths = [
            ("fetchWidth", self.fetch_width),
            ("decodeWidth", self.decode_width),
            ("renameWidth", self.rename_width),
            ("dispatchWidth", self.dispatch_width),
            ("issueWidth", self.issue_width),
            ("wbWidth", self.wb_width),
            ("commitWidth", self.commit_width),
            ("squashWidth", self.squash_width),
            ("fetchQueueSize", self.fetch_queue_size),
            ("numIQEntries", self.num_iq_entries),
            ("numROBEntries", self.num_rob_entries),
            ("LQEntries", self.lq_entries),
            ("SQEntries", self.sq_entries),
            ("cacheStorePorts", self.cache_store_ports),
            ("cacheLoadPorts", self.cache_load_ports),
        ];
        for (name, v) in widths {
            if v == 0 {
                return Err(format!("{name}: is 0; allowed values: 1 or more"));
            }
        }
        if self.num_rob_entries > 4096 {
            return Err(format!(
                "numROBEntries: is {}; allowed values: 1 to 4096",
                self.num_rob_entries
            ));
        }
        for (name, v) in [
            ("fetchToDecodeDelay", self.fetch_to_decode_delay),
            ("decodeToRenameDelay", self.decode_to_rename_delay),
            ("renameToIEWDelay", self.rename_to_iew_delay),
            ("iewToCommitDelay", self.iew_to_commit_delay),
            ("issueToExecuteDelay", self.issue_to_execute_delay),
        ] {
            if v == 0 || v > 64 {
                return Err(format!("{name}: is {v}; allowed values: 1 to 64"));
            }
        }
        let b = self.fetch_buffer_size;
        if !b.is_power_of_two() || !(4..=crate::cpu::LINE_BYTES as u32).contains(&b) {
            return Err(format!(
                "fetchBufferSize: is {b}; allowed values: a power of two from 4 to {}",
                crate::cpu::LINE_BYTES
            ));
        }
        for (name, phys, arch) in [
            ("numPhysIntRegs", self.num_phys_int_regs, arch_int),
            ("numPhysFloatRegs", self.num_phys_float_regs, arch_float),
            ("numPhysCCRegs", self.num_phys_cc_regs, arch_cc),
        ] {
            let need = arch as u32 + if arch > 0 { 1 } else { 0 };
            if phys < need || phys > 16384 {
                return Err(format!(
                    "{name}: is {phys}; allowed values: {need} (the ISA's {arch} registers plus one) to 16384"
                ));
            }
        }
        if self.fu_pool.is_empty() {
            return Err("fuPool: is empty; allowed values: at least one unit".into());
        }
        self.store_set_params().check()?;
        self.branch_pred.direction.check()
    }

    /// The memory-dependence predictor's parameters.
    pub fn store_set_params(&self) -> StoreSetParams {
        StoreSetParams {
            ssit_size: self.ssit_size,
            lfst_size: self.lfst_size,
            clear_period: self.store_set_clear_period,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn bad_sizes_name_the_parameter_and_the_allowed_values() {
        let ok = O3CpuParams::default();
        assert_eq!(ok.check(32, 32, 0), Ok(()));
        let e = O3CpuParams {
            num_rob_entries: 0,
            ..O3CpuParams::default()
        }
        .check(32, 32, 0)
        .unwrap_err();
        assert!(e.starts_with("numROBEntries: is 0; allowed values"), "{e}");
        let e = O3CpuParams {
            num_phys_int_regs: 32,
            ..O3CpuParams::default()
        }
        .check(32, 32, 0)
        .unwrap_err();
        assert!(
            e.starts_with("numPhysIntRegs: is 32; allowed values: 33"),
            "{e}"
        );
        let e = O3CpuParams {
            ssit_size: 1000,
            ..O3CpuParams::default()
        }
        .check(32, 32, 0)
        .unwrap_err();
        assert!(e.contains("SSITSize"), "{e}");
        assert!(ring_capacity(&ok) >= 192 + 32);
    }
}
