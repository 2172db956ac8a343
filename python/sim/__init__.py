"""Python layer of the ``sim`` simulator: the package root.

Subpackages:

* :mod:`sim.stats`: reading and comparing gem5-style ``stats.txt`` output.
"""
