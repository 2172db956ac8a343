"""Base of every cache hierarchy (gem5's ``AbstractCacheHierarchy``): a
``SubSystem`` whose caches and buses are its children, plus gem5's
``CacheNode`` tree that records which cache is below which."""

from abc import ABCMeta, abstractmethod
from typing import Callable, List, Optional

from sim.components._objects import SubSystem


class CacheNode:
    """One cache in the hierarchy's tree; a node with a cache makes it the
    hierarchy's child ``name`` (as gem5's: ``l2-cache-0``)."""

    def __init__(self, name: str, cache, next_level: Optional["CacheNode"], hierarchy):
        self.name = name
        self.cache = cache
        self.next_level = next_level
        self.hierarchy = hierarchy
        self.prev_levels: List["CacheNode"] = []
        if cache is not None:
            setattr(hierarchy, self.name, cache)

    def add_child(self, name: str, cache) -> "CacheNode":
        """A node for ``cache``, one level above this one."""
        new_node = CacheNode(name, cache, self, self.hierarchy)
        self.prev_levels.append(new_node)
        return new_node


class AbstractCacheHierarchy(SubSystem, metaclass=ABCMeta):
    """A cache hierarchy."""

    abstract = True

    def __init__(self) -> None:
        super().__init__()
        self._root = CacheNode("root", None, None, self)

    @abstractmethod
    def incorporate_cache(self, board) -> None:
        ...

    @abstractmethod
    def is_ruby(self) -> bool:
        ...

    def _post_instantiate(self) -> None:
        pass

    def add_root_child(self, *args, **kwargs) -> CacheNode:
        """A node for a last-level cache."""
        return self._root.add_child(*args, **kwargs)

    def traverse(self, node: CacheNode, visit: Callable[[CacheNode, int], None]) -> int:
        """Visit the tree from the L1s down; ``visit(node, level)``."""
        level = 1
        for prev in node.prev_levels:
            level = self.traverse(prev, visit)
        visit(node, level)
        return level + 1
