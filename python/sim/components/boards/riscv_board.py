"""``RiscvBoard`` (gem5's stdlib class): a RISC-V full-system board.

gem5's ``RiscvBoard`` is modelled on SiFive's HiFive boards; this one is laid
out as QEMU's ``virt`` board (so QEMU can serve as a reference) under gem5's
names::

    board.platform.clint     Clint        0x0200_0000  (num_threads = harts)
    board.platform.plic      Plic         0x0c00_0000  (M and S context per hart)
    board.platform.uart      Uart8250     0x1000_0000  IRQ 10, to board.platform.terminal
    board.platform.rtc       GoldfishRTC  0x0010_1000  IRQ 11
    board.platform.syscon    RiscvTestFinisher 0x0010_0000 (poweroff, reboot)
    board.disk               RiscvMmioVirtIO 0x1000_1000 IRQ 1, a VirtIOBlock on a
                             CowDiskImage over a read-only RawDiskImage
    RAM                      one range at 0x8000_0000 of the memory's size

Each device sits on its own memory-side port of the cache hierarchy's
``membus``, after the memory. The device tree handed to the firmware in
``a1`` is generated from the configured system when the simulation is built
(``board.workload.dtb_filename`` empty). UART output goes to
``m5out/board.platform.terminal``.

Workloads: ``set_kernel_disk_workload`` (gem5's, plus ``initrd``, ours: an
initial RAM disk such as ``obtain_resource("riscv-initramfs")``, which the
Debian kernel of ``riscv-linux-kernel`` needs to reach a virtio disk), and
``set_bare_metal_workload`` (ours; gem5's stdlib has none) for a machine-mode
ELF, which ends the run through HTIF ``tohost``.
"""

from typing import List, Optional

import sim.objects as objects
from sim.components.boards.abstract_system_board import AbstractSystemBoard
from sim.components.boards.kernel_disk_workload import KernelDiskWorkload, resource_path
from sim.errors import ParamError, UnsupportedError
from sim.isas import ISA

DRAM_BASE = 0x8000_0000
"""Start of RAM on the virt board."""
KERNEL_ADDR = 0x8020_0000
"""Where the kernel goes (OpenSBI fw_jump's jump address)."""
INITRD_ADDR = 0x8820_0000
"""Where an initial RAM disk goes (where QEMU put it in the reference boot)."""

# QEMU virt's map and interrupt sources.
CLINT, CLINT_SIZE = 0x0200_0000, 0x1_0000
PLIC, PLIC_SIZE, PLIC_SOURCES = 0x0C00_0000, 0x60_0000, 97
UART0, UART0_IRQ = 0x1000_0000, 10
RTC, RTC_IRQ = 0x0010_1000, 11
TEST = 0x0010_0000
VIRTIO, VIRTIO_SIZE, VIRTIO_IRQ = 0x1000_1000, 0x1000, 1


