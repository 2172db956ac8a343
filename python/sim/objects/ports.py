"""gem5's ports: declared on a SimObject class, connected by assignment.

``cpu.icache_port = membus.cpu_side_ports`` and ``membus.cpu_side_ports =
cpu.icache_port`` make the same connection; a vector port gains one element per
connection (``system.membus.cpu_side_ports[0]``, ``[1]``, ...). A request port
must meet a response port, and a scalar port takes one peer: anything else is
a :class:`PortError` naming both ends. Each end is written as gem5 writes it:
in config.ini the peer's name, in config.json ``{"role", "peer", "is_source"}``.

gem5 accepts unconnected ports in Python and leaves the check to each
component's ``init()`` (a cache fatals when either side is unconnected, a
``MemCtrl`` when its port is); a port declared ``required=True`` here is
reported by the tree's check instead, before anything is built.
"""

from typing import Any, List, Optional

from sim.errors import ParamError

REQUESTOR = "GEM5 REQUESTOR"
RESPONDER = "GEM5 RESPONDER"


class PortError(ParamError):
    """Ports connected wrongly, or a required port left unconnected."""


class PortDecl:
    """A port declared on a class: its role, description and whether the
    component cannot work without it."""

    vector = False

    def __init__(self, role: str, desc: str, required: bool = False):
        self.role, self.desc, self.required = role, desc, required
        self.name = "?"

    @property
    def is_source(self) -> bool:
        return self.role == REQUESTOR

    def __set_name__(self, owner: type, name: str) -> None:
        self.name = name

    def __get__(self, obj: Any, owner: Optional[type] = None) -> Any:
        if obj is None:
            return self
        return obj._port_ref(self.name)

    def make_ref(self, obj: Any) -> "PortRef":
        return PortRef(obj, self)


class RequestPort(PortDecl):
    def __init__(self, desc: str, required: bool = False):
        super().__init__(REQUESTOR, desc, required)


class ResponsePort(PortDecl):
    def __init__(self, desc: str, required: bool = False):
        super().__init__(RESPONDER, desc, required)


class VectorPortDecl(PortDecl):
    vector = True

    def make_ref(self, obj: Any) -> "VectorPortRef":
        return VectorPortRef(obj, self)


class VectorRequestPort(VectorPortDecl):
    def __init__(self, desc: str, required: bool = False):
        super().__init__(REQUESTOR, desc, required)


class VectorResponsePort(VectorPortDecl):
    def __init__(self, desc: str, required: bool = False):
        super().__init__(RESPONDER, desc, required)


class PortRef:
    """One end of a connection on one object (or one element of a vector port)."""

    def __init__(self, obj: Any, decl: PortDecl, index: Optional[int] = None):
        self.obj, self.decl, self.index = obj, decl, index
        self.peer: Optional["PortRef"] = None

    def __str__(self) -> str:
        suffix = "" if self.index is None else f"[{self.index}]"
        return f"{self.obj.path()}.{self.decl.name}{suffix}"

    def connect(self, other: Any) -> None:
        """Connect this end to ``other`` (a port or a whole vector port, which
        then grows by one element)."""
        if isinstance(other, VectorPortRef):
            _check_roles(self, other)
            self._check_free(other)
            other = other.next_element()
        if not isinstance(other, PortRef):
            raise PortError(str(self), f"can only be connected to a port, not {other!r}")
        if other is self:
            raise PortError(str(self), "cannot be connected to itself")
        _check_roles(self, other)
        self._check_free(other)
        other._check_free(self)
        self.peer, other.peer = other, self

    def _check_free(self, new: Any) -> None:
        if self.peer is not None and self.peer is not new:
            raise PortError(str(self), f"is already connected to {self.peer}; "
                                       f"cannot also connect {new}")

    def ini(self) -> str:
        return str(self.peer)

    def json(self) -> dict:
        return {"role": self.decl.role, "peer": str(self.peer),
                "is_source": str(self.decl.is_source)}

    def connected(self) -> bool:
        return self.peer is not None


class VectorPortRef:
    """A vector port on one object; each connection appends an element."""

    def __init__(self, obj: Any, decl: PortDecl):
        self.obj, self.decl = obj, decl
        self.elements: List[PortRef] = []

    def __str__(self) -> str:
        return f"{self.obj.path()}.{self.decl.name}[:]"

    def __len__(self) -> int:
        return len(self.elements)

    def __getitem__(self, index: int) -> PortRef:
        if isinstance(index, bool) or not isinstance(index, int) or index < 0:
            raise PortError(str(self), f"index must be a non-negative integer, not {index!r}")
        while len(self.elements) <= index:
            self.elements.append(PortRef(self.obj, self.decl, len(self.elements)))
        return self.elements[index]

    def __setitem__(self, index: int, other: Any) -> None:
        """``xbar.cpu_side_ports[2] = cpu.icache_port``: connect one element."""
        self[index].connect(other)

    def next_element(self) -> PortRef:
        return self[len(self.elements)]

    def connect(self, other: Any) -> None:
        """Connect a new element of this port to ``other``."""
        if isinstance(other, VectorPortRef):
            _check_roles(self, other)
        elif isinstance(other, PortRef):
            _check_roles(self, other)
            other._check_free(self)
        else:
            raise PortError(str(self), f"can only be connected to a port, not {other!r}")
        self.next_element().connect(other)

    def ini(self) -> str:
        return " ".join(str(e.peer) for e in self.elements)

    def json(self) -> dict:
        return {"role": self.decl.role, "peer": [str(e.peer) for e in self.elements],
                "is_source": str(self.decl.is_source)}

    def connected(self) -> bool:
        return bool(self.elements)


def _check_roles(one: Any, two: Any) -> None:
    if one.decl.role == two.decl.role:
        kind = "request" if one.decl.is_source else "response"
        raise PortError(str(one), f"cannot be connected to {two}: both are {kind} ports "
                                  f"({one.decl.role}); a request port needs a response port")
