//! Privileged CSR numbers, names and the bit layouts of the status and interrupt
//! registers (RISC-V Privileged Architecture 1.12, chapters 2 and 3; Sstc 1.0).

// ---- supervisor (2.2, table 2.2)
/// `sstatus`: the S-mode view of `mstatus`.
pub const SSTATUS: u16 = 0x100;
/// `sie`: the S-mode view of `mie`.
pub const SIE: u16 = 0x104;
/// `stvec`.
pub const STVEC: u16 = 0x105;
/// `scounteren`.
pub const SCOUNTEREN: u16 = 0x106;
/// `senvcfg`.
pub const SENVCFG: u16 = 0x10a;
/// `sscratch`.
pub const SSCRATCH: u16 = 0x140;
/// `sepc`.
pub const SEPC: u16 = 0x141;
/// `scause`.
pub const SCAUSE: u16 = 0x142;
/// `stval`.
pub const STVAL: u16 = 0x143;
/// `sip`: the S-mode view of `mip`.
pub const SIP: u16 = 0x144;
/// `stimecmp` (Sstc).
pub const STIMECMP: u16 = 0x14d;
/// `satp`.
pub const SATP: u16 = 0x180;
// ---- machine (2.2, table 2.4)
/// `mstatus`.
pub const MSTATUS: u16 = 0x300;
/// `misa`.
pub const MISA: u16 = 0x301;
/// `medeleg`.
pub const MEDELEG: u16 = 0x302;
/// `mideleg`.
pub const MIDELEG: u16 = 0x303;
/// `mie`.
pub const MIE: u16 = 0x304;
/// `mtvec`.
pub const MTVEC: u16 = 0x305;
/// `mcounteren`.
pub const MCOUNTEREN: u16 = 0x306;
/// `menvcfg`.
pub const MENVCFG: u16 = 0x30a;
/// `mcountinhibit`.
pub const MCOUNTINHIBIT: u16 = 0x320;
/// `mhpmevent3` (through `mhpmevent31` = 0x33f).
pub const MHPMEVENT3: u16 = 0x323;
/// `mscratch`.
pub const MSCRATCH: u16 = 0x340;
/// `mepc`.
pub const MEPC: u16 = 0x341;
/// `mcause`.
pub const MCAUSE: u16 = 0x342;
/// `mtval`.
pub const MTVAL: u16 = 0x343;
/// `mip`.
pub const MIP: u16 = 0x344;
/// Not a CSR number (it has more than 12 bits, so no instruction names it):
/// `mip` as the read half of a CSRRS/CSRRC sees it, where only SEIP's
/// software-writable bit takes part, not the PLIC's line (privileged spec
/// 3.1.9). Without it, setting SSIP while the line is high (OpenSBI injecting
/// an IPI) would latch SEIP on for good: an endless interrupt storm.
pub const MIP_RMW: u16 = 0x1344;
/// `pmpcfg0` (RV64: even numbers through `pmpcfg14` = 0x3ae).
pub const PMPCFG0: u16 = 0x3a0;
/// `pmpaddr0` (through `pmpaddr63` = 0x3ef).
pub const PMPADDR0: u16 = 0x3b0;
/// `tselect` (debug triggers).
pub const TSELECT: u16 = 0x7a0;
/// `tdata1`.
pub const TDATA1: u16 = 0x7a1;
/// `tdata2`.
pub const TDATA2: u16 = 0x7a2;
/// `tdata3`.
pub const TDATA3: u16 = 0x7a3;
/// `tinfo`.
pub const TINFO: u16 = 0x7a4;
/// `mcycle`.
pub const MCYCLE: u16 = 0xb00;
/// `minstret`.
pub const MINSTRET: u16 = 0xb02;
/// `mhpmcounter3` (through `mhpmcounter31` = 0xb1f).
pub const MHPMCOUNTER3: u16 = 0xb03;
/// `hpmcounter3` (through `hpmcounter31` = 0xc1f).
pub const HPMCOUNTER3: u16 = 0xc03;
/// `mvendorid`.
pub const MVENDORID: u16 = 0xf11;
/// `marchid`.
pub const MARCHID: u16 = 0xf12;
/// `mimpid`.
pub const MIMPID: u16 = 0xf13;
/// `mhartid`.
pub const MHARTID: u16 = 0xf14;
/// `mconfigptr`.
pub const MCONFIGPTR: u16 = 0xf15;

