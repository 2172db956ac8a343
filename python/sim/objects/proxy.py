"""gem5's parameter proxies: ``Parent.any``, ``Parent.<attr>`` and ``Self.<attr>``.

A proxy stands for a value found in the object tree when it is instantiated:

* ``Parent.any``: the nearest ancestor that is of the parameter's type, or, at
  the first ancestor where there is one, its only child or object parameter of
  that type (gem5's ``find_any``; two candidates at one level are an error);
* ``Parent.x``: attribute ``x`` (a parameter, child or port) of the nearest
  ancestor that has it; when that value is itself a proxy it is resolved in
  that ancestor;
* ``Parent.all``: every object of the (vector) parameter's type among the
  parent's children, their subtrees and the parent's object parameters,
  sorted by path (gem5's ``find_all``); ``Self.all`` searches the object;
* ``Self.x``: attribute ``x`` of the object itself.
"""

from typing import Any, Optional


class Unresolved(Exception):
    """A proxy that found nothing; the caller names the object and parameter."""


class Proxy:
    """A deferred reference resolved against the object that holds it."""

    def __init__(self, search_self: bool, attr: Optional[str], find_all: bool = False):
        self.search_self = search_self
        self.attr = attr  # None means "any" (or "all" when find_all)
        self.find_all = find_all

    def __repr__(self) -> str:
        kind = "all" if self.find_all else "any"
        return f"{'Self' if self.search_self else 'Parent'}.{self.attr or kind}"

    def resolve(self, obj: Any, wanted: Optional[type]) -> Any:
        """The value this proxy names for ``obj``; ``wanted`` is the class a
        SimObject parameter asks for (needed by ``any``)."""
        start = obj if self.search_self else obj._parent
        if self.find_all:
            if wanted is None:
                raise Unresolved(f"{self!r} is only allowed for a SimObject parameter")
            if start is None:
                raise Unresolved(f"{self!r} has no parent to search")
            return start.find_all(wanted)
        if self.attr is None:
            return _find_any(start, wanted, self)
        node = start
        while node is not None:
            found, value = node._lookup(self.attr)
            if found:
                if isinstance(value, Proxy):
                    value = node._resolve_proxy(self.attr, value)
                return value
            if self.search_self:
                break
            node = node._parent
        raise Unresolved(f"{self!r} found no object with attribute {self.attr!r} "
                         f"{'on the object' if self.search_self else 'among its ancestors'}")


def _find_any(node: Any, wanted: Optional[type], proxy: Proxy) -> Any:
    if wanted is None:
        raise Unresolved(f"{proxy!r} is only allowed for a SimObject parameter")
    while node is not None:
        if isinstance(node, wanted):
            return node
        found = [v for v in node._owned_objects() if isinstance(v, wanted)]
        if len(found) > 1:
            names = ", ".join(v.path() for v in found)
            raise Unresolved(f"{proxy!r} is ambiguous at {node.path()}: {names}")
        if found:
            return found[0]
        node = node._parent
    raise Unresolved(f"{proxy!r} found no {wanted.__name__} among its ancestors")


class _ProxyFactory:
    def __init__(self, search_self: bool):
        self.search_self = search_self

    def __getattr__(self, attr: str) -> Proxy:
        if attr.startswith("_"):
            raise AttributeError(attr)
        if attr == "all":
            return Proxy(self.search_self, None, find_all=True)
        return Proxy(self.search_self, None if attr == "any" else attr)


Parent = _ProxyFactory(search_self=False)
Self = _ProxyFactory(search_self=True)

