"""The sizes and associativities of a two-level hierarchy (gem5's
``AbstractTwoLevelCacheHierarchy``)."""


class AbstractTwoLevelCacheHierarchy:
    """Holds the L1I, L1D and L2 sizes and associativities."""

    def __init__(self, l1i_size: str, l1i_assoc: int, l1d_size: str, l1d_assoc: int,
                 l2_size: str, l2_assoc: int):
        self._l1i_size = l1i_size
        self._l1i_assoc = l1i_assoc
        self._l1d_size = l1d_size
        self._l1d_assoc = l1d_assoc
        self._l2_size = l2_size
        self._l2_assoc = l2_assoc
