"""Resource classes and ``obtain_resource`` (gem5's ``gem5.resources.resource``).

Resources wrap files a simulation needs. Construct them from a path::

    binary = BinaryResource(local_path="guest/build/riscv64/hello")

or look one up by id in the local catalog (:mod:`sim.resources.client`)::

    binary = obtain_resource("riscv-hello")

Nothing is downloaded: an id missing from the catalog is an error that lists
the known ids.
"""

import os
from typing import Any, Dict, Optional, Union

from sim import _runtime
from sim.errors import MissingFileError, ParamError, ParamTypeError
from sim.isas import ISA, get_isa_from_str
from sim.resources.client import ResourceNotFoundError, get_resource_json_obj

__all__ = [
    "AbstractResource",
    "BinaryResource",
    "BootloaderResource",
    "CheckpointResource",
    "DirectoryResource",
    "DiskImageResource",
    "FileResource",
    "KernelResource",
    "ResourceNotFoundError",
    "WorkloadResource",
    "obtain_resource",
]


def _check_path(resource, local_path: Any, test, problem: str) -> None:
    """Raise unless ``local_path`` is a path that passes ``test`` (``os.path.isfile``);
    the error names the parameter as ``<class>.local_path``."""
    where = f"{type(resource).__name__}.local_path"
    if not isinstance(local_path, (str, os.PathLike)):
        raise ParamTypeError(where, f"expected a path, got {local_path!r}")
    if not test(local_path):
        if os.path.exists(local_path):
            raise ParamError(where, f"'{os.fspath(local_path)}' {problem}")
        raise MissingFileError(where, f"'{os.fspath(local_path)}' does not exist")


class AbstractResource:
    """A resource: an optional local path plus catalog metadata."""

    def __init__(
        self,
        id: Optional[str] = None,
        resource_version: Optional[str] = None,
        local_path: Optional[str] = None,
        description: Optional[str] = None,
        source: Optional[str] = None,
        **kwargs: Any,
    ):
        if local_path is not None:
            _check_path(self, local_path, os.path.exists, "does not exist")
        self._id = id
        self._local_path = None if local_path is None else str(local_path)
        self._description = description
        self._source = source
        self._version = resource_version

    def get_category_name(self) -> str:
        """The class name, as gem5 reports it."""
        return type(self).__name__

    def get_id(self) -> Optional[str]:
        """The catalog id, if any."""
        return self._id

    def get_resource_version(self) -> Optional[str]:
        """The resource version, if any."""
        return self._version

    def get_local_path(self) -> Optional[str]:
        """The path of the resource on this host."""
        return self._local_path

    def get_description(self) -> Optional[str]:
        """The catalog description, if any."""
        return self._description

    def get_source(self) -> Optional[str]:
        """Where the resource's source can be found, if known."""
        return self._source

    def __str__(self) -> str:
        return f"{self.get_category_name()}({self._id or self._local_path})"


class FileResource(AbstractResource):
    """A resource that is one file."""

    def __init__(self, local_path: str, **kwargs: Any):
        _check_path(self, local_path, os.path.isfile, "is not a file")
        super().__init__(local_path=local_path, **kwargs)


class DirectoryResource(AbstractResource):
    """A resource that is a directory."""

    def __init__(self, local_path: str, **kwargs: Any):
        _check_path(self, local_path, os.path.isdir, "is not a directory")
        super().__init__(local_path=local_path, **kwargs)


class DiskImageResource(FileResource):
    """A disk image (full-system mode); ``root_partition`` is the partition holding
    the root file system ("1" for /dev/vda1), None for a disk without partitions."""

    def __init__(self, local_path: str, root_partition: Optional[str] = None, **kwargs: Any):
        super().__init__(local_path=local_path, **kwargs)
        self._root_partition = root_partition

    def get_root_partition(self) -> Optional[str]:
        """The root partition, if given."""
        return self._root_partition


class BinaryResource(FileResource):
    """An executable; ``architecture`` is its ISA (an :class:`ISA` or a name)."""

    def __init__(
        self,
        local_path: str,
        architecture: Optional[Union[ISA, str]] = None,
        **kwargs: Any,
    ):
        super().__init__(local_path=local_path, **kwargs)
        self._architecture = (
            get_isa_from_str(architecture, f"{type(self).__name__}.architecture")
            if isinstance(architecture, str)
            else architecture
        )

    def get_architecture(self) -> Optional[ISA]:
        """The ISA the binary is compiled for, if known."""
        return self._architecture


