#!/usr/bin/env bash
# Build a riscv64 sysroot of Debian trixie's dynamically linked programs for the SE
# tests: glibc and its ELF interpreter, bash, dash (as /bin/sh, for system(), popen()
# and Python's shell=True), coreutils, gawk and Python 3.13 with its standard library,
# with every shared library they need.
#
#   guest/sysroot.sh [--dest DIR]
#
# The packages are fetched and unpacked by guest/fetch-debian.sh (default destination
# guest/build/debian/riscv64/sysroot). The list below is the closure of
# `apt-cache depends --recurse --no-recommends --no-suggests` of libc6, bash,
# coreutils, gawk, python3.13-minimal and libpython3.13-stdlib, without the packages
# that only install-time scripts use (debconf) and the alternatives for awk that gawk
# provides itself. Prints the sysroot's path. Idempotent (DIR.packages records a
# finished build of this list).
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
dest=""
while [ $# -gt 0 ]; do
  case "$1" in
    --dest) dest="$2"; shift 2 ;;
    *) echo "sysroot.sh: unknown argument $1 (usage: sysroot.sh [--dest DIR])" >&2; exit 2 ;;
  esac
done
dest="${dest:-$here/build/debian/riscv64/sysroot}"
packages=(
  libc6 libgcc-s1 gcc-14-base base-files
  bash libtinfo6 debianutils dash
  coreutils libacl1 libattr1 libcap2 libgmp10 libselinux1 libpcre2-8-0 libssl3t64 libzstd1
  openssl-provider-legacy
  gawk libmpfr6 libreadline8t64 readline-common libsigsegv2
  python3.13-minimal libpython3.13-minimal libpython3.13-stdlib libexpat1 zlib1g libbz2-1.0
  libdb5.3t64 libffi8 liblzma5 libncursesw6 libsqlite3-0 libuuid1 media-types netbase tzdata
)
# The marker lives beside the sysroot, not in it (the guest sees the sysroot as /).
marker="$dest.packages"
want="${packages[*]}"
if [ -f "$marker" ] && [ "$(cat "$marker")" = "$want" ]; then
  echo "$dest"
  exit 0
fi
bash "$here/fetch-debian.sh" --arch riscv64 --dest "$dest" "${packages[@]}" >/dev/null
# The program names Debian's python3 package would add as links.
ln -sf python3.13 "$dest/usr/bin/python3"
# /bin/sh, which dash's maintainer script would link.
ln -sf dash "$dest/usr/bin/sh"
echo "$want" >"$marker"
echo "$dest"
