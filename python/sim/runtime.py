"""What this simulator build supports, as gem5's ``gem5.runtime``.

The native simulator runs RISC-V in SE mode with classic caches: one ISA, no
Ruby protocol, no KVM.
"""

from typing import Set

from sim.coherence_protocol import CoherenceProtocol
from sim.isas import ISA


def get_supported_isas() -> Set[ISA]:
    """ISAs the simulator can run."""
    return {ISA.RISCV}


def get_runtime_isa() -> ISA:
    """The ISA used when a processor names none (the only supported one)."""
    return ISA.RISCV


def get_supported_protocols() -> Set[CoherenceProtocol]:
    """Ruby protocols compiled in: none (classic caches only)."""
    return set()
