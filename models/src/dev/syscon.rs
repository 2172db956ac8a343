//! The test/syscon device of QEMU's `virt` (`sifive_test` at 0x10_0000, which the
//! device tree's `syscon-poweroff` and `syscon-reboot` nodes point at): a 32-bit
//! write to offset 0 ends the simulation. The low 16 bits say how: 0x5555 power
//! off (pass), 0x7777 reboot, 0x3333 fail with the exit code in the high 16 bits.

use super::pio::PioDevice;
use sim_core::component::Ctx;
use sim_core::ExitCause;

/// Power off: the guest finished (Linux `poweroff`, OpenSBI system reset).
pub const FINISHER_PASS: u32 = 0x5555;
/// Reboot.
pub const FINISHER_RESET: u32 = 0x7777;
/// Failure; the code is `value >> 16`.
pub const FINISHER_FAIL: u32 = 0x3333;
/// Exit message of a power-off.
pub const POWEROFF_MESSAGE: &str = "guest powered off through the test device";
/// Exit message of a reboot request (the simulation stops; a front end may restart).
pub const REBOOT_MESSAGE: &str = "guest asked for a reboot through the test device";

/// The test device.
#[derive(Default)]
pub struct TestFinisher;

impl PioDevice for TestFinisher {
    fn type_name(&self) -> &'static str {
        "RiscvTestFinisher"
    }
    fn params(&self) -> Vec<(String, serde_json::Value)> {
        vec![("pio_size".into(), 0x1000.into())]
    }
    fn read(&mut self, _offset: u64, _size: usize, _ctx: &mut Ctx) -> u64 {
        0
    }
    fn write(&mut self, offset: u64, _size: usize, value: u64, ctx: &mut Ctx) {
        if offset != 0 {
            return;
        }
        let value = value as u32;
        match value & 0xffff {
            FINISHER_PASS => ctx.exit(ExitCause::Exit {
                code: 0,
                message: POWEROFF_MESSAGE.into(),
            }),
            FINISHER_RESET => ctx.exit(ExitCause::Exit {
                code: 0,
                message: REBOOT_MESSAGE.into(),
            }),
            FINISHER_FAIL => ctx.exit(ExitCause::Fail {
                code: (value >> 16) as i64,
            }),
            _ => {}
        }
    }
}
