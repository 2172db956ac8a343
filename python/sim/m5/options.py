"""gem5's ``m5.options``: the command-line options of this run. ``outdir`` is the
output directory (``sim run -d DIR``, default ``m5out``)."""

import sys
from typing import Any

from sim import _runtime


class _Options(sys.modules[__name__].__class__):
    @property
    def outdir(self) -> str:
        return _runtime.outdir()

    @outdir.setter
    def outdir(self, value: Any) -> None:
        _runtime.set_outdir(str(value))


sys.modules[__name__].__class__ = _Options
