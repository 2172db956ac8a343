"""Base of every memory system (gem5's ``AbstractMemorySystem``)."""

from typing import Optional

from sim import params


class AbstractMemorySystem:
    """One memory behind the memory bus: a native type name and a size."""

    _TYPE = ""
    _DEFAULT_SIZE = "512MiB"

    def __init__(self, size: Optional[str] = None) -> None:
        self._size = size

    def get_size(self) -> int:
        """Size in bytes (needs the native unit parser)."""
        from sim import _runtime

        return _runtime.native().parse_size(str(self._size or self._DEFAULT_SIZE))

    def _check(self, path: str) -> dict:
        """Validate the parameters and return the native ``MemoryConfig``."""
        size = self._size if self._size is not None else self._DEFAULT_SIZE
        return {"type": self._TYPE, "size": params.size(f"{path}.size", size)}
