#!/usr/bin/env bash
# Fetch Debian trixie packages for a guest architecture without installing them on the
# host, and unpack them into one directory (a sysroot).
#
#   guest/fetch-debian.sh [--arch riscv64|arm64] [--dest DIR] PKG...
#
# Packages are downloaded with a private apt configuration (its own sources list and
# package lists under guest/build/debian/<arch>/apt) from the mirror the host's own
# apt sources use, kept in guest/build/debian/<arch>/debs, and unpacked with
# `dpkg-deb -x` into DEST (default guest/build/debian/<arch>/sysroot). Trixie is
# merged-/usr, so DEST also gets the links lib -> usr/lib, bin -> usr/bin and
# sbin -> usr/sbin that programs and the ELF interpreter path expect. Idempotent:
# packages already downloaded are not fetched again.
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
arch=riscv64
dest=""
while [ $# -gt 0 ]; do
  case "$1" in
    --arch) arch="$2"; shift 2 ;;
    --dest) dest="$2"; shift 2 ;;
    --) shift; break ;;
    -*) echo "fetch-debian.sh: unknown option $1" >&2; exit 2 ;;
    *) break ;;
  esac
done
[ $# -gt 0 ] || { echo "usage: fetch-debian.sh [--arch A] [--dest DIR] PKG..." >&2; exit 2; }
root="$here/build/debian/$arch"
dest="${dest:-$root/sysroot}"
apt_dir="$root/apt"
debs="$root/debs"
mkdir -p "$apt_dir/lists/partial" "$debs" "$dest"

mirror=$(grep -hoE 'https?://[^ ]*debian/?( |$)' /etc/apt/sources.list /etc/apt/sources.list.d/*.sources \
  /etc/apt/sources.list.d/*.list 2>/dev/null | head -n1 | tr -d ' ' || true)
mirror="${mirror:-http://deb.debian.org/debian}"
echo "deb [arch=$arch signed-by=/usr/share/keyrings/debian-archive-keyring.gpg] $mirror trixie main" \
  > "$apt_dir/sources.list"
opts=(-oAPT::Architecture="$arch" -oAPT::Architectures="$arch" -oDir::State::Lists="$apt_dir/lists"
  -oDir::Etc::SourceList="$apt_dir/sources.list" -oDir::Etc::SourceParts=/dev/null
  -oDir::Cache="$apt_dir/cache" -oDebug::NoLocking=1 -oAPT::Sandbox::User=root)
mkdir -p "$apt_dir/cache/archives/partial"
if [ -z "$(ls "$apt_dir/lists" 2>/dev/null | grep -v partial)" ]; then
  apt-get "${opts[@]}" update >/dev/null
fi
for pkg in "$@"; do
  if ! ls "$debs/${pkg}"_*.deb >/dev/null 2>&1; then
    (cd "$debs" && apt-get "${opts[@]}" download "$pkg" >/dev/null)
  fi
  for deb in "$debs/${pkg}"_*.deb; do
    dpkg-deb -x "$deb" "$dest"
  done
done
for d in lib bin sbin; do
  if [ -d "$dest/usr/$d" ] && [ ! -e "$dest/$d" ]; then ln -s "usr/$d" "$dest/$d"; fi
done
echo "$dest"
