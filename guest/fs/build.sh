#!/usr/bin/env bash
# Build the RISC-V full-system guest from Debian trixie riscv64 packages and the
# project's sources, without root, into guest/build/fs/:
#
#   fw_jump.bin fw_jump.elf fw_dynamic.bin fw_dynamic.elf   OpenSBI, generic platform
#                  (Debian's `opensbi`; the ELFs are position independent, linked at 0:
#                  load them, or the .bin, at the start of RAM, 0x80000000)
#   Image          the kernel (`linux-image-riscv64`): an uncompressed RISC-V Image
#                  (EFI stub, "RSC\x05" at 0x38) loaded at 0x80200000 for fw_jump
#   config-VERSION, kernel-version   its configuration and release string
#   initramfs.cpio busybox plus the modules a virtio disk boot needs, /init from
#                  guest/fs/initramfs-init (uncompressed newc cpio)
#   disk.img       ext4 without a partition table (root=/dev/vda): busybox userland,
#                  /sbin/m5, the gem5-style init of guest/fs/disk/ (sparse, 64 MiB)
#   m5             the guest m5 utility (guest/m5util/m5.c), static
#
# and the catalog guest/build/resources/resources-fs.json that obtain_resource reads
# (riscv-bootloader-opensbi, riscv-linux-kernel, riscv-initramfs, riscv-disk-img).
#
#   bash guest/fs/build.sh
#
# Needs (guest/install-deps.sh installs them): riscv64-linux-gnu-gcc, apt-get and
# dpkg-deb, e2fsprogs (mke2fs, debugfs), xz-utils, python3, qemu-riscv64 (lists
# busybox's applets). Environment: CROSS_CC, DISK_SIZE (default 64M),
# MODULE_SIGNATURES=strip|keep (default strip): Debian signs its modules, and the
# kernel hashes each signed module (SHA-256 over the initramfs's 8.7 MB of modules,
# 1.7 G guest instructions, half of a boot to the readfile script) before loading
# it. `strip` drops the appended signatures, so the kernel loads the modules with
# the taint flag E and one "module verification failed" line (it does not enforce
# signatures); `keep` leaves Debian's modules byte for byte.
set -euo pipefail

GUEST_DIR="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
FS_SRC="$GUEST_DIR/fs"
OUT="$GUEST_DIR/build/fs"
WORK="$OUT/work"
CC="${CROSS_CC:-riscv64-linux-gnu-gcc}"
DISK_SIZE="${DISK_SIZE:-64M}"
MODULE_SIGNATURES="${MODULE_SIGNATURES:-strip}"
case "$MODULE_SIGNATURES" in
    keep | strip) ;;
    *) echo "guest/fs/build.sh: MODULE_SIGNATURES is '$MODULE_SIGNATURES'; allowed: strip, keep" >&2; exit 2 ;;
esac
# Fixed times and identifiers: two builds give the same initramfs, and disk images
# that differ only in inode fields mke2fs randomises.
EPOCH=1735689600
DISK_UUID=5e0f2c1a-6b1d-4c59-9a52-6d3e7f0b8a11
MODULES=(virtio_mmio virtio_blk crc32c_generic ext4)

need() {
    command -v "$1" >/dev/null 2>&1 || {
        echo "guest/fs/build.sh: '$1' not found: install $2 (bash guest/install-deps.sh)" >&2
        exit 127
    }
}
need "$CC" gcc-riscv64-linux-gnu
need dpkg-deb dpkg
need apt-get apt
need mke2fs e2fsprogs
need debugfs e2fsprogs
need xz xz-utils
need python3 python3
need qemu-riscv64 qemu-user

step() { echo "== $*"; }
rm -rf "$WORK"
mkdir -p "$OUT" "$WORK"

# Unpack Debian package $1 into $WORK/pkg/$1 (downloaded once, kept in guest/build/debian).
unpack() {
    bash "$GUEST_DIR/fetch-debian.sh" --dest "$WORK/pkg/$1" "$1" >/dev/null
    echo "$WORK/pkg/$1"
}

