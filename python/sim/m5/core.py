"""gem5's ``m5.core`` (its ``_m5.core`` functions that scripts call):
``setOutputDir``, ``setInterpDir`` and ``curTick``."""

from sim import _runtime


def setOutputDir(dir: str) -> None:
    """Make ``dir`` the output directory (``m5.options.outdir``)."""
    _runtime.set_outdir(str(dir))


def setInterpDir(dir: str) -> None:
    """Load a dynamically linked guest's ELF interpreter from ``dir`` followed by
    its path (``dir + "/lib/ld-linux-riscv64-lp64d.so.1"``), as gem5 does; the
    libraries it opens then go through ``System.redirect_paths``."""
    _runtime.set_interp_dir(str(dir))


def curTick() -> int:
    """The current tick."""
    import sim.m5

    return sim.m5.curTick()
