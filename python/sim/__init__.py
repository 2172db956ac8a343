"""Python layer of the ``sim`` simulator: the package root.

A configuration script written for gem5's standard library runs here once its
imports say ``sim.`` instead of ``gem5.`` (for the supported components)::

    from sim.components.boards.simple_board import SimpleBoard
    from sim.simulate.simulator import Simulator

Subpackages and modules:

* :mod:`sim.components`: boards, processors, cache hierarchies, memories;
* :mod:`sim.simulate`: ``Simulator`` and exit events;
* :mod:`sim.resources`: binaries and the local resource catalog;
* :mod:`sim.utils`: ``requires`` and ``multisim``;
* :mod:`sim.isas`, :mod:`sim.coherence_protocol`, :mod:`sim.runtime`: enums and
  what this build supports;
* :mod:`sim.errors`: the errors the API raises (``SimError`` and its
  subclasses ``ParamError``, ``UsageError``...), also importable from ``sim``;
* :mod:`sim.params`: parameter checking;
* :mod:`sim.stats`: stats.txt parsing, ``sim stats``, ``dump()``/``reset()``;
* :mod:`sim.cli`: the ``sim`` command (``sim run SCRIPT.py``);
* ``sim._native``: the Rust extension everything runs on.
"""

from sim.errors import (
    MissingFileError,
    ParamError,
    ParamTypeError,
    SimError,
    UnsupportedError,
    UsageError,
)

__all__ = [
    "MissingFileError",
    "ParamError",
    "ParamTypeError",
    "SimError",
    "UnsupportedError",
    "UsageError",
]
