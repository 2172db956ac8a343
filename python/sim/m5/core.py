"""gem5's ``m5.core`` (its ``_m5.core`` functions that scripts call):
``setOutputDir``, ``setInterpDir`` and ``curTick``."""

from sim import _runtime
from sim.errors import UnsupportedError


def setOutputDir(dir: str) -> None:
    """Make ``dir`` the output directory (``m5.options.outdir``)."""
    _runtime.set_outdir(str(dir))


def setInterpDir(dir: str) -> None:
    """gem5 loads a dynamically linked guest's loader from below ``dir``; the
    simulator runs statically linked guests only."""
    raise UnsupportedError(
        "m5.core.setInterpDir",
        f"{dir!r}: dynamically linked guests (the loader's directory) are not supported "
        "yet; link the guest with -static",
    )


def curTick() -> int:
    """The current tick."""
    import sim.m5

    return sim.m5.curTick()
