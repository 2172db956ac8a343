"""The CPU class names of gem5's other ISAs (``X86TimingSimpleCPU``,
``ArmAtomicSimpleCPU``, ...), their ISA mixins (``X86CPU``, ``ArmCPU``, ...)
and the Arm release and platform classes gem5's Arm scripts import. The
simulator models RISC-V only; these names exist so that a script written for
another ISA stops where it makes one of them with an UnsupportedError naming
the ISA, instead of a NameError. The CPUs are abstract, so CPU lists (se.py's
``--list-cpu-types``) leave them out."""

from typing import Any, Dict

from sim.errors import UnsupportedError
from sim.objects.cpu import (
    BaseAtomicSimpleCPU,
    BaseTimingSimpleCPU,
)
from sim.objects.minor_cpu import BaseMinorCPU
from sim.objects.o3_cpu import BaseO3CPU

ISAS = {"X86": "X86", "Arm": "Arm", "Mips": "MIPS", "Power": "Power", "Sparc": "SPARC"}
"""gem5's class prefix of each ISA, and the ISA's name in messages."""

_MODELS = {
    "AtomicSimpleCPU": BaseAtomicSimpleCPU,
    "TimingSimpleCPU": BaseTimingSimpleCPU,
    "O3CPU": BaseO3CPU,
    "MinorCPU": BaseMinorCPU,
}


def _refuse(self: Any, **kwargs: Any) -> None:
    raise UnsupportedError(
        type(self).__name__,
        f"the {self._isa_name} ISA is not supported; the simulator models RISC-V "
        f"(use Riscv{self._model_name})",
    )


def _classes() -> Dict[str, type]:
    made: Dict[str, type] = {}
    for prefix, isa_name in ISAS.items():
        mixin = type(f"{prefix}CPU", (), {
            "__doc__": f"gem5's {isa_name} CPU mixin; the {isa_name} ISA is not modelled.",
        })
        made[mixin.__name__] = mixin
        for model, base in _MODELS.items():
            name = f"{prefix}{model}"
            made[name] = type(name, (base, mixin), {
                "abstract": True,
                "__init__": _refuse,
                "_isa_name": isa_name,
                "_model_name": model,
                "__module__": __name__,
                "__doc__": f"gem5's {isa_name} {model}; the {isa_name} ISA is not modelled.",
            })
    return made


class _ArmOnly:
    """An Arm configuration object (architecture releases, VExpress platforms);
    the Arm ISA is not modelled, so making one is an UnsupportedError."""

    def __init__(self, *args: Any, **kwargs: Any):
        raise UnsupportedError(type(self).__name__,
                               "the Arm ISA is not supported; the simulator models RISC-V")

    @classmethod
    def for_kvm(cls) -> Any:
        return cls()


_ARM_ONLY = ["ArmRelease", "ArmDefaultRelease", "ArmDefaultSERelease", "VExpress_GEM5_Base",
             "VExpress_GEM5_Foundation", "VExpress_GEM5_V1", "VExpress_GEM5_V2"]


def _all() -> Dict[str, type]:
    made = _classes()
    for name in _ARM_ONLY:
        made[name] = type(name, (_ArmOnly,), {"__module__": __name__})
    return made


globals().update(_all())
__all__ = sorted(_all())
