"""gem5's HBM interface presets (``gem5.components.memory.dram_interfaces.hbm``)."""

from sim.objects import HBM_1000_4H_1x64, HBM_1000_4H_1x128, HBM_2000_4H_1x64

__all__ = ["HBM_1000_4H_1x128", "HBM_1000_4H_1x64", "HBM_2000_4H_1x64"]
