"""Utilities as gem5's ``gem5.utils``: :mod:`.requires` and :mod:`.multisim`."""
