"""The exit event ``m5.simulate()`` returns (gem5's ``GlobalSimLoopExitEvent``)."""


class GlobalSimLoopExitEvent:
    """Why a ``simulate()`` call returned: gem5's cause string and exit code."""

    def __init__(self, cause: str, code: int, name: str):
        self._cause = cause
        self._code = code
        self._name = name

    def getCause(self) -> str:
        """gem5's cause string (``"exiting with last active thread context"``, ...)."""
        return self._cause

    def getCode(self) -> int:
        """The exit code (the guest's exit status for an exit)."""
        return self._code

    def __repr__(self) -> str:
        return f"GlobalSimLoopExitEvent(cause={self._cause!r}, code={self._code})"
