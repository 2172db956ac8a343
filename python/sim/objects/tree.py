"""The resolved object tree, and gem5's ``config.json`` and ``config.ini`` of it.

:func:`resolve_tree` is the checking half of gem5's ``m5.instantiate()``: it
resolves every proxy, checks every parameter (a required one left unset, a
proxy that finds nothing and a value of the wrong kind are each a ParamError
naming the object path and parameter) and reports unconnected ports that a
component cannot work without. :func:`instantiate_tree` then returns the tree
as gem5 writes ``config.json``; :func:`config_ini` writes ``config.ini`` and
:func:`sim.objects.dot.config_dot` ``config.dot``.

The conventions, as gem5's ``SimObject.get_config_as_dict`` and ``print_ini``:

* every object has ``type`` (the gem5 type: a script's ``class L1Cache(Cache)``
  is still ``Cache``), ``cxx_class``, ``name`` and ``path``; then its
  parameters in name order, then its children under their attribute names
  (a list of children is a list; a child that is also a parameter, such as
  ``clk_domain``, appears once, as the child), then its connected ports;
* an object parameter is the object's path (``null``, ``Null`` in the ini, when
  unset); sizes are bytes; latencies, clocks and frequencies are ticks; address
  ranges are ``"start:end"`` with the end exclusive; bandwidths ticks per byte;
* a port is ``{"role": "GEM5 REQUESTOR" | "GEM5 RESPONDER", "peer": <peer's
  path, with [index] for a vector element>, "is_source": "True" | "False"}``,
  a vector port's ``peer`` a list;
* config.ini has one ``[path]`` section per object, sorted by path, with
  ``type=``, ``children=`` (child names, space separated), ``param=value``
  lines (booleans ``true``/``false``, vectors space separated) and
  ``port=peer`` lines, then a blank line.
"""

import json
import os
import tempfile
from typing import Any, Dict, List

from sim.errors import ParamError
from sim.objects.params import ParamDesc
from sim.objects.ports import PortError, VectorPortRef
from sim.objects.proxy import Proxy
from sim.objects.simobject import SimObject
from sim.objects.system import Root


def resolve_tree(root: SimObject) -> None:
    """Resolve proxies and check parameters and required ports of every object."""
    if not isinstance(root, Root):
        raise ParamError("root", f"the tree starts at a Root object, not {root!r}")
    # Objects given as parameters that have no parent join the tree under the
    # parameter's name (gem5's adoptOrphanParams).
    for obj in list(root.descendants()):
        for name in sorted(obj._params):
            items = _objects_in(obj._values.get(name))
            if items and all(v._parent is None for v in items) and name not in obj._children:
                obj._add_child(name, obj._values[name])
    for obj in root.descendants():
        for name in sorted(obj._params):
            desc = obj._params[name]
            value = obj._values.get(name, desc.default)
            if value is ParamDesc.REQUIRED:
                raise ParamError(f"{obj.path()}.{name}",
                                 f"has no value and no default; needs a {desc.kind()} "
                                 f"({desc.desc})")
            if isinstance(value, Proxy):
                obj._resolve_proxy(name, value)
            else:
                obj._values[name] = obj._param_value(name)
    in_tree = {id(obj) for obj in root.descendants()}
    for obj in root.descendants():
        for name, desc in sorted(obj._params.items()):
            for item in _objects_in(obj._values[name]):
                if id(item) not in in_tree:
                    raise ParamError(f"{obj.path()}.{name}",
                                     f"refers to {item.path()}, which is not in the tree "
                                     f"under {root.path()}")
        for name, decl in sorted(obj._ports.items()):
            ref = obj._port_ref(name)
            if decl.required and not ref.connected():
                raise PortError(f"{obj.path()}.{name}",
                                f"is not connected; a {type(obj).__name__} needs it "
                                f"({decl.desc})")
            for end in ref.elements if isinstance(ref, VectorPortRef) else [ref]:
                if end.peer is not None and id(end.peer.obj) not in in_tree:
                    raise PortError(str(end), f"is connected to {end.peer}, which is not "
                                              f"in the tree under {root.path()}")


def _objects_in(value: Any) -> List[SimObject]:
    items = value if isinstance(value, list) else [value]
    return [v for v in items if isinstance(v, SimObject)]


def _object_dict(obj: SimObject) -> Dict[str, Any]:
    out: Dict[str, Any] = {"type": obj.type}
    if obj.cxx_class:
        out["cxx_class"] = obj.cxx_class
    out["name"] = obj.get_name()
    out["path"] = obj.path()
    for name in sorted(obj._params):
        out[name] = obj._params[name].json(obj._values[name])
    for name, child in sorted(obj._children.items()):
        if isinstance(child, list):
            out[name] = [_object_dict(c) for c in child]
        else:
            out[name] = _object_dict(child)
    for name in sorted(obj._ports):
        ref = obj._port_refs.get(name)
        if ref is not None and ref.connected():
            out[name] = ref.json()
    return out


def instantiate_tree(root: SimObject) -> Dict[str, Any]:
    """Resolve and check the tree under ``root`` and return it as gem5's
    config.json (a dict of plain JSON values)."""
    resolve_tree(root)
    return _object_dict(root)


def config_ini(root: SimObject) -> str:
    """The tree under ``root`` as gem5's config.ini."""
    resolve_tree(root)
    lines: List[str] = []
    # Sections in path order, as gem5 sorts them "for easier diffing".
    for obj in sorted(root.descendants(), key=lambda o: o.path()):
        lines.append(f"[{obj.path()}]")
        lines.append(f"type={obj.type}")
        if obj._children:
            names = []
            for _, child in sorted(obj._children.items()):
                names += [c.get_name() for c in (child if isinstance(child, list) else [child])]
            lines.append("children=" + " ".join(names))
        for name in sorted(obj._params):
            lines.append(f"{name}={obj._params[name].ini(obj._values[name])}")
        for name in sorted(obj._ports):
            ref = obj._port_refs.get(name)
            if ref is not None and ref.connected():
                lines.append(f"{name}={ref.ini()}")
        lines.append("")
    return "\n".join(lines) + "\n"


def write_config(root: SimObject, outdir: str) -> None:
    """Write ``config.ini``, ``config.json`` (indented by 4, as gem5) and
    ``config.dot`` of the tree into ``outdir``. Every text is made before any
    file is written, and each file is written whole or not at all (a temporary
    file renamed into place), so a bad tree leaves no half-written configuration."""
    from sim.objects.dot import config_dot

    ini = config_ini(root)
    as_json = json.dumps(instantiate_tree(root), indent=4) + "\n"
    dot = config_dot(root)
    os.makedirs(outdir, exist_ok=True)
    for name, text in (("config.ini", ini), ("config.json", as_json), ("config.dot", dot)):
        fd, tmp = tempfile.mkstemp(prefix=f".{name}.", dir=outdir)
        try:
            with os.fdopen(fd, "w", encoding="utf-8") as out:
                out.write(text)
            os.replace(tmp, os.path.join(outdir, name))
        except BaseException:
            if os.path.exists(tmp):
                os.unlink(tmp)
            raise
