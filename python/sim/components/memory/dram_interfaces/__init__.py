"""gem5's DRAM interface presets by family (``gem5.components.memory.dram_interfaces``);
the classes are ``sim.objects``'."""
