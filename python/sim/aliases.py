"""Inside ``sim run``, gem5's scripts import ``gem5`` and ``m5``: these names are
aliases of :mod:`sim` and :mod:`sim.m5` (``gem5.components.boards`` is
``sim.components.boards``, ``m5.objects`` is ``sim.objects``), so the scripts
run unmodified. :func:`install` adds the aliases to the import system; plain
``import sim`` needs none of this.
"""

import importlib
import importlib.abc
import importlib.machinery
import importlib.util
import sys
from typing import Optional

_PREFIXES = {"gem5": "sim", "m5": "sim.m5"}

_FULL_SYSTEM = ("full-system simulation is supported on the RISC-V board only "
                "(gem5.components.boards.riscv_board)")
_NOT_PROVIDED = {
    "gem5.components.boards.x86_board": _FULL_SYSTEM,
    "gem5.components.boards.arm_board": _FULL_SYSTEM,
    "gem5.components.boards.experimental": _FULL_SYSTEM,
    "gem5.prebuilt.demo": _FULL_SYSTEM + "; the X86 ISA is not supported (RISC-V is)",
    "gem5.prebuilt.riscvmatched": "the RISC-V matched board (a SiFive U74 model built on "
                                  "the Minor CPU) is not supported yet",
    "gem5.components.cachehierarchies.ruby": "Ruby memory systems are not supported yet "
                                             "(classic caches are)",
    "gem5.components.cachehierarchies.chi": "Ruby memory systems are not supported yet "
                                            "(classic caches are)",
    "gem5.components.memory.dramsim_3": "external DRAM simulators (DRAMSim3) are not supported "
                                        "(MemCtrl with DRAM interfaces is)",
    "gem5.components.memory.dramsys": "external DRAM simulators (DRAMSys) are not supported "
                                      "(MemCtrl with DRAM interfaces is)",
    "m5.util.fdthelper": "gem5's device-tree helper is not provided: the full-system board "
                         "generates its device tree from the configured system",
    "m5.stats.gem5stats": "gem5's Python statistics objects (pystats) are not supported yet; "
                          "read stats.txt or stats.json (sim.stats)",
    "gem5.components.processors.spatter_gen": "Spatter traffic generators are not supported "
                                              "yet",
    "gem5.components.cachehierarchies.classic.private_l1_private_l2_walk_cache_hierarchy":
        "its page-table walker caches are not modelled yet (PrivateL1PrivateL2CacheHierarchy "
        "is)",
    "gem5.utils.simpoint": "SimPoint sampling needs checkpoints, which are not supported yet",
    "gem5.resources.looppoint": "LoopPoint sampling needs checkpoints, which are not "
                                "supported yet",
}
"""gem5 stdlib modules of features the simulator does not have; importing one
is an UnsupportedError naming the module and the feature (a script that needs
a full-system board stops at its import, in one line)."""


def not_provided(fullname: str) -> Optional[str]:
    """Why the gem5 module ``fullname`` does not exist here (``None`` if it may)."""
    for module, why in _NOT_PROVIDED.items():
        if fullname == module or fullname.startswith(module + "."):
            return why
    return None


def target_of(fullname: str) -> Optional[str]:
    """The ``sim`` module an aliased name stands for (``None`` if not aliased)."""
    head, _, rest = fullname.partition(".")
    base = _PREFIXES.get(head)
    if base is None:
        return None
    return f"{base}.{rest}" if rest else base


class _AliasLoader(importlib.abc.Loader):
    def __init__(self, target: str):
        self._target = target

    def create_module(self, spec):
        return importlib.import_module(self._target)

    def exec_module(self, module) -> None:
        pass


class _AliasFinder(importlib.abc.MetaPathFinder):
    def find_spec(self, fullname, path=None, target=None):
        real = target_of(fullname)
        if real is None:
            return None
        why = not_provided(fullname)
        if why is not None:
            from sim.errors import UnsupportedError

            raise UnsupportedError(fullname, why)
        if importlib.util.find_spec(real) is None:
            if any(module.startswith(fullname + ".") for module in _NOT_PROVIDED):
                # A package (``gem5.prebuilt``) holding only modules of
                # unsupported features: empty, so that importing one of those
                # reaches the UnsupportedError above.
                return importlib.machinery.ModuleSpec(fullname, None, is_package=True)
            return None
        return importlib.machinery.ModuleSpec(fullname, _AliasLoader(real), is_package=True)


def install() -> None:
    """Make ``gem5`` and ``m5`` importable as aliases (idempotent)."""
    if not any(isinstance(f, _AliasFinder) for f in sys.meta_path):
        sys.meta_path.insert(0, _AliasFinder())
