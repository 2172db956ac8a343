"""gem5's ``m5.internal``: the compiled side of gem5 as Python sees it. Only
:mod:`.params` exists here; gem5's configuration scripts read its enum types
(``m5.internal.params.enum_AddrMap``)."""

from sim.m5.internal import params  # noqa: F401