class BootloaderResource(BinaryResource):
    """A bootloader (full-system mode)."""


class KernelResource(BinaryResource):
    """A kernel image (full-system mode)."""


class CheckpointResource(DirectoryResource):
    """A checkpoint directory (restoring is not supported yet)."""


class WorkloadResource(AbstractResource):
    """A board workload: the name of a board method and its arguments, applied by
    ``board.set_workload(workload)``."""

    def __init__(
        self,
        function: Optional[str] = None,
        parameters: Optional[Dict[str, Any]] = None,
        **kwargs: Any,
    ):
        super().__init__(**kwargs)
        self._func = function
        self._params = dict(parameters or {})

    def get_function_str(self) -> Optional[str]:
        """The board method to call (``set_se_binary_workload``)."""
        return self._func

    def get_parameters(self) -> Dict[str, Any]:
        """The keyword arguments for that method."""
        return self._params

    def set_parameter(self, parameter: str, value: Any) -> None:
        """Set or override one argument."""
        self._params[parameter] = value


_CATEGORIES = {
    "binary": BinaryResource,
    "bootloader": BootloaderResource,
    "checkpoint": CheckpointResource,
    "directory": DirectoryResource,
    "disk-image": DiskImageResource,
    "file": FileResource,
    "kernel": KernelResource,
    "workload": WorkloadResource,
}


def obtain_resource(
    resource_id: str,
    resource_directory: Optional[str] = None,
    download_md5_mismatch: bool = True,
    resource_version: Optional[str] = None,
    clients: Optional[list] = None,
    gem5_version: Optional[str] = None,
    to_path: Optional[str] = None,
    quiet: bool = False,
) -> AbstractResource:
    """The resource ``resource_id`` from the local catalog, as the right class.

    Catalog fields: ``id``, ``category`` (binary, kernel, disk-image, bootloader,
    checkpoint, file, directory, workload), ``path`` (relative to the catalog),
    ``isa``, ``description``, ``build`` (the command that makes the file), a
    disk image's ``root_partition`` (``null`` for a bare file system); a workload
    has ``function``, ``resources`` (argument name to resource id) and
    ``additional_params``. The download-related
    arguments are accepted for gem5 compatibility and ignored.
    """
    entry = get_resource_json_obj(resource_id, resource_directory, resource_version)
    category = entry.get("category", "file")
    cls = _CATEGORIES.get(category)
    if cls is None:
        raise ResourceNotFoundError(
            f"resource '{resource_id}' has category '{category}'; supported: "
            + ", ".join(sorted(_CATEGORIES))
        )
    common = {
        "id": entry["id"],
        "resource_version": entry.get("resource_version"),
        "description": entry.get("description"),
        "source": entry.get("source"),
    }
    if cls is WorkloadResource:
        parameters: Dict[str, Any] = {}
        for name, rid in (entry.get("resources") or {}).items():
            parameters[name] = obtain_resource(rid, resource_directory=resource_directory)
        parameters.update(entry.get("additional_params") or {})
        return WorkloadResource(function=entry.get("function"), parameters=parameters, **common)
    if not entry.get("path"):
        raise ResourceNotFoundError(f"resource '{resource_id}' has no \"path\" in the catalog")
    if not os.path.exists(entry["path"]):
        build = entry.get("build") or "bash guest/build.sh"
        raise ResourceNotFoundError(
            f"resource '{resource_id}' points at '{entry['path']}', which does not "
            f"exist (rebuild with `{build}`)"
        )
    if issubclass(cls, BinaryResource):
        isa = entry.get("isa") or entry.get("architecture")
        return cls(local_path=entry["path"], architecture=isa, **common)
    if cls is DiskImageResource:
        root = entry.get("root_partition")
        return cls(
            local_path=entry["path"],
            root_partition=None if root is None else str(root),
            **common,
        )
    return cls(local_path=entry["path"], **common)


def Resource(
    resource_id: str,
    resource_directory: Optional[str] = None,
    download_md5_mismatch: bool = True,
    resource_version: Optional[str] = None,
    clients: Optional[list] = None,
) -> AbstractResource:
    """gem5's deprecated ``Resource(resource_id)`` (a class before gem5 v21.2):
    warns and returns :func:`obtain_resource`'s resource."""
    _runtime.warn("`Resource` has been deprecated. Please use the `obtain_resource` "
                  "function instead.")
    return obtain_resource(
        resource_id=resource_id,
        resource_directory=resource_directory,
        download_md5_mismatch=download_md5_mismatch,
        resource_version=resource_version,
        clients=clients,
    )
