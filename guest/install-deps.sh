#!/usr/bin/env bash
# Install the Debian packages the project needs: the RISC-V cross compiler that builds
# guest programs, qemu-user (the reference for differential tests) and cmake (used by
# the SoftFloat build behind the RISC-V F/D extensions), Python 3 with venv and
# headers (the Python package and its Rust extension, `sim run`, `sim stats`) and the
# HDF5 library with pkg-config (the optional `hdf5` cargo feature that writes
# stats.h5), and e2fsprogs and xz-utils for the full-system guest (guest/fs/build.sh:
# the ext4 disk image, the kernel modules), and qemu-utils (qemu-img and qemu-io make
# the qcow2 images the disk-image tests read). Idempotent.
set -euo pipefail
need=(gcc-riscv64-linux-gnu libc6-dev-riscv64-cross qemu-user cmake gcc libc6-dev make python3
  python3-dev python3-venv libhdf5-dev pkg-config e2fsprogs xz-utils qemu-utils)
missing=()
for p in "${need[@]}"; do
  dpkg -s "$p" >/dev/null 2>&1 || missing+=("$p")
done
if [ ${#missing[@]} -eq 0 ]; then
  exit 0
fi
SUDO=""
if [ "$(id -u)" -ne 0 ]; then SUDO=sudo; fi
export DEBIAN_FRONTEND=noninteractive
$SUDO apt-get update
$SUDO apt-get install -y --no-install-recommends "${missing[@]}"
