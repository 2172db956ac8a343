"""The local resource catalog read by ``obtain_resource`` (no network).

The catalog is a JSON file ``resources.json`` in a resource directory::

    {"resources": [{"id": "riscv-hello", "category": "binary",
                    "path": "riscv64/hello", "isa": "riscv",
                    "description": "..."}, ...]}

``path`` is relative to the directory of the index file. The directory is the
``resource_directory`` argument, else ``$SIM_RESOURCE_DIR``, else
``<repo>/guest/build/resources/`` (written by ``guest/build.sh``). Further index
files named ``resources-*.json`` in the same directory (``resources-fs.json``, written
by ``guest/fs/build.sh``) add their entries after those of ``resources.json``.
"""

import json
import os
from pathlib import Path
from typing import Dict, List, Optional

from sim.errors import SimError

RESOURCE_DIR_ENV = "SIM_RESOURCE_DIR"
INDEX_NAME = "resources.json"


class ResourceNotFoundError(SimError, LookupError):
    """No catalog, or no resource of that id in it."""


def default_resource_dir() -> Path:
    """``<repo>/guest/build/resources`` of the checkout this package lives in."""
    return Path(__file__).resolve().parents[3] / "guest" / "build" / "resources"


def resource_dir(resource_directory: Optional[str] = None) -> Path:
    """The catalog directory chosen by argument, environment or default."""
    if resource_directory is not None:
        return Path(resource_directory)
    env = os.environ.get(RESOURCE_DIR_ENV)
    return Path(env) if env else default_resource_dir()


def load_catalog(resource_directory: Optional[str] = None) -> List[Dict]:
    """Every entry of the catalog, each with ``path`` made absolute."""
    directory = resource_dir(resource_directory)
    index = directory / INDEX_NAME
    extra = sorted(directory.glob("resources-*.json")) if directory.is_dir() else []
    if not index.is_file() and not extra:
        raise ResourceNotFoundError(
            f"no resource catalog at '{index}': build the guest programs with "
            f"`bash guest/build.sh` (the full-system guest with `bash guest/fs/build.sh`), "
            f"or point {RESOURCE_DIR_ENV} (or resource_directory=) at a directory "
            "holding resources.json"
        )
    out = []
    for path in ([index] if index.is_file() else []) + extra:
        out.extend(_load_index(path))
    return out


def _load_index(index: Path) -> List[Dict]:
    """The entries of one index file, each with ``path`` made absolute."""
    try:
        with open(index, encoding="utf-8") as f:
            data = json.load(f)
    except (OSError, ValueError) as err:
        raise ResourceNotFoundError(f"cannot read resource catalog '{index}': {err}") from None
    entries = data.get("resources") if isinstance(data, dict) else None
    if not isinstance(entries, list):
        raise ResourceNotFoundError(
            f"resource catalog '{index}' has no \"resources\" list"
        )
    out = []
    for entry in entries:
        if not isinstance(entry, dict) or "id" not in entry:
            continue
        entry = dict(entry)
        if entry.get("path"):
            entry["path"] = str((index.parent / entry["path"]).resolve())
        out.append(entry)
    return out


def get_resource_json_obj(
    resource_id: str,
    resource_directory: Optional[str] = None,
    resource_version: Optional[str] = None,
) -> Dict:
    """The catalog entry of ``resource_id``; the error lists the known ids."""
    entries = load_catalog(resource_directory)
    matches = [e for e in entries if e["id"] == resource_id]
    if resource_version is not None:
        versioned = [e for e in matches if e.get("resource_version") == resource_version]
        matches = versioned or [e for e in matches if "resource_version" not in e]
    if not matches:
        known = ", ".join(sorted({e["id"] for e in entries})) or "(none)"
        raise ResourceNotFoundError(
            f"unknown resource '{resource_id}'"
            + (f" version {resource_version}" if resource_version else "")
            + f" in {resource_dir(resource_directory) / INDEX_NAME}; known ids: {known}"
        )
    return matches[-1]
