"""Full-system platform devices (gem5's ``src/dev/Device.py``,
``src/dev/riscv/Clint.py``, ``Plic.py``, ``PlicDevice.py``,
``RiscvVirtIOMMIO.py``, ``src/dev/serial/{Serial,Terminal,Uart}.py``,
``src/dev/virtio/{VirtIO,VirtIOBlock}.py``, ``src/dev/storage/DiskImage.py``),
laid out as QEMU's ``virt`` board places them.

Two devices have no gem5 counterpart and carry this project's names:
``GoldfishRTC`` (QEMU virt's RTC; gem5's ``RiscvRTC`` is a clock source for
its CLINT instead) and ``RiscvTestFinisher`` (QEMU's ``sifive_test``, the
poweroff/reboot device). ``Uart8250`` takes an ``interrupt_id`` (its PLIC
source; gem5 keeps it on the platform as ``uart_int_id``).
"""

from sim.objects.clocks import ClockedObject
from sim.objects.params import Param, ScopedEnum
from sim.objects.ports import ResponsePort
from sim.objects.proxy import Parent
from sim.objects.simobject import SimObject


class PioDevice(ClockedObject):
    type = "PioDevice"
    cxx_class = "gem5::PioDevice"
    abstract = True

    pio = ResponsePort("Programmed I/O port")
    system = Param.System(Parent.any, "System this device is part of")


class BasicPioDevice(PioDevice):
    type = "BasicPioDevice"
    cxx_class = "gem5::BasicPioDevice"
    abstract = True

    pio_addr = Param.Addr("Device Address")
    pio_latency = Param.Latency("100ns", "Programmed IO latency")


class Clint(BasicPioDevice):
    """Core-local interruptor: msip, mtimecmp per hart, mtime at the 10 MHz
    timebase derived from simulated time."""

    type = "Clint"
    cxx_class = "gem5::Clint"

    pio_size = Param.Addr(0xC000, "PIO Size")
    num_threads = Param.Int("Number of threads in the system.")


class PlicBase(BasicPioDevice):
    type = "PlicBase"
    cxx_class = "gem5::PlicBase"
    abstract = True

    pio_size = Param.Addr("PIO Size")


class Plic(PlicBase):
    """Platform-level interrupt controller (RISC-V PLIC 1.0.0, 7 priorities)."""

    type = "Plic"
    cxx_class = "gem5::Plic"

    pio_size = 0x4000000
    n_src = Param.Int("Number of interrupt sources")
    hart_config = Param.String(
        "", "per hart its contexts' modes, as QEMU's plic: 'MS,MS' is 2 harts with M and S")
    n_contexts = Param.Int(
        0, "Deprecated, use `hart_config` instead. Number of interrupt contexts "
        "(threads * 2: one for M mode, one for S mode)")


class PlicIntDevice(BasicPioDevice):
    type = "PlicIntDevice"
    cxx_class = "gem5::PlicIntDevice"
    abstract = True

    pio_size = Param.Addr("PIO Size")
    interrupt_id = Param.Int("PLIC Interrupt ID")


class SerialDevice(SimObject):
    type = "SerialDevice"
    cxx_class = "gem5::SerialDevice"
    abstract = True


class TerminalDump(ScopedEnum):
    vals = ["none", "stdoutput", "stderror", "file"]


class Terminal(SerialDevice):
    """Where a UART's output goes: ``outfile="file"`` writes
    ``m5out/<path of this object>`` (``system.platform.terminal``)."""

    type = "Terminal"
    cxx_class = "gem5::Terminal"

    port = Param.HostSocket(3456, "listen port/socket")
    number = Param.Int(0, "terminal number")
    outfile = Param.TerminalDump(
        "file", "Selects if and where the terminal is dumping its output")
    exit_on_kernel_panic = Param.Bool(
        True, "End the run when the console shows a Linux kernel panic line")


