"""What gem5's ``SimpleBoard`` and ``TestBoard`` share: no I/O bus, no DMA ports
and no coherent I/O. Asking for one is an error naming the board and the check
to use first (gem5 raises ``NotImplementedError``; ``UnsupportedError`` is a
subclass of it, so scripts catching that keep working)."""

from sim.errors import UnsupportedError


class NoIOBoard:
    """Mixin for boards without I/O (listed before the board base class)."""

    def _no_io(self, what: str, check: str) -> UnsupportedError:
        return UnsupportedError(
            f"{self.path()}.{what}",
            f"{type(self).__name__} has none; use {check}() to check first",
        )

    def has_io_bus(self) -> bool:
        return False

    def get_io_bus(self):
        raise self._no_io("io_bus", "has_io_bus")

    def has_dma_ports(self) -> bool:
        return False

    def get_dma_ports(self):
        raise self._no_io("dma_ports", "has_dma_ports")

    def has_coherent_io(self) -> bool:
        return False

    def get_mem_side_coherent_io_port(self):
        raise self._no_io("coherent_io_port", "has_coherent_io")
