"""The errors ``sim``'s API raises for what a script asks of it.

Every error a script can cause through the API (a wrong parameter, a missing
binary, a call at the wrong time) is a :class:`SimError`. ``sim run`` prints
one as a single line, ``sim run: error: <message>``, without a traceback,
since the traceback would only show the package's insides; any other
exception, raised by the script's own code, keeps its traceback.

Each class also derives from the built-in exception gem5 (or Python) raises
in its place, so ``except ValueError`` and friends keep working:

* :class:`ParamError` (``ValueError``): a parameter with a bad value; its
  ``path`` names the parameter, by its place in the board once the board is
  built (``board.cache_hierarchy.l1d.size``), else by the class that takes it
  (``BinaryResource.local_path``);
* :class:`ParamTypeError` (also ``TypeError``): a parameter of the wrong type;
* :class:`UnsupportedError` (also ``NotImplementedError``): a gem5 feature
  this simulator does not offer yet;
* :class:`MissingFileError` (also ``FileNotFoundError``): a path parameter
  naming no file;
* :class:`UsageError` (``RuntimeError``): an API call made at the wrong time,
  such as ``Simulator.run()`` from inside an exit event handler.
"""


class SimError(Exception):
    """An error a script caused through ``sim``'s API; printed as one line."""


class ParamError(SimError, ValueError):
    """A parameter with a wrong type, unit or value; ``path`` names it."""

    def __init__(self, path: str, problem: str):
        super().__init__(f"{path}: {problem}")
        self.path = path
        self.problem = problem

    def __reduce__(self):
        # Rebuilt from (path, problem), not from the formatted message, when it
        # crosses a process boundary (multisim's worker processes).
        return (type(self), (self.path, self.problem))


class ParamTypeError(ParamError, TypeError):
    """A parameter of the wrong type."""


class UnsupportedError(ParamError, NotImplementedError):
    """A gem5 feature this simulator does not offer yet."""


class MissingFileError(ParamError, FileNotFoundError):
    """A path parameter that names no file (or not the kind of file needed)."""

    def __str__(self) -> str:
        # FileNotFoundError would format errno/strerror, which are not set.
        return f"{self.path}: {self.problem}"


class UsageError(SimError, RuntimeError):
    """An API call made when it cannot work (wrong order, wrong place)."""
