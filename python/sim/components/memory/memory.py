"""``ChanneledMemory`` (gem5's ``gem5.components.memory.memory``): one
``MemCtrl`` per channel (the list child ``mem_ctrl``), each with a DRAM
interface of one class as its ``dram`` child, addresses interleaved across
channels. Without a size, the memory is as large as its channels' devices
(devices per rank x ranks x device size, per channel)."""

import math
from typing import Optional, Union

import sim.objects as objects
from sim.components._objects import class_param, object_class
from sim.components.memory.abstract_memory_system import AbstractMemorySystem, to_memory_size
from sim.errors import ParamError


def _as_int(path: str, value) -> int:
    try:
        return int(value)
    except (TypeError, ValueError):
        raise ParamError(path, f"Could not convert {value!r} to an integer") from None


def _is_pow2(num: int) -> bool:
    return num > 0 and num & (num - 1) == 0


class ChanneledMemory(AbstractMemorySystem):
    """``num_channels`` channels of ``dram_interface_class`` (a DRAM interface
    class, or its ``sim.objects`` name), interleaved every
    ``interleaving_size`` bytes."""

    def __init__(
        self,
        dram_interface_class,
        num_channels: Union[int, str],
        interleaving_size: Union[int, str],
        size: Optional[str] = None,
        addr_mapping: Optional[str] = None,
    ) -> None:
        num_channels = _as_int("board.memory.num_channels", num_channels)
        interleaving_size = _as_int("board.memory.interleaving_size", interleaving_size)
        super().__init__()
        if isinstance(dram_interface_class, str):
            dram_interface_class = object_class(dram_interface_class, "board.memory.dram")
        self._dram_class = dram_interface_class
        if not _is_pow2(num_channels):
            raise ParamError("board.memory.num_channels",
                             f"is {num_channels}; allowed values: a power of two")
        self._num_channels = num_channels
        if not _is_pow2(interleaving_size):
            raise ParamError("board.memory.interleaving_size",
                             "Memory interleaving size should be a power of 2")
        self._intlv_size = interleaving_size
        if addr_mapping:
            self._addr_mapping = str(addr_mapping)
        else:
            self._addr_mapping = str(class_param(self._dram_class, "addr_mapping"))
        if size:
            self._size = to_memory_size("board.memory.size", str(size))
        else:
            self._size = self._get_dram_size(num_channels, self._dram_class)
        self._create_mem_interfaces_controller()

    def _create_mem_interfaces_controller(self) -> None:
        mem_ctrl = object_class("MemCtrl", "board.memory.mem_ctrl")
        self._dram = [
            self._dram_class(addr_mapping=self._addr_mapping) for _ in range(self._num_channels)
        ]
        self.mem_ctrl = [mem_ctrl(dram=self._dram[i]) for i in range(self._num_channels)]

    def _get_dram_size(self, num_channels: int, dram) -> int:
        return num_channels * (
            class_param(dram, "device_size")
            * class_param(dram, "devices_per_rank")
            * class_param(dram, "ranks_per_channel")
        )

    def _interleave_addresses(self) -> None:
        if self._num_channels == 1:
            self.mem_ctrl[0].dram.range = objects.AddrRange(
                start=self._mem_range.start, size=self._mem_range.size()
            )
            return
        if self._addr_mapping == "RoRaBaChCo":
            rowbuffer_size = class_param(self._dram_class, "device_rowbuffer_size") * class_param(
                self._dram_class, "devices_per_rank"
            )
            intlv_low_bit = int(math.log2(rowbuffer_size))
        elif self._addr_mapping in ("RoRaBaCoCh", "RoCoRaBaCh"):
            intlv_low_bit = int(math.log2(self._intlv_size))
        else:
            raise ParamError(
                "board.memory.addr_mapping",
                f"is {self._addr_mapping!r}; Only these address mappings are supported: "
                "RoRaBaChCo, RoRaBaCoCh, RoCoRaBaCh",
            )
        intlv_bits = int(math.log2(self._num_channels))
        for i, ctrl in enumerate(self.mem_ctrl):
            ctrl.dram.range = objects.AddrRange(
                start=self._mem_range.start,
                size=self._mem_range.size(),
                intlvHighBit=intlv_low_bit + intlv_bits - 1,
                xorHighBit=0,
                intlvBits=intlv_bits,
                intlvMatch=i,
            )

    def incorporate_memory(self, board) -> None:
        line = int(board.get_cache_line_size())
        if self._intlv_size < line:
            raise ParamError(
                "board.memory.interleaving_size",
                f"Memory interleaving size can not be smaller than board's cache line "
                f"size. Board's cache line size: {line}, This memory's interleaving "
                f"size: {self._intlv_size}",
            )

    def get_mem_ports(self):
        return [(ctrl.dram.range, ctrl.port) for ctrl in self.mem_ctrl]

    def get_memory_controllers(self):
        return list(self.mem_ctrl) if isinstance(self.mem_ctrl, list) else [self.mem_ctrl]

    def get_size(self) -> int:
        return self._size

    def set_memory_range(self, ranges) -> None:
        if len(ranges) != 1 or ranges[0].size() != self._size:
            raise ParamError(
                "board.memory",
                "Multi channel memory controller requires a single range which matches "
                f"the memory's size. The range size: {ranges[0].size()}, This memory's "
                f"size: {self._size}",
            )
        self._mem_range = ranges[0]
        self._interleave_addresses()

    def get_uninterleaved_range(self):
        return [self._mem_range]
