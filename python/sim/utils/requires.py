"""``requires()``: stop a script early when this build cannot run it (gem5's
``gem5.utils.requires``). Our build: ISA RISC-V, classic caches, no KVM."""

import inspect
from typing import Optional

from sim.coherence_protocol import CoherenceProtocol
from sim.errors import SimError
from sim.isas import ISA
from sim.runtime import get_supported_isas, get_supported_protocols


def _where(msg: str) -> str:
    """Prefix ``msg`` with the file or class that called ``requires``."""
    frame = inspect.stack()[2]
    if frame.function == "<module>":
        name = frame.filename
    else:
        owner = frame.frame.f_locals.get("self")
        name = type(owner).__name__ if owner is not None else frame.function
    return f"[{name}] {msg}"


def requires(
    isa_required: Optional[ISA] = None,
    coherence_protocol_required: Optional[CoherenceProtocol] = None,
    kvm_required: bool = False,
    apple_virt_required: bool = False,
) -> None:
    """Raise :class:`~sim.errors.SimError` (an Exception, as gem5 raises) if the
    required ISA, coherence protocol or host virtualization is not available in
    this simulator."""
    isas = get_supported_isas()
    if isa_required is not None and isa_required.value not in {i.value for i in isas}:
        msg = f"The required ISA is '{isa_required.name}'. Supported ISAs: "
        msg += ", ".join(isa.name for isa in sorted(isas, key=str))
        raise SimError(_where(msg))
    protocols = get_supported_protocols()
    if coherence_protocol_required is not None and coherence_protocol_required.value not in {
        p.value for p in protocols
    }:
        msg = (
            f"The required protocol is '{coherence_protocol_required.name}'. "
            "Supported protocols: none (this simulator has classic caches only)"
        )
        raise SimError(_where(msg))
    if kvm_required:
        raise SimError(_where("KVM is required but is unavailable in this simulator"))
    if apple_virt_required:
        raise SimError(
            _where("Apple virtualization is required but is unavailable in this simulator")
        )
