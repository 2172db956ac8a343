"""Full-system workloads of the RISC-V board (gem5's
``src/arch/riscv/RiscvFsWorkload.py``).

``RiscvBootloaderKernelWorkload`` places firmware, kernel and device tree in
memory and starts every hart at ``entry_point``; ``RiscvBareMetal`` runs one
machine-mode program (an ELF; one with a ``tohost`` symbol ends the run through
HTIF). Parameters and defaults are gem5's, with these differences:

* ``initrd_filename`` and ``initrd_addr`` (ours) load an initial RAM disk and
  name it in the device tree's ``/chosen`` node.
* An empty ``dtb_filename`` hands over the device tree the board generates from
  the configured system (gem5 boots without one); ``dtb_addr = 0`` places it as
  QEMU does, below the end of RAM (2 MiB aligned, under 3 GiB).
* ``bootloader_addr = 0`` (gem5's default) means the start of RAM.
* gem5's ``exit_on_kernel_panic``/``on_panic``/``semihosting`` are not declared:
  a kernel panic always ends the simulation loop with ``KERNEL_PANIC``, and
  semihosting is not modelled.
"""

from sim.objects.params import Param
from sim.objects.process import Workload


class RiscvBareMetal(Workload):
    """One bare-metal (machine-mode) program started at its entry."""

    type = "RiscvBareMetal"
    cxx_class = "gem5::RiscvISA::BareMetal"

    bootloader = Param.String("File, that contains the bootloader code")
    bare_metal = Param.Bool(True, "Using Bare Metal Application?")
    reset_vect = Param.Addr(0x0, "Reset vector (0: the program's entry)")


class RiscvBootloaderKernelWorkload(Workload):
    """Firmware, a Linux kernel and its command line (and an initial RAM disk)."""

    type = "RiscvBootloaderKernelWorkload"
    cxx_class = "gem5::RiscvISA::BootloaderKernelWorkload"

    bootloader_filename = Param.String(
        "", "File that contains the bootloader. Don't use bootloader if empty.")
    bootloader_addr = Param.Addr(
        0x0, "Where to place the bootloader in memory (0: the start of RAM).")
    object_file = Param.String("", "vmlinux file. Don't use kernel if empty.")
    kernel_addr = Param.Addr(0x80200000, "Where to place the kernel in memory.")
    entry_point = Param.Addr(0x80000000, "Where to find the first instruction to execute.")
    dtb_filename = Param.String(
        "", "File that contains the Device Tree Blob (empty: the generated one).")
    dtb_addr = Param.Addr(
        0x87E00000, "Where to place the DTB in memory (0: below the end of RAM, as QEMU).")
    command_line = Param.String("", "Booting arguments, to be passed to the kernel.")
    initrd_filename = Param.String("", "Initial RAM disk (none if empty).")
    initrd_addr = Param.Addr(0x88200000, "Where to place the initial RAM disk in memory.")


__all__ = ["RiscvBareMetal", "RiscvBootloaderKernelWorkload"]
