"""Boards (gem5's ``gem5.components.boards``): :mod:`.simple_board`."""