class RiscvBoard(AbstractSystemBoard, KernelDiskWorkload):
    """A RISC-V full-system board laid out as QEMU's ``virt``; see the module
    documentation."""

    def __init__(self, clk_freq: str, processor, memory, cache_hierarchy) -> None:
        super().__init__(clk_freq, processor, memory, cache_hierarchy)
        if processor.get_isa() != ISA.RISCV:
            raise UnsupportedError(
                "board.processor",
                f"The RISCVBoard requires a processor using the RISCV ISA. Current "
                f"processor ISA: '{processor.get_isa().name}'.",
            )

    # -- the board's objects ----------------------------------------------------

    def _setup_board(self) -> None:
        self.workload = objects.RiscvBootloaderKernelWorkload()
        harts = self.processor.get_num_cores()
        platform = objects.SubSystem()
        self.platform = platform
        platform.clint = objects.Clint(pio_addr=CLINT, pio_size=CLINT_SIZE, num_threads=harts)
        platform.plic = objects.Plic(
            pio_addr=PLIC, pio_size=PLIC_SIZE, n_src=PLIC_SOURCES,
            hart_config=",".join("MS" for _ in range(harts)), n_contexts=2 * harts,
        )
        platform.terminal = objects.Terminal()
        platform.uart = objects.Uart8250(
            pio_addr=UART0, interrupt_id=UART0_IRQ, device=platform.terminal
        )
        platform.rtc = objects.GoldfishRTC(pio_addr=RTC, interrupt_id=RTC_IRQ)
        platform.syscon = objects.RiscvTestFinisher(pio_addr=TEST)
        self.disk = objects.RiscvMmioVirtIO(
            vio=objects.VirtIOBlock(), interrupt_id=VIRTIO_IRQ, pio_size=VIRTIO_SIZE,
            pio_addr=VIRTIO,
        )
        self._bootloader: List[str] = []

    def _devices(self) -> list:
        """The devices in the order of their membus ports (as ``sim fs``)."""
        p = self.platform
        return [p.clint, p.plic, p.uart, p.rtc, p.syscon, self.disk]

    def _setup_memory_ranges(self) -> None:
        memory = self.get_memory()
        self.mem_ranges = [objects.AddrRange(start=DRAM_BASE, size=memory.get_size())]
        memory.set_memory_range(self.mem_ranges)

    def _pre_instantiate(self) -> None:
        """Place the workload (gem5's addresses), connect the components, then
        put each device on its own memory-side port of the membus."""
        if isinstance(self.workload, objects.RiscvBootloaderKernelWorkload):
            if self._bootloader:
                self.workload.bootloader_addr = 0x0
                self.workload.bootloader_filename = self._bootloader[0]
                self.workload.kernel_addr = KERNEL_ADDR
                self.workload.entry_point = DRAM_BASE
            else:
                # The kernel is the first stage (an ELF such as bbl): its
                # segments say where it goes, and the harts start at its entry.
                self.workload.kernel_addr = DRAM_BASE
                self.workload.entry_point = 0
        self._connect_things()
        hierarchy = self.get_cache_hierarchy()
        if hierarchy is None or not hasattr(hierarchy, "get_mem_side_port"):
            raise UnsupportedError(
                "board.cache_hierarchy",
                "the RiscvBoard needs a classic cache hierarchy (NoCache or caches) "
                "whose membus the devices attach to",
            )
        for device in self._devices():
            device.pio = hierarchy.get_mem_side_port()

    # -- I/O queries (gem5's interface) -----------------------------------------

    def has_io_bus(self) -> bool:
        return False

    def get_io_bus(self):
        raise UnsupportedError(
            "board.iobus", "the RiscvBoard's devices are on the membus; it has no I/O bus"
        )

    def has_dma_ports(self) -> bool:
        return False

    def get_dma_ports(self) -> List:
        raise UnsupportedError(
            "board.dma_ports", "RISCVBoard does not have DMA Ports. Use `has_dma_ports()` "
            "to check this."
        )

    def has_coherent_io(self) -> bool:
        return False

    def get_mem_side_coherent_io_port(self):
        raise UnsupportedError(
            "board.coherent_io_port", "the RiscvBoard has no coherent I/O; use "
            "has_coherent_io() to check first"
        )

    # -- workloads ----------------------------------------------------------------

    def get_disk_device(self) -> str:
        return "/dev/vda"

    def get_default_kernel_args(self) -> List[str]:
        return ["console=ttyS0", "root={root_value}", "disk_device={disk_device}", "rw"]

    def _add_disk_to_board(self, disk_image) -> None:
        image = objects.CowDiskImage(child=objects.RawDiskImage(read_only=True), read_only=False)
        image.child.image_file = resource_path(
            "board.disk.vio.image.child.image_file", disk_image
        )
        self.disk.vio.image = image
        # The generated device tree: placed below the end of RAM, as QEMU does.
        self.workload.dtb_filename = ""
        self.workload.dtb_addr = 0

    def set_kernel_disk_workload(
        self,
        kernel,
        disk_image,
        bootloader=None,
        disk_device: Optional[str] = None,
        readfile: Optional[str] = None,
        readfile_contents: Optional[str] = None,
        kernel_args: Optional[List[str]] = None,
        exit_on_work_items: bool = True,
        checkpoint=None,
        initrd=None,
    ) -> None:
        """gem5's ``set_kernel_disk_workload``; ``initrd`` (ours) is an initial
        RAM disk loaded at 0x8820_0000 and named in the device tree."""
        if not isinstance(self.workload, objects.RiscvBootloaderKernelWorkload):
            self.workload = objects.RiscvBootloaderKernelWorkload()
        super().set_kernel_disk_workload(
            kernel=kernel, disk_image=disk_image, bootloader=bootloader,
            disk_device=disk_device, readfile=readfile, readfile_contents=readfile_contents,
            kernel_args=kernel_args, exit_on_work_items=exit_on_work_items,
            checkpoint=checkpoint,
        )
        if initrd is not None:
            self.workload.initrd_filename = resource_path("board.workload.initrd_filename",
                                                          initrd)
            self.workload.initrd_addr = INITRD_ADDR

    def set_bare_metal_workload(self, binary, reset_vect: int = 0) -> None:
        """Run the machine-mode ELF ``binary`` (ours; gem5's stdlib has no such
        method): a ``RiscvBareMetal`` workload, started at its entry (or at
        ``reset_vect``); a ``tohost`` symbol ends the run through HTIF with the
        program's status. The virtio slot holds no device."""
        self._set_fullsystem(True)
        if isinstance(reset_vect, bool) or not isinstance(reset_vect, int) or reset_vect < 0:
            raise ParamError("board.workload.reset_vect",
                             f"is {reset_vect!r}; allowed values: an address (0: the entry)")
        self.workload = objects.RiscvBareMetal(
            bootloader=resource_path("board.workload.bootloader", binary),
            reset_vect=reset_vect,
        )
        self.disk.vio = objects.VirtIODummyDevice()
        self.exit_on_work_items = True
