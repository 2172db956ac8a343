#!/usr/bin/env bash
# Install the Python package `sim` (config API, `sim run`, stats analysis) with its
# Rust extension into a virtual environment, as an editable install: edits to
# python/sim take effect at once; Rust changes need this script again.
#
# Usage: python/install.sh [VENV]     (default: .venv at the repository root)
# Needs: a Rust toolchain, python3 with venv and headers (guest/install-deps.sh).
# Afterwards: VENV/bin/sim run configs/se_hello.py
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
VENV="${1:-$ROOT/.venv}"
if [[ ! -x "$VENV/bin/python" ]]; then
    python3 -m venv "$VENV"
fi
"$VENV/bin/python" -m pip install -q --upgrade pip
"$VENV/bin/python" -m pip install -q "maturin>=1.7,<2" pytest
# maturin builds the extension in the workspace's target directory (release
# profile) and installs the package in editable mode.
VIRTUAL_ENV="$VENV" "$VENV/bin/maturin" develop --release -q -m "$ROOT/python/Cargo.toml"
echo "installed: $("$VENV/bin/python" -c 'import sim._native as n; print(n.__file__)')"
