"""Base of every cache hierarchy (gem5's ``AbstractCacheHierarchy``)."""


class AbstractCacheHierarchy:
    """A cache hierarchy; subclasses describe themselves to the native simulator
    through :meth:`_check`."""

    def is_ruby(self) -> bool:
        """True for Ruby hierarchies (none exist here)."""
        return False

    def _check(self, path: str) -> dict:
        """Validate the parameters (``path`` names the hierarchy in errors) and
        return the native ``HierarchyConfig``."""
        raise NotImplementedError
