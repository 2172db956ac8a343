#!/usr/bin/env bash
# The project's test command: formatting, lints, then every unit, integration and
# differential test (release build, as users run it), then the Python package's tests
# (pytest, with the package and its Rust extension installed in .venv).
set -euo pipefail
cd "$(dirname "$0")/.."
cargo fmt --all -- --check
cargo clippy --workspace --all-targets --release -- -D warnings
bash python/install.sh
cargo test --workspace --release --no-fail-fast
.venv/bin/python -m pytest -q python/tests