step "Debian packages"
sbi=$(unpack opensbi)
bb=$(unpack busybox-static)
meta=$(unpack linux-image-riscv64)
# The metapackage depends on the versioned image package; read its name from the .deb.
meta_deb=$(ls "$GUEST_DIR"/build/debian/riscv64/debs/linux-image-riscv64_*.deb | tail -n1)
kpkg=$(dpkg-deb -f "$meta_deb" Depends | sed -E 's/^(linux-image-[^ ,]+).*/\1/')
kdir=$(unpack "$kpkg")
kver=$(ls "$kdir/usr/lib/modules")
echo "   opensbi $(dpkg-deb -f "$(ls "$GUEST_DIR"/build/debian/riscv64/debs/opensbi_*.deb | tail -n1)" Version)," \
    "$kpkg ($kver), busybox-static"
rm -rf "$meta"

step "OpenSBI (generic platform)"
for f in fw_jump.bin fw_jump.elf fw_dynamic.bin fw_dynamic.elf; do
    cp "$sbi/usr/lib/riscv64-linux-gnu/opensbi/generic/$f" "$OUT/$f"
done

step "kernel $kver"
image="$kdir/boot/vmlinux-$kver"
# A RISC-V Image has the magic "RSC\x05" at offset 0x38.
magic=$(od -An -tx1 -j56 -N4 "$image" | tr -d ' \n')
[ "$magic" = "52534305" ] || { echo "guest/fs/build.sh: $image is not a RISC-V Image (magic $magic)" >&2; exit 1; }
cp "$image" "$OUT/Image"
cp "$kdir/boot/config-$kver" "$OUT/config-$kver"
echo "$kver" >"$OUT/kernel-version"

step "m5 utility"
"$CC" -static -O2 -Wall -Wextra -I"$GUEST_DIR/include" -o "$OUT/m5" "$GUEST_DIR/m5util/m5.c"

# The busybox applet links, all in /bin, pointing at /bin/busybox.
applets=$(qemu-riscv64 "$bb/usr/bin/busybox" --list | grep -vxE 'init|linuxrc|busybox')
install_busybox() {
    mkdir -p "$1/bin"
    cp "$bb/usr/bin/busybox" "$1/bin/busybox"
    for a in $applets; do ln -sf busybox "$1/bin/$a"; done
}

step "initramfs (modules: ${MODULES[*]} and what they need)"
moddir="$kdir/usr/lib/modules/$kver/kernel"
modfile() {
    local f
    f=$(find "$moddir" \( -name "$1.ko.xz" -o -name "$(echo "$1" | tr _ -).ko.xz" \) | head -n1)
    [ -n "$f" ] || { echo "guest/fs/build.sh: module $1 not found under $moddir" >&2; exit 1; }
    echo "$f"
}
declare -A seen=()
order=()
# Depth-first over the modules' "depends=" fields: dependencies load first.
resolve() {
    local name=$1 file deps d
    [ -n "${seen[$name]:-}" ] && return 0
    seen[$name]=1
    file=$(modfile "$name")
    deps=$(xz -dc "$file" | tr '\0' '\n' | grep -a '^depends=' | head -n1 | cut -d= -f2 | tr , ' ')
    for d in $deps; do resolve "$d"; done
    order+=("$name")
}
for m in "${MODULES[@]}"; do resolve "$m"; done
# Drop a module's appended signature: the marker, then a struct module_signature
# whose last field is the big-endian signature length, then the signature.
strip_signature() {
    python3 - "$1" <<'PY'
import struct, sys
path = sys.argv[1]
data = open(path, "rb").read()
marker = b"~Module signature appended~\n"
if data.endswith(marker):
    (sig_len,) = struct.unpack(">I", data[-len(marker) - 4:-len(marker)])
    open(path, "wb").write(data[: -len(marker) - 12 - sig_len])
PY
}
ird="$WORK/initramfs"
mkdir -p "$ird"/{dev,proc,sys,newroot,lib/modules}
install_busybox "$ird"
cp "$OUT/m5" "$ird/bin/m5"
install -m 755 "$FS_SRC/initramfs-init" "$ird/init"
i=10
for m in "${order[@]}"; do
    xz -dc "$(modfile "$m")" >"$ird/lib/modules/$i-$m.ko"
    [ "$MODULE_SIGNATURES" = strip ] && strip_signature "$ird/lib/modules/$i-$m.ko"
    i=$((i + 1))
done
echo "   load order: ${order[*]} (signatures: $MODULE_SIGNATURES)"
python3 "$FS_SRC/mkcpio.py" "$ird" "$OUT/initramfs.cpio" --node dev/console:c:5:1 --node dev/null:c:1:3

