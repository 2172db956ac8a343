"""The catalogue of object types: every concrete SimObject type the package
defines, with the parameter (and port) names gem5 declares for it. The Rust
registry's declarations are checked against :func:`declared_params`, so the
two cannot drift apart."""

from typing import Dict, List


def _concrete_classes() -> List[type]:
    from sim.objects.simobject import SimObject

    return [cls for cls in SimObject.registry().values()
            if not cls.abstract and cls.__module__.startswith("sim.")]


def declared_params() -> Dict[str, List[str]]:
    """``{type: sorted parameter names}`` for every concrete type (a class's
    config ``type``: ``RiscvTimingSimpleCPU`` is ``BaseTimingSimpleCPU``, the
    ``DDR4_2400_8x8`` preset is ``DRAMInterface``)."""
    out: Dict[str, List[str]] = {}
    for cls in _concrete_classes():
        names = sorted(cls._params)
        if cls.type in out and out[cls.type] != names:
            raise AssertionError(f"classes of type {cls.type} declare different parameters")
        out[cls.type] = names
    return dict(sorted(out.items()))


def declared_ports() -> Dict[str, List[str]]:
    """``{type: sorted port names}`` for every concrete type."""
    out: Dict[str, List[str]] = {}
    for cls in _concrete_classes():
        out[cls.type] = sorted(cls._ports)
    return dict(sorted(out.items()))
