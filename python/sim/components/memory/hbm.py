"""gem5's ``HighBandwidthMemory`` and ``HBM2Stack``
(``gem5.components.memory.hbm``): HBM2 channels, each an ``HBMCtrl`` driving
two pseudo channels (``dram`` and ``dram_2``) of one DRAM interface class.
Addresses alternate between the pseudo channels every 64 bytes (bit 6) and
between channels every ``interleaving_size`` bytes."""

from math import log
from typing import Optional, Sequence, Tuple, Type, Union

import sim.objects as objects
from sim.components._objects import class_param, object_class
from sim.components.memory.abstract_memory_system import AbstractMemorySystem
from sim.components.memory.memory import ChanneledMemory
from sim.errors import ParamError


class HighBandwidthMemory(ChanneledMemory):
    """``num_channels`` HBM channels of ``dram_interface_class`` (two pseudo
    channels each), interleaved every ``interleaving_size`` bytes.

    :param dram_interface_class: the DRAM interface of each pseudo channel.
    :param num_channels: the number of channels.
    :param interleaving_size: bytes between channel switches.
    :param size: the memory's size (default: what the devices hold).
    :param addr_mapping: the interfaces' address mapping (default: the class's).
    """

    def __init__(
        self,
        dram_interface_class: Type,
        num_channels: Union[int, str],
        interleaving_size: Union[int, str],
        size: Optional[str] = None,
        addr_mapping: Optional[str] = None,
    ) -> None:
        super().__init__(
            dram_interface_class,
            num_channels,
            interleaving_size,
            size,
            addr_mapping,
        )

    def _create_mem_interfaces_controller(self) -> None:
        hbm_ctrl = object_class("HBMCtrl", "board.memory.mem_ctrl")
        self._dram = [
            self._dram_class(addr_mapping=self._addr_mapping) for _ in range(self._num_channels)
        ]
        self._dram_2 = [
            self._dram_class(addr_mapping=self._addr_mapping) for _ in range(self._num_channels)
        ]
        self.mem_ctrl = [
            hbm_ctrl(dram=self._dram[i], dram_2=self._dram_2[i], disable_sanity_check=True)
            for i in range(self._num_channels)
        ]

    def _interleave_addresses(self) -> None:
        if self._addr_mapping == "RoRaBaChCo":
            rowbuffer_size = class_param(self._dram_class, "device_rowbuffer_size") * class_param(
                self._dram_class, "devices_per_rank"
            )
            intlv_low_bit = log(rowbuffer_size, 2)
        elif self._addr_mapping in ["RoRaBaCoCh", "RoCoRaBaCh"]:
            intlv_low_bit = log(self._intlv_size, 2)
        else:
            raise ParamError(
                "board.memory.addr_mapping",
                f"is {self._addr_mapping!r}; Only these address mappings are supported: "
                "RoRaBaChCo, RoRaBaCoCh, RoCoRaBaCh",
            )
        intlv_bits = log(self._num_channels, 2)
        mask_list = []
        for ib in range(int(intlv_bits)):
            mask_list.append(1 << int(ib + intlv_low_bit))
        # Interleaving across the pseudo channels, every 64 bytes.
        mask_list.insert(0, 1 << 6)
        for i, ctrl in enumerate(self.get_memory_controllers()):
            ctrl.dram.range = objects.AddrRange(
                start=self._mem_range.start,
                size=self._mem_range.size(),
                masks=mask_list,
                intlvMatch=(i << 1) | 0,
            )
            ctrl.dram_2.range = objects.AddrRange(
                start=self._mem_range.start,
                size=self._mem_range.size(),
                masks=mask_list,
                intlvMatch=(i << 1) | 1,
            )

    def get_mem_ports(self) -> Sequence[Tuple[object, object]]:
        intlv_bits = log(self._num_channels, 2)
        mask_list = []
        for ib in range(int(intlv_bits)):
            mask_list.append(1 << int(ib + log(self._intlv_size, 2)))
        controllers = self.get_memory_controllers()
        addr_ranges = [
            objects.AddrRange(
                start=self._mem_range.start,
                size=self._mem_range.size(),
                masks=mask_list,
                intlvMatch=i,
            )
            for i in range(len(controllers))
        ]
        return [(addr_ranges[i], ctrl.port) for i, ctrl in enumerate(controllers)]


def HBM2Stack(size: Optional[str] = "4GiB") -> AbstractMemorySystem:
    """A 4 GiB HBM2 stack: 8 channels of ``HBM_2000_4H_1x64`` pseudo channels,
    interleaved every 128 bytes."""
    hbm = object_class("HBM_2000_4H_1x64", "board.memory.dram")
    return HighBandwidthMemory(hbm, 8, 128, size=size)