step "disk image ($DISK_SIZE ext4)"
root="$WORK/disk"
mkdir -p "$root"/{dev,proc,sys,tmp,run,root,mnt,home,var,usr/bin,usr/sbin,sbin,etc}
install_busybox "$root"
cp -r "$FS_SRC/disk/." "$root/"
ln -s /bin/busybox "$root/usr/bin/env"
cp "$OUT/m5" "$root/sbin/m5"
chmod 1777 "$root/tmp"
chmod 700 "$root/root"
find "$root" -exec touch -h -d "@$EPOCH" {} +
rm -f "$OUT/disk.img"
truncate -s "$DISK_SIZE" "$OUT/disk.img"
E2FSPROGS_FAKE_TIME=$EPOCH SOURCE_DATE_EPOCH=$EPOCH mke2fs -q -F -t ext4 -b 4096 -L rootfs -U "$DISK_UUID" \
    -E root_owner=0:0,hash_seed="$DISK_UUID" -d "$root" "$OUT/disk.img"
# Files copied by an unprivileged build belong to its user: hand them to root.
if [ "$(id -u)" -ne 0 ]; then
    (cd "$root" && find . -mindepth 1 | sed 's|^\.||') | while read -r p; do
        echo "sif \"$p\" uid 0"
        echo "sif \"$p\" gid 0"
    done >"$WORK/chown.debugfs"
    E2FSPROGS_FAKE_TIME=$EPOCH debugfs -w -f "$WORK/chown.debugfs" "$OUT/disk.img" >/dev/null 2>&1
fi

step "resource catalog"
# Paths are relative to the catalog's directory; "build" names the command that
# makes the files (obtain_resource's hint when they are missing).
mkdir -p "$GUEST_DIR/build/resources"
cat >"$GUEST_DIR/build/resources/resources-fs.json.tmp" <<JSON
{
  "description": "RISC-V full-system guest built by guest/fs/build.sh",
  "resources": [
    {"id": "riscv-bootloader-opensbi", "category": "bootloader", "isa": "riscv",
     "path": "../fs/fw_jump.bin", "build": "bash guest/fs/build.sh",
     "load_address": "0x80000000",
     "description": "OpenSBI fw_jump, generic platform (Debian opensbi): raw binary loaded at 0x80000000, jumps to the kernel at 0x80200000"},
    {"id": "riscv-bootloader-opensbi-fw-dynamic", "category": "bootloader", "isa": "riscv",
     "path": "../fs/fw_dynamic.bin", "build": "bash guest/fs/build.sh",
     "load_address": "0x80000000",
     "description": "OpenSBI fw_dynamic, generic platform (Debian opensbi): raw binary loaded at 0x80000000, next stage described in a1's fw_dynamic_info"},
    {"id": "riscv-linux-kernel", "category": "kernel", "isa": "riscv",
     "path": "../fs/Image", "build": "bash guest/fs/build.sh",
     "load_address": "0x80200000", "kernel_version": "$kver",
     "description": "Linux $kver (Debian linux-image-riscv64): uncompressed RISC-V Image, loaded at 0x80200000; needs riscv-initramfs for virtio disks"},
    {"id": "riscv-initramfs", "category": "file", "isa": "riscv",
     "path": "../fs/initramfs.cpio", "build": "bash guest/fs/build.sh",
     "description": "initramfs (newc cpio): busybox, the virtio_mmio, virtio_blk and ext4 modules of Linux $kver; mounts root= and switch_roots to it"},
    {"id": "riscv-disk-img", "category": "disk-image", "isa": "riscv",
     "path": "../fs/disk.img", "build": "bash guest/fs/build.sh",
     "root_partition": null,
     "description": "ext4 root file system without a partition table (root=/dev/vda): busybox userland, /sbin/m5, gem5-style init (m5 exits at boot, after-boot and after the readfile script)"},
    {"id": "riscv-m5-utility", "category": "binary", "isa": "riscv",
     "path": "../fs/m5", "build": "bash guest/fs/build.sh",
     "description": "the guest m5 utility (guest/m5util/m5.c), static"}
  ]
}
JSON
mv -f "$GUEST_DIR/build/resources/resources-fs.json.tmp" "$GUEST_DIR/build/resources/resources-fs.json"

rm -rf "$WORK"
echo "guest fs build: done ($OUT)"
(cd "$OUT" && ls -ls --block-size=K fw_jump.bin fw_jump.elf fw_dynamic.bin fw_dynamic.elf Image initramfs.cpio disk.img m5)
