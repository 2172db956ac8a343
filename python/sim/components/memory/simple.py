"""``SingleChannelSimpleMemory`` (gem5's ``simple`` module): a fixed-latency memory.

The native ``SimpleMemory`` has gem5's default timing only (30 ns latency, 0 ns
variation, 12.8 GiB/s); other values are refused when the board is built.
"""

from typing import Optional

from sim import params
from sim.components.memory.abstract_memory_system import AbstractMemorySystem

DEFAULT_LATENCY = "30ns"
DEFAULT_LATENCY_VAR = "0ns"
DEFAULT_BANDWIDTH = "12.8GiB/s"
_BANDWIDTH_FORMS = {"12.8GiB/s", "12.8GiBps"}


class SingleChannelSimpleMemory(AbstractMemorySystem):
    """A ``SimpleMemory`` of ``size`` bytes."""

    _TYPE = "SimpleMemory"

    def __init__(
        self,
        latency: str = DEFAULT_LATENCY,
        latency_var: str = DEFAULT_LATENCY_VAR,
        bandwidth: str = DEFAULT_BANDWIDTH,
        size: Optional[str] = None,
    ):
        super().__init__(size)
        self._latency = latency
        self._latency_var = latency_var
        self._bandwidth = bandwidth

    def _check(self, path: str) -> dict:
        config = super()._check(path)
        if params.latency(f"{path}.latency", self._latency) != 30_000:
            raise params.UnsupportedError(
                f"{path}.latency",
                f"{self._latency!r} is not supported yet; SimpleMemory has a fixed "
                f"latency of {DEFAULT_LATENCY}",
            )
        if params.latency(f"{path}.latency_var", self._latency_var) != 0:
            raise params.UnsupportedError(
                f"{path}.latency_var",
                f"{self._latency_var!r} is not supported yet; only {DEFAULT_LATENCY_VAR}",
            )
        if str(self._bandwidth).replace(" ", "") not in _BANDWIDTH_FORMS:
            raise params.UnsupportedError(
                f"{path}.bandwidth",
                f"{self._bandwidth!r} is not supported yet; SimpleMemory has a fixed "
                f"bandwidth of {DEFAULT_BANDWIDTH}",
            )
        return config


SimpleMemory = SingleChannelSimpleMemory
"""Short name for :class:`SingleChannelSimpleMemory`."""
