#!/usr/bin/env bash
# Fetch Debian bookworm's qemu-system-misc (7.2) without installing it (it conflicts with
# the host's newer qemu-utils): its package, qemu-system-data and the libraries the host
# lacks are downloaded with `apt-get download` into guest/build/qemu/debs and unpacked
# with `dpkg-deb -x` into guest/build/qemu/root. Does nothing when already unpacked.
# Prints the path of qemu-system-riscv64; run it with
#   LD_LIBRARY_PATH=$root/usr/lib/x86_64-linux-gnu:$root/lib/x86_64-linux-gnu
# and -L $root/usr/share/qemu (root = guest/build/qemu/root).
set -euo pipefail

GUEST_DIR="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
QDIR="$GUEST_DIR/build/qemu"
PACKAGES=(qemu-system-misc qemu-system-data libfdt1 libpmem1 librdmacm1 libibverbs1 libslirp0
    libvdeplug2 libndctl6 libdaxctl1 libnl-3-200 libnl-route-3-200)

qemu="$QDIR/root/usr/bin/qemu-system-riscv64"
if [ ! -x "$qemu" ]; then
    mkdir -p "$QDIR/debs"
    if ! (cd "$QDIR/debs" && apt-get download "${PACKAGES[@]}" >/dev/null); then
        echo "qemu-fetch.sh: apt-get download ${PACKAGES[*]} failed: the host's apt" \
            "must know Debian bookworm's packages (run apt-get update as root)" >&2
        exit 1
    fi
    for deb in "$QDIR"/debs/*.deb; do dpkg-deb -x "$deb" "$QDIR/root"; done
fi
echo "$qemu"
