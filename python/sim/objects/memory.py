"""Memories (gem5's ``src/mem/AbstractMemory.py`` and ``SimpleMemory.py``);
``MemCtrl`` and the DRAM interfaces are in :mod:`sim.objects.dram`."""

from sim.objects.clocks import ClockedObject
from sim.objects.params import Param
from sim.objects.ports import ResponsePort


class AbstractMemory(ClockedObject):
    type = "AbstractMemory"
    cxx_class = "gem5::memory::AbstractMemory"
    abstract = True

    range = Param.AddrRange("128MiB", "Address range (potentially interleaved)")
    null = Param.Bool(False, "Do not store data, always return zero")
    in_addr_map = Param.Bool(True, "Memory part of the global address map")
    kvm_map = Param.Bool(True, "Should KVM map this memory for the guest")
    conf_table_reported = Param.Bool(True, "Report to configuration table")
    image_file = Param.String("", "Image to load into memory as its initial contents")
    writeable = Param.Bool(True, "Allow writes to this memory")
    collect_stats = Param.Bool(True, "Collect statistics per requestor")


class SimpleMemory(AbstractMemory):
    type = "SimpleMemory"
    cxx_class = "gem5::memory::SimpleMemory"

    # gem5 allows an unconnected SimpleMemory (Ruby uses one so).
    port = ResponsePort("This port sends responses and receives requests")
    latency = Param.Latency("30ns", "Request to response latency")
    latency_var = Param.Latency("0ns", "Request to response latency variance")
    bandwidth = Param.MemoryBandwidth("12.8GiB/s", "Combined read and write bandwidth")

    def controller(self) -> "SimpleMemory":
        """The object to attach to the memory bus: a SimpleMemory needs no
        controller, so itself (as gem5's; DRAM interfaces return a MemCtrl)."""
        return self
