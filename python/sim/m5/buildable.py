"""What the simulator can build from a resolved tree: :func:`check_modelled`
refuses trees that ask for what is not modelled yet, and :func:`for_builder`
leaves out, with a warning, objects gem5's scripts add for behaviour that is
not modelled and that a guest not relying on it never notices (se.py's path
redirections). ``m5.instantiate()`` uses both."""

from typing import Any, List

from sim import objects
from sim.errors import UnsupportedError
from sim.m5 import util


def check_modelled(root: Any) -> None:
    """UnsupportedError for a tree that asks for what cannot be built yet: a
    CPU left switched out (gem5's CPU switching)."""
    for obj in root.descendants():
        if isinstance(obj, objects.BaseCPU) and obj._values.get("switched_out"):
            raise UnsupportedError(
                f"{obj.path()}.switched_out",
                "is True; allowed values: False (switching CPU models, gem5's "
                "m5.switchCpus, is not supported yet)",
            )


_UNMODELLED_HELPERS = {
    "RedirectPath": "guest path redirection is not modelled (the guest opens the host's "
                    "own paths), ignored",
}
"""Objects gem5's scripts add that change nothing a guest which does not use
them observes; the builder gets the tree without them (config.ini and
config.json keep them) and the run warns, naming them."""


def for_builder(tree: dict) -> dict:
    """``tree`` without the objects of :data:`_UNMODELLED_HELPERS`; a parameter
    that referred to one loses the reference."""
    dropped: List[dict] = []

    def strip(node: Any) -> Any:
        if isinstance(node, list):
            kept = [strip(item) for item in node]
            return [item for item in kept if item is not _DROP]
        if not isinstance(node, dict):
            return node
        if node.get("type") in _UNMODELLED_HELPERS and "path" in node:
            dropped.append(node)
            return _DROP
        out = {}
        for key, value in node.items():
            value = strip(value)
            if value is not _DROP:
                out[key] = value
        return out

    stripped = strip(tree)
    paths = {node["path"] for node in dropped}

    def unrefer(node: Any) -> Any:
        if isinstance(node, list):
            return [unrefer(item) for item in node if not (isinstance(item, str) and item in paths)]
        if isinstance(node, dict):
            return {k: (None if isinstance(v, str) and v in paths else unrefer(v))
                    for k, v in node.items()}
        return node

    for kind, why in _UNMODELLED_HELPERS.items():
        described = [_describe(node) for node in dropped if node["type"] == kind]
        if described:
            util.warn(f"{kind}: {why}: {', '.join(described)}")
    return unrefer(stripped) if paths else stripped


_DROP = object()


def _describe(node: dict) -> str:
    if node.get("type") == "RedirectPath":
        return f"{node.get('app_path')} -> {' '.join(node.get('host_paths') or [])}"
    return node["path"]
