"""The SimObject base class: gem5's configuration object.

A class declares parameters (``size = Param.MemorySize("32KiB", "...")``) and
ports (``cpu_side = ResponsePort("...")``) as class attributes; a subclass
changes a default by plain assignment (``class L1Cache(Cache): assoc = 2``),
which ``__init_subclass__`` turns into a parameter with that default. An object
takes parameters as keyword arguments or attribute assignments (checked at
once, the error naming the object path and the parameter); a SimObject (or a
list of them) assigned to any other name becomes a child, named as gem5 names
it (a list of more than one ``cpu`` gives ``cpu0``, ``cpu1``; eleven or more are
zero-padded, ``cpu00``); assigning a port connects it; any other name is an
:class:`UnknownAttributeError`, as gem5 raises ``AttributeError``. An object
assigned in a class body to a name that is not a parameter (``itb =
RiscvTLB(...)`` in ``RiscvMMU``) is a child every instance gets its own copy of.

Paths follow gem5: the root is ``root`` and its children are named without it
(``system.cpu.dcache``); an object with no parent is named by its class.
"""

import math
from typing import Any, Dict, Iterator, List, Tuple

from sim import _runtime
from sim.errors import ParamError
from sim.objects.params import NULL, ObjectType, ParamDesc, readable
from sim.objects.ports import PortDecl, PortRef, VectorPortRef
from sim.objects.proxy import Parent, Proxy, Unresolved


class UnknownAttributeError(ParamError, AttributeError):
    """A name that is neither a parameter, a child nor a port of the object."""


