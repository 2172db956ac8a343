"""Board components as gem5's ``gem5.components``: boards, processors, cache
hierarchies and memories, built of :mod:`sim.objects` SimObjects as gem5's
are (a board is a ``System``; the others are ``SubSystem``s), so a run's
objects and stats are named ``board.processor.cores.core``,
``board.cache_hierarchy.l1dcaches``, ``board.memory.mem_ctrl``..."""
