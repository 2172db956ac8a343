"""Running a board (gem5's ``gem5.simulate``): :mod:`.simulator`,
:mod:`.exit_event` and :mod:`.exit_event_generators`."""
