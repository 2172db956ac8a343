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
    first: Dict[str, type] = {}
    for cls in _concrete_classes():
        names = sorted(cls._params)
        if cls.type in out and out[cls.type] != names:
            # gem5 gives a class that adds parameters a type of its own.
            extra = sorted(set(names) ^ set(out[cls.type]))
            raise TypeError(f"{cls.__module__}.{cls.__name__} and {first[cls.type].__name__} "
                            f"are both type {cls.type} but differ in parameters {extra}; "
                            f"a class that adds parameters needs its own type")
        out[cls.type] = names
        first.setdefault(cls.type, cls)
    return dict(sorted(out.items()))


def declared_ports() -> Dict[str, List[str]]:
    """``{type: sorted port names}`` for every concrete type."""
    out: Dict[str, List[str]] = {}
    for cls in _concrete_classes():
        out[cls.type] = sorted(cls._ports)
    return dict(sorted(out.items()))
