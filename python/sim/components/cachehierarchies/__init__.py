"""Cache hierarchies. Only gem5's classic hierarchies exist here
(:mod:`.classic`); Ruby hierarchies are not implemented."""
