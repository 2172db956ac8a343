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
        if importlib.util.find_spec(real) is None:
            return None
        return importlib.machinery.ModuleSpec(fullname, _AliasLoader(real), is_package=True)


def install() -> None:
    """Make ``gem5`` and ``m5`` importable as aliases (idempotent)."""
    if not any(isinstance(f, _AliasFinder) for f in sys.meta_path):
        sys.meta_path.insert(0, _AliasFinder())
