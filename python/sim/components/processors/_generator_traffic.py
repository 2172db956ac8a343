"""What the linear and random generator cores share: turning the stdlib's
``duration``/``rate`` strings into gem5's phase arguments (ticks), as gem5's
cores do with ``fromSeconds(toLatency(...))`` and ``toMemoryBandwidth``."""

from sim.errors import ParamError
from sim.objects.params import TYPES, seconds_to_ticks


def duration_ticks(path: str, duration) -> int:
    """``duration`` ("1ms", or ticks) in ticks."""
    try:
        return TYPES["Latency"].convert(duration)
    except ValueError as err:
        raise ParamError(f"{path}.duration", str(err)) from None


def period_ticks(path: str, rate, block_size: int) -> int:
    """Ticks between ``block_size``-byte requests at ``rate`` ("32GiB/s")."""
    try:
        bandwidth = TYPES["MemoryBandwidth"].convert(rate)
    except ValueError as err:
        raise ParamError(f"{path}.rate", str(err)) from None
    if bandwidth <= 0:
        raise ParamError(f"{path}.rate", f"{rate!r} is not a positive bandwidth")
    return seconds_to_ticks(block_size / bandwidth)