class SimObject:
    """Base of every configuration object (gem5's ``m5.SimObject.SimObject``)."""

    type = "SimObject"
    cxx_class = ""
    abstract = True

    _params: Dict[str, ParamDesc] = {}
    _ports: Dict[str, PortDecl] = {}
    _child_templates: Dict[str, Any] = {}
    _registry: Dict[str, type] = {}

    def __init_subclass__(cls, **kwargs: Any):
        super().__init_subclass__(**kwargs)
        params: Dict[str, ParamDesc] = {}
        ports: Dict[str, PortDecl] = {}
        templates: Dict[str, Any] = {}
        for base in reversed(cls.__mro__[1:]):
            params.update(getattr(base, "_params", {}))
            ports.update(getattr(base, "_ports", {}))
            templates.update(getattr(base, "_child_templates", {}))
        for name, value in list(vars(cls).items()):
            if isinstance(value, ParamDesc):
                params[name] = value
            elif isinstance(value, PortDecl):
                ports[name] = value
            elif name in params and not name.startswith("_"):
                # ``assoc = 2`` in a subclass: the same parameter, a new default.
                params[name] = params[name].with_default(value)
                setattr(cls, name, params[name])
            elif not name.startswith("_") and _holds_objects(value):
                # ``itb = RiscvTLB(...)`` in a class body: a child every
                # object gets its own copy of (gem5's class-level children).
                templates[name] = value
                delattr(cls, name)
        cls._params, cls._ports, cls._child_templates = params, ports, templates
        if "abstract" not in vars(cls):
            cls.abstract = False
        SimObject._registry.setdefault(cls.__name__, cls)

    @staticmethod
    def registry() -> Dict[str, type]:
        """Every SimObject class by name (the first class of each name)."""
        return SimObject._registry

    def __init__(self, **kwargs: Any):
        if type(self).abstract:
            raise TypeError(f"{type(self).__name__} is abstract; use one of its subclasses")
        object.__setattr__(self, "_parent", None)
        object.__setattr__(self, "_name", None)
        object.__setattr__(self, "_values", {})
        object.__setattr__(self, "_children", {})
        object.__setattr__(self, "_port_refs", {})
        object.__setattr__(self, "_resolving", set())
        for name, desc in self._params.items():
            default = desc.default
            if name not in kwargs and _holds_objects(default):
                # Each object gets its own copy of a class's default object.
                setattr(self, name, _clone(default))
        for name, template in self._child_templates.items():
            if name not in kwargs:
                self._add_child(name, _clone(template))
        for name, value in kwargs.items():
            setattr(self, name, value)

    # -- naming -----------------------------------------------------------

    def path(self) -> str:
        """The object's place in the tree (``system.cpu.dcache``)."""
        if self._parent is None:
            return self._name or type(self).__name__
        parent = self._parent.path()
        return self._name if parent == "root" else f"{parent}.{self._name}"

    def get_name(self) -> str:
        return self._name or type(self).__name__

    def get_parent(self) -> Any:
        return self._parent

    def __repr__(self) -> str:
        return f"<{type(self).__name__} {self.path()}>"

    # -- attributes -------------------------------------------------------

    #: Old names gem5 still accepts with a warning (its ``DeprecatedParam``),
    #: e.g. a crossbar's ``slave`` for ``cpu_side_ports``.
    _deprecated_names: Dict[str, str] = {}

    def _current_name(self, name: str) -> str:
        new = self._deprecated_names.get(name)
        if new is None:
            return name
        _runtime.warn(f"{self.path()}.{name}: `{name}` is now called `{new}`")
        return new

    def __setattr__(self, name: str, value: Any) -> None:
        if name.startswith("_"):
            object.__setattr__(self, name, value)
            return
        name = self._current_name(name)
        if name in self._ports:
            self._port_ref(name).connect(value)
        elif name in self._params:
            self._set_param(name, value)
        elif _holds_objects(value):
            self._add_child(name, value)
        else:
            raise UnknownAttributeError(
                f"{self.path()}.{name}",
                f"{type(self).__name__} has no parameter, child or port named {name!r}; "
                f"its parameters: {', '.join(sorted(self._params)) or 'none'}",
            )

    def __getattr__(self, name: str) -> Any:
        # Called for names that are not class attributes (children), and when
        # a parameter's descriptor raised (a required parameter left unset).
        if name in type(self)._deprecated_names:
            return getattr(self, self._current_name(name))
        if name in type(self)._params:
            return readable(self._param_value(name))
        if name in type(self)._ports:
            # Reached when a subclass's own __getattr__ hands a port name on
            # (gem5's ExternalCache renames cpu_side to port).
            return self._port_ref(name)
        children = self.__dict__.get("_children", {})
        if name in children:
            return children[name]
        raise UnknownAttributeError(
            f"{self.path()}.{name}",
            f"{type(self).__name__} has no parameter, child or port named {name!r}",
        )

    def _set_param(self, name: str, value: Any) -> None:
        desc = self._params[name]
        converted = value if isinstance(value, Proxy) else desc.convert(
            f"{self.path()}.{name}", value)
        # An object given as a parameter with no parent yet becomes a child
        # under the parameter's name (gem5: ``system.clk_domain = SrcClockDomain()``);
        # a new value replaces the child an earlier value made.
        items = [] if isinstance(converted, Proxy) else _as_list(converted)
        orphans = [v for v in items if isinstance(v, SimObject) and v._parent is None]
        if orphans and len(orphans) == len(items):
            self._add_child(name, converted)
        elif name in self._children:
            for item in _as_list(self._children.pop(name)):
                item._parent = None
        self._values[name] = converted

    def _param_value(self, name: str) -> Any:
        if name in self._values:
            return self._values[name]
        desc = self._params[name]
        if desc.default is ParamDesc.REQUIRED:
            raise UnknownAttributeError(
                f"{self.path()}.{name}", f"has no value ({desc.kind()}: {desc.desc})"
            )
        if isinstance(desc.default, Proxy):
            return desc.default
        return desc.convert(f"{self.path()}.{name}", desc.default)

    def _add_child(self, name: str, value: Any) -> None:
        items = _as_list(value)
        current = _as_list(self._children.get(name, []))
        for item in items:
            if item._parent is not None and all(item is not c for c in current):
                raise ParamError(
                    f"{self.path()}.{name}",
                    f"{item.path()} already has a parent; an object can be a child of one parent",
                )
        old = self._children.get(name)
        for item in _as_list(old) if old is not None else []:
            item._parent = None
        if isinstance(value, (list, tuple)):
            value = list(value)
            width = math.ceil(math.log10(len(value))) if len(value) > 1 else 0
            for index, item in enumerate(value):
                item._name = f"{name}{index:0{width}d}" if len(value) > 1 else name
                item._parent = self
        else:
            value._name, value._parent = name, self
        self._children[name] = value

    def _port_ref(self, name: str) -> Any:
        if name not in self._port_refs:
            self._port_refs[name] = self._ports[name].make_ref(self)
        return self._port_refs[name]

    # -- the tree ---------------------------------------------------------

    def __getitem__(self, key: Any) -> "SimObject":
        """``obj[0]`` is the object itself, as gem5 lets code index a child
        that may be one object or a list (``system.cpu[0]``)."""
        if key == 0:
            return self
        raise IndexError(f"Non-zero index '{key}' to SimObject")

    def __len__(self) -> int:
        """1: a lone object counts as a list of one, as in gem5."""
        return 1

    def __call__(self, **kwargs: Any) -> "SimObject":
        """A copy of this object with ``kwargs`` set on it: gem5's use of an
        object as a prototype (``proto_l1 = Cache(size="32KiB")``,
        ``proto_l1(size="64KiB")``). Only an object with no parent is copied."""
        if self._parent is not None:
            raise ParamError(
                self.path(),
                "is in a tree; only an object with no parent can be copied with obj(...)",
            )
        copy = _clone(self)
        for name, value in kwargs.items():
            setattr(copy, name, value)
        return copy

    def _apply_config_get_dict(self) -> Dict[str, Any]:
        return {name: SimObjectCliWrapper(_as_list(child))
                for name, child in self._children.items()}

    def apply_config(self, params: List[str]) -> None:
        """Run each string of ``params`` as Python with this object's children
        as its globals (gem5's ``--param 'system.cpu[0].clock = "3GHz"'``)."""
        names = self._apply_config_get_dict()
        for param in params:
            exec(param, names)

    def get_simobj(self, simobj_path: str) -> Any:
        """The object (or list) ``simobj_path`` names below this one (``"system.cpu"``)."""
        return eval(simobj_path, self._apply_config_get_dict())

    def descendants(self) -> Iterator["SimObject"]:
        """This object, then its children's subtrees in name order (gem5's order)."""
        yield self
        for _, child in sorted(self._children.items()):
            for item in _as_list(child):
                yield from item.descendants()

    def _lookup(self, attr: str) -> Tuple[bool, Any]:
        """(found, value) of a parameter, child or port, for ``Parent.x``."""
        if attr in self._params:
            desc = self._params[attr]
            if attr in self._values or desc.default is not ParamDesc.REQUIRED:
                return True, self._param_value(attr)
            return False, None
        if attr in self._children:
            return True, self._children[attr]
        if attr in self._ports:
            return True, self._port_ref(attr)
        return False, None

    def _owned_objects(self) -> List["SimObject"]:
        """Distinct objects among the children and object parameters (``Parent.any``)."""
        found: List[SimObject] = []
        candidates = [c for v in self._children.values() for c in _as_list(v)]
        for name, desc in self._params.items():
            if isinstance(desc.ptype, ObjectType) and name in self._values:
                candidates += [v for v in _as_list(self._values[name]) if v is not NULL]
        for obj in candidates:
            if isinstance(obj, SimObject) and all(obj is not f for f in found):
                found.append(obj)
        return found

    def find_any(self, wanted: type) -> Tuple[Any, bool]:
        """(the one object of class ``wanted`` among this object's children and
        object parameters, True), or (None, False) when there is none
        (gem5's ``find_any``; two candidates are an error)."""
        found = [v for v in self._owned_objects() if isinstance(v, wanted)]
        if len(found) > 1:
            raise ParamError(self.path(), f"has more than one {wanted.__name__}: "
                                          f"{', '.join(v.path() for v in found)}")
        return (found[0], True) if found else (None, False)

    def find_all(self, wanted: type) -> List["SimObject"]:
        """Every object of class ``wanted`` among this object's children (and
        their subtrees) and object parameters, sorted by path (gem5's
        ``find_all``, what ``Parent.all`` resolves to)."""
        found: Dict[int, SimObject] = {}
        for child in self._children.values():
            for item in _as_list(child):
                if isinstance(item, wanted):
                    found[id(item)] = item
                for sub in item.find_all(wanted):
                    found[id(sub)] = sub
        for name, desc in self._params.items():
            if isinstance(desc.ptype, ObjectType) and name in self._values:
                for item in _as_list(self._values[name]):
                    if isinstance(item, wanted):
                        found[id(item)] = item
        return sorted(found.values(), key=lambda o: o.path())

    def _resolve_proxy(self, name: str, proxy: Proxy) -> Any:
        """Resolve the proxy held by parameter ``name`` and store the result."""
        where = f"{self.path()}.{name}"
        if name in self._resolving:
            raise ParamError(where, f"its proxies form a loop ({proxy!r} leads back to it)")
        desc = self._params[name]
        ptype = desc.ptype
        self._resolving.add(name)
        try:
            wanted = ptype.cls() if isinstance(ptype, ObjectType) else None
            value = proxy.resolve(self, wanted)
        except ParamError:
            raise  # already names its parameter (a loop, a bad value further up)
        except (Unresolved, ValueError) as err:
            raise ParamError(where, f"cannot be resolved: {err}") from None
        finally:
            self._resolving.discard(name)
        if isinstance(value, (PortRef, VectorPortRef)):
            raise ParamError(where, f"{proxy!r} names a port, not a {desc.kind()} value")
        converted = desc.convert(where, value)
        self._values[name] = converted
        return converted


