#!/usr/bin/env bash
# A long property-test campaign: every seeded property test (decoder and executor,
# ELF loader, SE system calls, whole runs on every CPU model, stats parser) with
# many more generated inputs than `tests/run.sh` uses.
#
#   bash tests/properties.sh [CASES] [SEED]
#
# CASES (default 20000) is the number of inputs per property; SEED (default: the
# tests' fixed seed) may be `random` for a fresh one. A failure prints the seed and
# the case to reproduce it with.
set -euo pipefail
cd "$(dirname "$0")/.."
export SIM_PROPERTY_CASES="${1:-20000}"
if [ -n "${2:-}" ]; then export SIM_PROPERTY_SEED="$2"; fi
cargo test --release -p isa-riscv properties
cargo test --release -p models -- elf_properties syscall_properties
# Whole runs cost about 100 times more than one decode: a hundredth of the cases.
SIM_PROPERTY_CASES=$(( SIM_PROPERTY_CASES / 100 > 0 ? SIM_PROPERTY_CASES / 100 : 1 )) \
  cargo test --release --test properties
.venv/bin/python -m pytest -q python/tests/test_stats_properties.py
