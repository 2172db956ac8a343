"""A board that is a ``System`` (gem5's ``AbstractSystemBoard``)."""

import sim.objects as objects
from sim.components.boards.abstract_board import AbstractBoard


class AbstractSystemBoard(objects.System, AbstractBoard):
    """Base of boards that are ``System`` SimObjects."""

    abstract = True

    def __init__(self, clk_freq: str, processor, memory, cache_hierarchy):
        objects.System.__init__(self)
        AbstractBoard.__init__(
            self,
            clk_freq=clk_freq,
            processor=processor,
            memory=memory,
            cache_hierarchy=cache_hierarchy,
        )

    def createCCObject(self):
        """Checked before the simulator object is made (gem5's hook)."""
        self._connect_things_check()
        parent = getattr(super(), "createCCObject", None)
        if parent is not None:
            parent()
