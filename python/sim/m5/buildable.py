"""What the simulator can build from a resolved tree: :func:`check_modelled`
refuses trees that ask for what is not modelled yet. ``m5.instantiate()`` uses it."""

from typing import Any

from sim import objects
from sim.errors import UnsupportedError


def check_modelled(root: Any) -> None:
    """UnsupportedError for a tree that asks for what cannot be built yet: a
    CPU left switched out (gem5's CPU switching)."""
    for obj in root.descendants():
        if isinstance(obj, objects.BaseCPU) and obj._values.get("switched_out"):
            raise UnsupportedError(
                f"{obj.path()}.switched_out",
                "is True; allowed values: False (switching CPU models, gem5's "
                "m5.switchCpus, is not supported yet)",
            )