class Uart(BasicPioDevice):
    type = "Uart"
    cxx_class = "gem5::Uart"
    abstract = True

    device = Param.SerialDevice(Parent.any, "The terminal")


class Uart8250(Uart):
    """A 16550A UART."""

    type = "Uart8250"
    cxx_class = "gem5::Uart8250"

    pio_size = Param.Addr(0x100, "Size of address range")
    interrupt_id = Param.Int(10, "PLIC source of the UART's interrupt (0: none)")


class RiscvUart8250(Uart8250):
    pass


class GoldfishRTC(BasicPioDevice):
    """QEMU virt's goldfish RTC: nanoseconds since the epoch, one alarm."""

    type = "GoldfishRTC"
    cxx_class = "GoldfishRTC"

    pio_size = Param.Addr(0x1000, "Size of address range")
    interrupt_id = Param.Int(11, "PLIC Interrupt ID")
    time = Param.UInt64(1325376000, "Seconds since the epoch at tick 0 "
                        "(default 2012-01-01, gem5's RTC default)")


class RiscvTestFinisher(BasicPioDevice):
    """QEMU's sifive_test: writing 0x5555 powers off, 0x7777 reboots and
    ``(code << 16) | 0x3333`` fails with ``code``, ending the simulation."""

    type = "RiscvTestFinisher"
    cxx_class = "RiscvTestFinisher"

    pio_size = Param.Addr(0x1000, "Size of address range")


class DiskImage(SimObject):
    type = "DiskImage"
    cxx_class = "gem5::DiskImage"
    abstract = True

    image_file = Param.String("disk image file")
    read_only = Param.Bool(False, "read only image")


class RawDiskImage(DiskImage):
    """A raw (or qcow2, read-only) image used directly: writable unless
    ``read_only``."""

    type = "RawDiskImage"
    cxx_class = "gem5::RawDiskImage"


class CowDiskImage(DiskImage):
    """Copy-on-write over ``child``: the guest's writes stay in memory and the
    image file is never written."""

    type = "CowDiskImage"
    cxx_class = "gem5::CowDiskImage"

    child = Param.DiskImage(RawDiskImage(read_only=True), "child image")
    table_size = Param.Int(65536, "initial table size")
    image_file = ""


class VirtIODeviceBase(SimObject):
    type = "VirtIODeviceBase"
    cxx_class = "gem5::VirtIODeviceBase"
    abstract = True

    subsystem = Param.UInt8(0x00, "VirtIO subsystem ID")
    system = Param.System(Parent.any, "system object")
    byte_order = Param.ByteOrder("little", "Device byte order")


class VirtIODummyDevice(VirtIODeviceBase):
    """No device: the transport answers with device id 0, which drivers skip."""

    type = "VirtIODummyDevice"
    cxx_class = "gem5::VirtIODummyDevice"


class VirtIOBlock(VirtIODeviceBase):
    type = "VirtIOBlock"
    cxx_class = "gem5::VirtIOBlock"

    queueSize = Param.Unsigned(128, "Output queue size (pages)")
    image = Param.DiskImage("Disk image")


class RiscvMmioVirtIO(PlicIntDevice):
    """A virtio-mmio transport (virtio 1.x, version 2 registers)."""

    type = "RiscvMmioVirtIO"
    cxx_class = "gem5::RiscvISA::MmioVirtIO"

    vio = Param.VirtIODeviceBase(VirtIODummyDevice(), "VirtIO device")


__all__ = [
    "BasicPioDevice", "Clint", "CowDiskImage", "DiskImage", "GoldfishRTC", "PioDevice",
    "Plic", "PlicBase", "PlicIntDevice", "RawDiskImage", "RiscvMmioVirtIO",
    "RiscvTestFinisher", "RiscvUart8250", "SerialDevice", "Terminal", "TerminalDump",
    "Uart", "Uart8250", "VirtIOBlock", "VirtIODeviceBase", "VirtIODummyDevice"
]
