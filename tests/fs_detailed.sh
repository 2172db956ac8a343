#!/usr/bin/env bash
# Full-system boots on the detailed CPUs (minutes each, so not in the default test
# run): Debian's Linux on 2 harts with L1 and L2 caches, through the disk image's
# init to the readfile script and back, on each detailed CPU model; the same checks
# as the atomic boots in tests/fs_boot.rs. Needs the guest of guest/fs/build.sh.
#
#   bash tests/fs_detailed.sh [TEST-NAME-FILTER]
set -euo pipefail
cd "$(dirname "$0")/.."
SIM_SLOW_TESTS=1 cargo test --release --test fs_boot -- --nocapture "${1:-detailed_}"
