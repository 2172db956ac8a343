"""Full-system workloads of a kernel and a disk image (gem5's
``KernelDiskWorkload`` mixin).

``set_kernel_disk_workload`` sets the board's workload object (its
``object_file`` and ``command_line``), the bootloader, the file ``m5
readfile`` returns (``readfile``, or ``readfile_contents`` written to
``<outdir>/readfile_<hash of the contents>`` as gem5 does) and the disk, and
marks the board full-system. The kernel command line is ``kernel_args`` or the
board's :meth:`get_default_kernel_args`, with ``{root_value}`` and
``{disk_device}`` filled in (the disk device plus the image's root partition).

Files are checked when set: a resource (or path) naming no file is a
:class:`~sim.errors.MissingFileError` naming the parameter
(``board.workload.object_file``, ``board.disk.vio.image.child.image_file``...).
"""

import os
from abc import abstractmethod
from pathlib import Path
from typing import List, Optional

from sim import _runtime
from sim.errors import MissingFileError, ParamTypeError, UnsupportedError


def resource_path(where: str, resource) -> str:
    """The host path of ``resource`` (a resource, or a path for convenience),
    which must name a file; errors name ``where``."""
    if isinstance(resource, (str, Path)):
        path = os.fspath(resource)
    else:
        get = getattr(resource, "get_local_path", None)
        if get is None:
            raise ParamTypeError(where, f"expected a resource or a path, got {resource!r}")
        path = get()
        if not path:
            raise MissingFileError(where, f"resource {resource} has no local file")
    if not os.path.isfile(path):
        what = "is not a file" if os.path.exists(path) else "does not exist"
        raise MissingFileError(where, f"'{path}' {what}")
    return str(path)


class KernelDiskWorkload:
    """Mixin for boards (``AbstractBoard`` subclasses) that boot a kernel
    from a disk image."""

    @abstractmethod
    def get_default_kernel_args(self) -> List[str]:
        """The kernel arguments used when none are given; ``{root_value}``
        and ``{disk_device}`` are filled in."""

    @abstractmethod
    def get_disk_device(self) -> str:
        """The guest's name of the disk (``/dev/vda``)."""

    @abstractmethod
    def _add_disk_to_board(self, disk_image) -> None:
        """Attach ``disk_image`` to the board (the last step of
        ``set_kernel_disk_workload``)."""

    def get_disk_root_partition(self, disk_image) -> Optional[str]:
        """The image's root partition (from the resource's metadata), if any."""
        get = getattr(disk_image, "get_root_partition", None)
        return get() if get is not None else None

    def get_default_kernel_root_val(self, disk_image) -> str:
        """``root=`` for the kernel: the disk device plus the root partition."""
        return self.get_disk_device() + (self.get_disk_root_partition(disk_image) or "")

    def set_kernel_disk_workload(
        self,
        kernel,
        disk_image,
        bootloader=None,
        disk_device: Optional[str] = None,
        readfile: Optional[str] = None,
        readfile_contents: Optional[str] = None,
        kernel_args: Optional[List[str]] = None,
        exit_on_work_items: bool = True,
        checkpoint=None,
    ) -> None:
        """Boot ``kernel`` (after ``bootloader``, if given) with ``disk_image``
        as the disk; see the module documentation."""
        if checkpoint:
            raise UnsupportedError(
                "board.workload.checkpoint", "restoring a checkpoint is not supported yet"
            )
        if kernel_args is not None and not isinstance(kernel_args, (list, tuple)):
            raise ParamTypeError(
                "board.workload.command_line",
                f"kernel_args: expected a list of strings, got {kernel_args!r}",
            )
        self._disk_device = disk_device
        self._set_fullsystem(True)
        self.workload.object_file = resource_path("board.workload.object_file", kernel)
        self.workload.command_line = (
            " ".join(str(a) for a in (kernel_args or self.get_default_kernel_args()))
        ).format(
            root_value=self.get_default_kernel_root_val(disk_image=disk_image),
            disk_device=self._disk_device or self.get_disk_device(),
        )
        self._bootloader = []
        if bootloader is not None:
            self._bootloader.append(
                resource_path("board.workload.bootloader_filename", bootloader)
            )
        if readfile:
            self.readfile = os.fspath(readfile)
        elif readfile_contents:
            digest = hex(hash(tuple(bytes(readfile_contents, "utf-8"))))
            outdir = _runtime.outdir()
            os.makedirs(outdir, exist_ok=True)
            self.readfile = os.path.join(outdir, "readfile_" + digest)
        if readfile_contents:
            with open(self.readfile, "w+") as f:
                f.write(readfile_contents)
        self._add_disk_to_board(disk_image=disk_image)
        self.exit_on_work_items = exit_on_work_items

    def append_kernel_arg(self, arg: str) -> None:
        """Append ``arg`` to the kernel command line."""
        self.workload.command_line += f" {arg}"
