"""Ruby coherence protocols, as gem5's ``gem5.coherence_protocol``.

Listed so that gem5 scripts import unchanged; this simulator has only classic
caches, so no protocol is supported (``sim.utils.requires`` says so).
"""

from enum import Enum


class CoherenceProtocol(Enum):
    """gem5's Ruby protocol names."""

    MESI_THREE_LEVEL = "MESI_Three_Level"
    MESI_THREE_LEVEL_HTM = "MESI_Three_Level_HTM"
    ARM_MOESI_HAMMER = "ARM_MOESI_hammer"
    GARNET_STANDALONE = "Garnet_standalone"
    MESI_TWO_LEVEL = "MESI_Two_Level"
    MOESI_CMP_DIRECTORY = "MOESI_CMP_directory"
    MOESI_CMP_TOKEN = "MOESI_CMP_token"
    MOESI_AMD_BASE = "MOESI_AMD_Base"
    MI_EXAMPLE = "MI_example"
    GPU_VIPER = "GPU_VIPER"
    CHI = "CHI"