# gem5 gives every SimObject an event queue index, inherited from the parent
# (``Root`` sets 0); declared here, after the class exists, since the class
# body cannot refer to the class's own registry of parameters.
SimObject.eventq_index = ParamDesc("UInt32", Parent.eventq_index, "event queue index")
SimObject.eventq_index.name = "eventq_index"
SimObject._params = {"eventq_index": SimObject.eventq_index}


class SimObjectCliWrapper:
    """What ``apply_config``'s statements see (gem5's ``SimObjectCliWrapper``):
    a selection of objects whose children are reached by attribute
    (``system.cpu``, across every selected object), narrowed by index, slice
    or tuple (``system.cpu[0:2]``, ``system.cpu[0, 3]``), and whose parameters
    are set on every selected object at once. Only parameters can be set."""

    def __init__(self, sim_objects: Any):
        self.__dict__["_sim_objects"] = list(sim_objects)

    def __getattr__(self, key: str) -> "SimObjectCliWrapper":
        found = []
        for obj in self._sim_objects:
            if key not in obj._children:
                raise UnknownAttributeError(f"{obj.path()}.{key}", "is not a child of the object")
            found.extend(_as_list(obj._children[key]))
        return SimObjectCliWrapper(found)

    def __setattr__(self, key: str, value: Any) -> None:
        for obj in self._sim_objects:
            if key not in obj._params:
                raise UnknownAttributeError(
                    f"{obj.path()}.{key}", "is not a parameter; only parameters can be set here")
            setattr(obj, key, value)

    def __getitem__(self, idx: Any) -> "SimObjectCliWrapper":
        if isinstance(idx, tuple):
            return SimObjectCliWrapper(o for i in idx for o in self[i]._sim_objects)
        if isinstance(idx, int) and not isinstance(idx, bool):
            picked = self._sim_objects[idx:idx + 1] if idx >= 0 else []
            if not picked:
                raise IndexError(f"index {idx} of {len(self._sim_objects)} objects")
            return SimObjectCliWrapper(picked)
        if isinstance(idx, slice):
            return SimObjectCliWrapper(self._sim_objects[idx])
        raise TypeError(f"invalid index type: {idx!r}")

    def __iter__(self) -> Iterator[Any]:
        return iter(self._sim_objects)


def _as_list(value: Any) -> List[Any]:
    return list(value) if isinstance(value, (list, tuple)) else [value]


def _holds_objects(value: Any) -> bool:
    if isinstance(value, SimObject):
        return True
    return (isinstance(value, (list, tuple)) and len(value) > 0
            and all(isinstance(v, SimObject) for v in value))


def _clone(value: Any) -> Any:
    """A copy of an object (or list of objects) with the same explicit values."""
    if isinstance(value, (list, tuple)):
        return [_clone(v) for v in value]
    if not isinstance(value, SimObject):
        return value
    copy = type(value)()
    for name, item in value._values.items():
        if name not in value._children:
            setattr(copy, name, item)
    for name, child in value._children.items():
        setattr(copy, name, _clone(child))
    return copy
