"""Where the example configurations find the guest programs: ``guest/build/
riscv64/`` of this checkout (built by ``bash guest/build.sh``)."""

from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
GUEST_BUILD = REPO / "guest" / "build" / "riscv64"


def guest_binary(name: str) -> Path:
    """Path of guest program ``name``; exits with a hint when it is not built."""
    path = GUEST_BUILD / name
    if not path.is_file():
        raise SystemExit(f"guest program {path} is missing: run `bash guest/build.sh`")
    return path
