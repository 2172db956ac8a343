"""Processors: :mod:`.cpu_types`, :mod:`.simple_processor`,
:mod:`.simple_switchable_processor`."""