// ---- mstatus fields (3.1.6, figure 3.7)
/// S-mode interrupt enable.
pub const MS_SIE: u64 = 1 << 1;
/// M-mode interrupt enable.
pub const MS_MIE: u64 = 1 << 3;
/// S-mode previous interrupt enable.
pub const MS_SPIE: u64 = 1 << 5;
/// M-mode previous interrupt enable.
pub const MS_MPIE: u64 = 1 << 7;
/// S-mode previous privilege (1 bit).
pub const MS_SPP: u64 = 1 << 8;
/// M-mode previous privilege (2 bits at 12:11).
pub const MS_MPP: u64 = 3 << 11;
/// Shift of MPP.
pub const MS_MPP_SHIFT: u32 = 11;
/// Floating-point state (2 bits at 14:13).
pub const MS_FS: u64 = 3 << 13;
/// Modify privilege: loads and stores use MPP's translation and protection.
pub const MS_MPRV: u64 = 1 << 17;
/// Permit supervisor access to user memory.
pub const MS_SUM: u64 = 1 << 18;
/// Make executable pages readable.
pub const MS_MXR: u64 = 1 << 19;
/// Trap virtual memory (S-mode `satp` and `sfence.vma` are illegal).
pub const MS_TVM: u64 = 1 << 20;
/// Timeout wait (WFI below M-mode is illegal).
pub const MS_TW: u64 = 1 << 21;
/// Trap SRET (SRET in S-mode is illegal).
pub const MS_TSR: u64 = 1 << 22;
/// UXL = 2 (64-bit U-mode), read-only.
pub const MS_UXL64: u64 = 2 << 32;
/// SXL = 2 (64-bit S-mode), read-only.
pub const MS_SXL64: u64 = 2 << 34;
/// State dirty summary (read-only, bit 63).
pub const MS_SD: u64 = 1 << 63;
/// Bits of `mstatus` software can write (no V, no big-endian, no hypervisor).
pub const MSTATUS_WRITABLE: u64 = MS_SIE
    | MS_MIE
    | MS_SPIE
    | MS_MPIE
    | MS_SPP
    | MS_MPP
    | MS_FS
    | MS_MPRV
    | MS_SUM
    | MS_MXR
    | MS_TVM
    | MS_TW
    | MS_TSR;
/// Bits `sstatus` shows of `mstatus` (4.1.1): SIE, SPIE, UBE, SPP, VS, FS, XS,
/// SUM, MXR, UXL, SD.
pub const SSTATUS_VIEW: u64 = MS_SIE
    | MS_SPIE
    | (1 << 6)
    | MS_SPP
    | (3 << 9)
    | MS_FS
    | (3 << 15)
    | MS_SUM
    | MS_MXR
    | (3 << 32)
    | MS_SD;
/// Bits of `sstatus` S-mode can write.
pub const SSTATUS_WRITABLE: u64 = MS_SIE | MS_SPIE | MS_SPP | MS_FS | MS_SUM | MS_MXR;

// ---- interrupt numbers and mip/mie bits (3.1.9)
/// Supervisor software interrupt.
pub const IRQ_SSI: u32 = 1;
/// Machine software interrupt.
pub const IRQ_MSI: u32 = 3;
/// Supervisor timer interrupt.
pub const IRQ_STI: u32 = 5;
/// Machine timer interrupt.
pub const IRQ_MTI: u32 = 7;
/// Supervisor external interrupt.
pub const IRQ_SEI: u32 = 9;
/// Machine external interrupt.
pub const IRQ_MEI: u32 = 11;
/// The interrupts this hart has, as `mie`/`mip` bits.
pub const IRQ_ALL: u64 =
    1 << IRQ_SSI | 1 << IRQ_MSI | 1 << IRQ_STI | 1 << IRQ_MTI | 1 << IRQ_SEI | 1 << IRQ_MEI;
/// The supervisor-level interrupts (those `mideleg` can delegate).
pub const IRQ_S: u64 = 1 << IRQ_SSI | 1 << IRQ_STI | 1 << IRQ_SEI;
/// Priority order for simultaneous interrupts (3.1.9): MEI, MSI, MTI, SEI, SSI, STI.
pub const IRQ_PRIORITY: [u32; 6] = [IRQ_MEI, IRQ_MSI, IRQ_MTI, IRQ_SEI, IRQ_SSI, IRQ_STI];
/// Exceptions `medeleg` can delegate: causes 0-9, 12, 13, 15 (11, ecall from
/// M-mode, is read-only zero; 10 and 14 are reserved).
pub const MEDELEG_WRITABLE: u64 = 0x3ff | 1 << 12 | 1 << 13 | 1 << 15;

// ---- menvcfg (3.1.18) and counters
/// `menvcfg.STCE`: enables Sstc's `stimecmp`.
pub const ENVCFG_STCE: u64 = 1 << 63;
/// `xenvcfg.FIOM`: fence of I/O implies memory.
pub const ENVCFG_FIOM: u64 = 1;
/// `mcounteren`/`scounteren` TM bit (the `time` CSR).
pub const COUNTEREN_TM: u64 = 1 << 1;

/// The name of a privileged CSR, for traces and disassembly.
pub fn name(csr: u16) -> Option<&'static str> {
    Some(match csr {
        SSTATUS => "sstatus",
        SIE => "sie",
        STVEC => "stvec",
        SCOUNTEREN => "scounteren",
        SENVCFG => "senvcfg",
        SSCRATCH => "sscratch",
        SEPC => "sepc",
        SCAUSE => "scause",
        STVAL => "stval",
        SIP => "sip",
        STIMECMP => "stimecmp",
        SATP => "satp",
        MSTATUS => "mstatus",
        MISA => "misa",
        MEDELEG => "medeleg",
        MIDELEG => "mideleg",
        MIE => "mie",
        MTVEC => "mtvec",
        MCOUNTEREN => "mcounteren",
        MENVCFG => "menvcfg",
        MCOUNTINHIBIT => "mcountinhibit",
        MSCRATCH => "mscratch",
        MEPC => "mepc",
        MCAUSE => "mcause",
        MTVAL => "mtval",
        MIP => "mip",
        TSELECT => "tselect",
        TDATA1 => "tdata1",
        TDATA2 => "tdata2",
        TDATA3 => "tdata3",
        TINFO => "tinfo",
        MCYCLE => "mcycle",
        MINSTRET => "minstret",
        MVENDORID => "mvendorid",
        MARCHID => "marchid",
        MIMPID => "mimpid",
        MHARTID => "mhartid",
        MCONFIGPTR => "mconfigptr",
        _ => return None,
    })
}
