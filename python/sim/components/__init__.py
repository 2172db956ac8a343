"""Board components as gem5's ``gem5.components``: boards, processors, cache
hierarchies and memories. They hold parameters only; the board turns them into
a native system when it is instantiated (see :mod:`sim.components.boards`)."""
