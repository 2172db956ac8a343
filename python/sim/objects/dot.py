"""gem5's ``config.dot`` of an object tree (the conventions of gem5's
``util/dot_writer.py``): one cluster per SimObject, labelled with its name and
class and nested as the tree is, with its parameters as the tooltip; one box per
port the script used; one edge per connection, drawn once, its arrow pointing
from request to response port. Colours follow gem5's by kind (system, CPU,
crossbar, memory, other), darker with depth. Children and ports are visited in
name order, so the text is the same on every run."""

import html
from typing import Any, List, Set, Tuple

from sim.objects.ports import VectorPortRef

_COLOURS = {"system": (228, 231, 235), "cpu": (187, 198, 217), "xbar": (111, 121, 140),
            "memory": (94, 89, 88), "other": (186, 182, 174)}


def _kind(obj: Any) -> str:
    from sim.objects.cpu import BaseCPU
    from sim.objects.memory import AbstractMemory
    from sim.objects.system import System
    from sim.objects.xbar import BaseXBar

    for cls, kind in ((System, "system"), (BaseCPU, "cpu"), (BaseXBar, "xbar"),
                      (AbstractMemory, "memory")):
        if isinstance(obj, cls):
            return kind
    return "other"


def _colour(obj: Any, port: bool = False) -> str:
    kind = _kind(obj)
    parent = obj._parent
    parent_kind = _kind(parent) if parent is not None else "other"
    if kind == parent_kind:
        depth = 0
        while parent is not None and _kind(parent) == parent_kind:
            depth, parent = depth + 1, parent._parent
        rgb = [x * max(1 - depth / 7.0, 0.3) for x in _COLOURS[parent_kind]]
    else:
        rgb = list(_COLOURS[kind])
    if port:
        rgb = [0.8 * x for x in rgb]
    return "#" + "".join(f"{int(x):02x}" for x in rgb)


def _node_id(obj: Any) -> str:
    return obj.path().replace(".", "_")


def _children(obj: Any) -> List[Any]:
    out: List[Any] = []
    for _, child in sorted(obj._children.items()):
        out += child if isinstance(child, list) else [child]
    return out


def _style(colour: str, sep: str) -> str:
    pairs = [("style", "rounded, filled"), ("color", "#000000"), ("fillcolor", colour),
             ("fontname", "Arial"), ("fontsize", "14"), ("fontcolor", "#000000")]
    return sep.join(f'{key}="{value}"' for key, value in pairs)


def _cluster(obj: Any, lines: List[str], indent: str) -> None:
    from sim.objects.system import Root

    name = "root" if isinstance(obj, Root) else obj.get_name()
    tooltip = "&#10;".join(
        f"{p}&#61;{html.escape(obj._params[p].ini(obj._values[p]), quote=True)}"
        for p in sorted(obj._params) if p in obj._values)
    lines.append(f'{indent}subgraph "cluster_{_node_id(obj)}" {{')
    inner = indent + "    "
    lines.append(f'{inner}label="{name} \\n: {type(obj).__name__}"; shape="box"; '
                 f'tooltip="{tooltip}";')
    lines.append(f"{inner}{_style(_colour(obj), '; ')};")
    for port in sorted(obj._port_refs):
        lines.append(f'{inner}"{_node_id(obj)}_{port}" [label="{port}", shape="box", '
                     f'{_style(_colour(obj, port=True), ", ")}];')
    for child in _children(obj):
        _cluster(child, lines, inner)
    lines.append(f"{indent}}}")


def _edges(obj: Any, lines: List[str], seen: Set[Tuple[str, str]]) -> None:
    for port in sorted(obj._port_refs):
        ref = obj._port_refs[port]
        ends = ref.elements if isinstance(ref, VectorPortRef) else [ref]
        here = f"{_node_id(obj)}_{port}"
        for end in ends:
            if end.peer is None:
                continue
            there = f"{_node_id(end.peer.obj)}_{end.peer.decl.name}"
            if (min(here, there), max(here, there)) in seen:
                continue
            seen.add((min(here, there), max(here, there)))
            source, sink = (here, there) if end.decl.is_source else (there, here)
            lines.append(f'    "{source}" -> "{sink}" [dir="forward"];')
    for child in _children(obj):
        _edges(child, lines, seen)


def config_dot(root: Any) -> str:
    """The tree under ``root`` (already resolved) as gem5's config.dot."""
    lines = ["digraph G {", '    ranksep="1.3";']
    _cluster(root, lines, "    ")
    _edges(root, lines, set())
    lines.append("}")
    return "\n".join(lines) + "\n"
