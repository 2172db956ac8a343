"""The RISC-V parts of a CPU (gem5's ``src/arch/riscv``: ``RiscvISA.py``,
``RiscvMMU.py``, ``RiscvTLB.py``, ``PMP.py``, ``PMAChecker.py``,
``RiscvInterrupts.py``, ``RiscvDecoder.py``), their ISA-neutral bases
(``src/arch/generic``), and the instruction tracer (``src/sim/InstTracer.py``,
``src/cpu/CPUTracers.py``).

A RISC-V CPU's ``mmu`` is a ``RiscvMMU`` with ``itb``/``dtb`` TLBs, each with
a page-table ``walker``; ``cpu.createThreads()`` adds one ``RiscvISA`` and one
``RiscvDecoder`` per thread and ``cpu.createInterruptController()`` one
``RiscvInterrupts`` per thread. RISC-V interrupt controllers have no ports
(x86's ``pio``/``int_requestor`` do not exist here).
"""

from sim.objects.clocks import ClockedObject
from sim.objects.params import NULL, Enum, Param, ScopedEnum, VectorParam
from sim.objects.ports import RequestPort, VectorResponsePort
from sim.objects.proxy import Parent
from sim.objects.simobject import SimObject


class TypeTLB(ScopedEnum):
    map = {"instruction": 0x1, "data": 0x2, "unified": 0x3}


class RiscvType(Enum):
    vals = ["RV32", "RV64"]


class PrivilegeModeSet(Enum):
    vals = ["M", "MU", "MNU", "MSU", "MNSU"]


class BaseISA(SimObject):
    type = "BaseISA"
    cxx_class = "gem5::BaseISA"
    abstract = True


class RiscvISA(BaseISA):
    type = "RiscvISA"
    cxx_class = "gem5::RiscvISA::ISA"

    riscv_type = Param.RiscvType("RV64", "base integer ISA: RV32 or RV64")
    enable_rvv = Param.Bool(True, "implement the vector extension")
    vlen = Param.RiscvVectorLength(256, "bits per vector register (VLEN)")
    elen = Param.RiscvVectorElementLength(64, "bits per vector element at most (ELEN)")
    privilege_mode_set = Param.PrivilegeModeSet("MSU", "privilege modes implemented")
    enable_Zicbom_fs = Param.Bool(True, "implement Zicbom in full-system mode")
    enable_Zicboz_fs = Param.Bool(True, "implement Zicboz in full-system mode")


class InstDecoder(SimObject):
    type = "InstDecoder"
    cxx_class = "gem5::InstDecoder"
    abstract = True

    isa = Param.BaseISA(NULL, "the ISA object of this thread")


class RiscvDecoder(InstDecoder):
    type = "RiscvDecoder"
    cxx_class = "gem5::RiscvISA::Decoder"


class BaseInterrupts(SimObject):
    type = "BaseInterrupts"
    cxx_class = "gem5::BaseInterrupts"
    abstract = True


class RiscvInterrupts(BaseInterrupts):
    type = "RiscvInterrupts"
    cxx_class = "gem5::RiscvISA::Interrupts"

    local_interrupt_ids = VectorParam.Unsigned([], "ids of the local interrupts")


class PMP(SimObject):
    type = "PMP"
    cxx_class = "gem5::RiscvISA::PMP"

    pmp_entries = Param.Int(16, "PMP entries implemented")


class BasePMAChecker(SimObject):
    type = "BasePMAChecker"
    cxx_class = "gem5::RiscvISA::BasePMAChecker"
    abstract = True


class PMAChecker(BasePMAChecker):
    type = "PMAChecker"
    cxx_class = "gem5::RiscvISA::PMAChecker"

    uncacheable = VectorParam.AddrRange([], "ranges that are not cacheable")
    misaligned = VectorParam.AddrRange([], "ranges allowing misaligned loads and stores")


class BaseTLB(SimObject):
    type = "BaseTLB"
    cxx_class = "gem5::BaseTLB"
    abstract = True

    _deprecated_names = {"slave": "cpu_side_ports", "master": "mem_side_port"}

    cpu_side_ports = VectorResponsePort("ports towards the CPU")
    mem_side_port = RequestPort("port towards memory")
    entry_type = Param.TypeTLB("whether the TLB holds instruction, data or both entries")
    next_level = Param.BaseTLB(NULL, "the next TLB level")


class RiscvPagetableWalker(ClockedObject):
    type = "RiscvPagetableWalker"
    cxx_class = "gem5::RiscvISA::Walker"

    port = RequestPort("the walker's memory port")
    system = Param.System(Parent.any, "system object")
    num_squash_per_cycle = Param.Unsigned(4, "outstanding walks squashed per cycle")
    pma_checker = Param.BasePMAChecker(Parent.any, "PMA checker")
    pmp = Param.PMP(Parent.any, "physical memory protection unit")


class RiscvTLB(BaseTLB):
    type = "RiscvTLB"
    cxx_class = "gem5::RiscvISA::TLB"

    size = Param.Int(64, "TLB entries")
    walker = Param.RiscvPagetableWalker(RiscvPagetableWalker(), "page table walker")
    pma_checker = Param.BasePMAChecker(Parent.any, "PMA checker")
    pmp = Param.PMP(Parent.any, "physical memory protection unit")


class BaseMMU(SimObject):
    type = "BaseMMU"
    cxx_class = "gem5::BaseMMU"
    abstract = True

    itb = Param.BaseTLB("instruction TLB")
    dtb = Param.BaseTLB("data TLB")

    @classmethod
    def walkerPorts(cls) -> list:
        """Paths (from the CPU) of the table walkers' ports: none by default."""
        return []

    def connectWalkerPorts(self, iport, dport) -> None:
        """Connect the instruction and data walkers' ports (no walker: nothing)."""


class RiscvMMU(BaseMMU):
    type = "RiscvMMU"
    cxx_class = "gem5::RiscvISA::MMU"

    itb = RiscvTLB(entry_type="instruction")
    dtb = RiscvTLB(entry_type="data")
    pma_checker = Param.BasePMAChecker(PMAChecker(), "PMA checker")
    pmp = Param.PMP(PMP(), "physical memory protection unit")

    @classmethod
    def walkerPorts(cls) -> list:
        return ["mmu.itb.walker.port", "mmu.dtb.walker.port"]

    def connectWalkerPorts(self, iport, dport) -> None:
        self.itb.walker.port = iport
        self.dtb.walker.port = dport


class InstDisassembler(SimObject):
    type = "InstDisassembler"
    cxx_class = "gem5::trace::InstDisassembler"


class InstTracer(SimObject):
    type = "InstTracer"
    cxx_class = "gem5::trace::InstTracer"
    abstract = True

    disassembler = Param.InstDisassembler(InstDisassembler(), "instruction disassembler")


class ExeTracer(InstTracer):
    type = "ExeTracer"
    cxx_class = "gem5::trace::ExeTracer"
