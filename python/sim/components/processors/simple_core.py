"""A core of one of gem5's CPU types (gem5's ``SimpleCore``): its CPU is the
``sim.objects`` class ``<Isa><Type>`` (``RiscvTimingSimpleCPU``) with
``cpu_id=core_id``."""

import sim.objects as objects
from sim.components.processors.base_cpu_core import BaseCPUCore
from sim.components.processors.cpu_types import SUPPORTED, CPUTypes
from sim.errors import ParamError, UnsupportedError
from sim.isas import ISA
from sim.utils.requires import requires

_ISA_PREFIX = {
    ISA.X86: "X86",
    ISA.ARM: "Arm",
    ISA.RISCV: "Riscv",
    ISA.SPARC: "Sparc",
    ISA.POWER: "Power",
    ISA.MIPS: "Mips",
}
_CPU_NAMES = {
    CPUTypes.ATOMIC: "AtomicSimpleCPU",
    CPUTypes.O3: "O3CPU",
    CPUTypes.TIMING: "TimingSimpleCPU",
    CPUTypes.KVM: "KvmCPU",
    CPUTypes.MINOR: "MinorCPU",
}


class SimpleCore(BaseCPUCore):
    """A core of ``cpu_type`` with id ``core_id``."""

    def __init__(self, cpu_type: CPUTypes, core_id: int, isa: ISA = ISA.RISCV):
        requires(isa_required=isa)
        super().__init__(
            core=SimpleCore.cpu_simobject_factory(isa=isa, cpu_type=cpu_type, core_id=core_id),
            isa=isa,
        )
        self._cpu_type = cpu_type

    def get_type(self) -> CPUTypes:
        """The core's CPU type."""
        return self._cpu_type

    @classmethod
    def cpu_class_factory(cls, cpu_type: CPUTypes, isa: ISA) -> type:
        """The CPU class for ``cpu_type`` on ``isa``."""
        if not isinstance(cpu_type, CPUTypes):
            raise ParamError("board.processor.cpu_type",
                             f"expected a CPUTypes value, got {cpu_type!r}")
        if not isinstance(isa, ISA) or isa not in _ISA_PREFIX:
            raise ParamError("board.processor.isa", f"expected an ISA, got {isa!r}")
        name = _ISA_PREFIX[isa] + _CPU_NAMES[cpu_type]
        found = getattr(objects, name, None)
        if found is None or cpu_type not in SUPPORTED:
            raise UnsupportedError(
                "board.processor.cpu_type",
                f"CPU type '{cpu_type.value}' is not implemented yet (no {name}); "
                "allowed values: " + ", ".join(t.value for t in SUPPORTED),
            )
        return found

    @classmethod
    def cpu_simobject_factory(cls, cpu_type: CPUTypes, isa: ISA, core_id: int):
        """A CPU object of ``cpu_type`` with ``cpu_id=core_id``."""
        return cls.cpu_class_factory(cpu_type=cpu_type, isa=isa)(cpu_id=core_id)
