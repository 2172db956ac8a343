"""Shared checking of the classic hierarchies' cache sizes and associativities.

Sizes are checked with the simulator's unit parser; geometry rules (a power-of-two
number of sets, for instance) are checked by the simulator and reported with
the same parameter paths.
"""

from typing import Dict, Tuple

from sim import params
from sim.components.cachehierarchies.abstract_cache_hierarchy import AbstractCacheHierarchy


class AbstractClassicCacheHierarchy(AbstractCacheHierarchy):
    """A classic (non-Ruby) hierarchy."""

    _KIND = ""
    # attribute name -> (native key, kind: "size" or "assoc")
    _FIELDS: Dict[str, Tuple[str, str]] = {}

    def _check(self, path: str) -> dict:
        if getattr(self, "_membus", None) is not None:
            raise params.UnsupportedError(
                f"{path}.membus", "a custom memory bus is not supported yet (leave it unset)"
            )
        config = {"kind": self._KIND}
        for attr, (key, kind) in self._FIELDS.items():
            value = getattr(self, f"_{attr}")
            where = f"{path}.{attr}"
            if kind == "size":
                config[key] = params.size(where, value)
            else:
                config[key] = params.integer(where, value, 1, 1 << 16)
        return config
