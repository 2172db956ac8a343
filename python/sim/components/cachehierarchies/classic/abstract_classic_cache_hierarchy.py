"""What the classic hierarchies share (gem5's ``AbstractClassicCacheHierarchy``)
and the project's template extension.

As in gem5, a hierarchy makes its caches when the board connects it
(``incorporate_cache``), one per core, from the sizes it was given:
``board.cache_hierarchy.l1dcaches``, ``l1icaches``, ``l2cache``... Extension:
assigning a cache to ``hierarchy.l1d`` (``l1i``, ``l2``) before the board is
built makes it the template each core's cache is copied from
(``hierarchy.l1d = L1DCache("32KiB", tag_latency=3)``); the copies, not the
template, are in the tree, so errors name them by their tree paths.
"""

import sim.objects as objects
from sim.components.cachehierarchies.abstract_cache_hierarchy import AbstractCacheHierarchy
from sim.errors import ParamError, UsageError
from sim.objects.simobject import _clone

TEMPLATE_NAMES = ("l1d", "l1i", "l2")


def copy_cache(template):
    """A new cache of the template's class with the template's explicit values
    (and copies of its children, such as its prefetcher)."""
    cls = type(template)
    cache = cls.__new__(cls)
    objects.Cache.__init__(cache)
    for name, item in template._values.items():
        if name not in template._children:
            setattr(cache, name, item)
    for name, child in template._children.items():
        setattr(cache, name, _clone(child))
    return cache


def default_membus():
    """gem5's stdlib memory bus: a 64-byte-wide ``SystemXBar`` whose default
    port goes to a ``BadAddr`` responder (when this build has ``BadAddr``)."""
    membus = objects.SystemXBar(width=64)
    bad_addr = getattr(objects, "BadAddr", None)
    if bad_addr is not None:
        membus.badaddr_responder = bad_addr()
        membus.default = membus.badaddr_responder.pio
    return membus


class AbstractClassicCacheHierarchy(AbstractCacheHierarchy):
    """A classic (non-Ruby) hierarchy."""

    abstract = True
    _levels: tuple = ()

    def __setattr__(self, name, value):
        if name in TEMPLATE_NAMES and name in type(self)._levels:
            if not isinstance(value, objects.Cache):
                raise ParamError(f"board.cache_hierarchy.{name}",
                                 f"expected an L1DCache, L1ICache or L2Cache, got {value!r}")
            self.__dict__.setdefault("_templates", {})[name] = value
            return
        super().__setattr__(name, value)

    def __getattr__(self, name):
        templates = self.__dict__.get("_templates", {})
        if name in TEMPLATE_NAMES and name in type(self)._levels:
            if name not in templates:
                templates[name] = self._default_cache(name)
                self.__dict__["_templates"] = templates
            return templates[name]
        return super().__getattr__(name)

    def _default_cache(self, level: str):
        """The cache of ``level`` as gem5's hierarchy makes it; hierarchies with
        caches override this (``NoCache`` has none to make)."""
        raise UsageError(f"{type(self).__name__} has no {level} cache")

    def _make_cache(self, level: str, child: str):
        """A cache for one core (to become child ``child``): a copy of the
        template if one was set. A bad value given to the hierarchy is
        reported at the child's tree path (``board.cache_hierarchy.l1dcaches.
        size``)."""
        templates = self.__dict__.get("_templates", {})
        try:
            if level in templates:
                return copy_cache(templates[level])
            return self._default_cache(level)
        except ParamError as err:
            param = err.path.rsplit(".", 1)[-1]
            raise type(err)(f"{self.path()}.{child}.{param}", err.problem) from None

    def is_ruby(self) -> bool:
        return False

    def get_mem_side_port(self):
        return self.membus.mem_side_ports

    def get_cpu_side_port(self):
        return self.membus.cpu_side_ports

    def _make_walker_caches(self, cores, **kwargs) -> bool:
        """gem5's ``iptw_caches`` and ``dptw_caches`` (8 KiB ``MMUCache`` per
        core) when the cores have page-table walkers; True if made."""
        if not any(core.has_walker_ports() for core in cores):
            return False
        from sim.components.cachehierarchies.classic.caches.mmu_cache import MMUCache

        self.iptw_caches = [MMUCache(size="8KiB", **kwargs) for _ in cores]
        self.dptw_caches = [MMUCache(size="8KiB", **kwargs) for _ in cores]
        return True

    def _connect_core_extras(self, board, core) -> None:
        """Interrupt controller (and, for x86, its ports), as gem5's hierarchies."""
        from sim.isas import ISA

        if board.get_processor().get_isa() == ISA.X86:
            core.connect_interrupt(self.membus.mem_side_ports, self.membus.cpu_side_ports)
        else:
            core.connect_interrupt()
