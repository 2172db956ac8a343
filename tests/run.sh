#!/usr/bin/env bash
# The project's test command: formatting, lints, then every unit, integration and
# differential test (release build, as users run it), then the optional `hdf5`
# feature (stats.h5: sim-core's tests and `sim se` end to end, needs libhdf5-dev),
# then the Python package's tests (pytest, with the package and its Rust extension
# installed in .venv).
set -euo pipefail
cd "$(dirname "$0")/.."
cargo fmt --all -- --check
cargo clippy --workspace --all-targets --release -- -D warnings
bash python/install.sh
cargo test --workspace --release --no-fail-fast
# The feature only adds code to sim-core and tests/hdf5.rs: lint just those packages.
cargo clippy -p sim-core -p sim --all-targets --release --features hdf5 -- -D warnings
cargo test --release --features hdf5 -p sim-core
cargo test --release --features hdf5 --test hdf5
.venv/bin/python -m pytest -q python/tests
