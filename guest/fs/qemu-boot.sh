#!/usr/bin/env bash
# Boot the guest built by guest/fs/build.sh under QEMU's `virt` board, the reference
# for the simulator's full-system boot.
#
#   bash guest/fs/qemu-boot.sh [--smp N] [--mem SIZE] [--readfile SCRIPT]
#                              [--interactive] [--dumpdtb FILE] [--append ARGS]
#                              [--disk IMAGE]
#                              [-- QEMU-ARGS...]
#
# Debian's qemu-system-misc (7.2) conflicts with the host's newer qemu-utils, so it is
# not installed: its package, qemu-system-data and the libraries it lacks are fetched
# with `apt-get download` into guest/build/qemu/debs, unpacked with `dpkg-deb -x` into
# guest/build/qemu/root (guest/fs/qemu-fetch.sh) and run with LD_LIBRARY_PATH and -L
# pointing there.
#
# Firmware: fw_jump.bin (-bios), kernel: Image (-kernel, at 0x80200000), initramfs
# (-initrd), the disk as a virtio-mmio block device with snapshot=on (the image file
# is never written). The console is on stdout. The m5 instructions are illegal under
# QEMU: the disk's init carries on, and takes the readfile script from a second disk
# (/dev/vdb) that --readfile makes from SCRIPT, padded with NUL bytes.
# --disk boots another raw image (with --append root=/dev/vda1 for a partitioned one;
# the initramfs also picks /dev/vda1 by itself when root= is empty).
# --dumpdtb writes the device tree QEMU generates and exits without booting.
# Arguments after -- go to QEMU as they are (e.g. -icount shift=0,sleep=off: one
# instruction per ns of guest time, so the kernel's timestamps count instructions).
set -euo pipefail

GUEST_DIR="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
FS="$GUEST_DIR/build/fs"
QDIR="$GUEST_DIR/build/qemu"
KERNEL_ARGS="console=ttyS0 earlycon=sbi root=/dev/vda rw"

smp=2
mem=512M
readfile=""
dumpdtb=""
disk="$FS/disk.img"
extra=""
qemu_extra=()
while [ $# -gt 0 ]; do
    case "$1" in
        --smp) smp="$2"; shift 2 ;;
        --mem) mem="$2"; shift 2 ;;
        --readfile) readfile="$2"; shift 2 ;;
        --interactive) extra="$extra interactive=true"; shift ;;
        --dumpdtb) dumpdtb="$2"; shift 2 ;;
        --disk) disk="$2"; shift 2 ;;
        --append) extra="$extra $2"; shift 2 ;;
        --) shift; qemu_extra=("$@"); break ;;
        *) echo "qemu-boot.sh: unknown argument '$1' (see the header of $0)" >&2; exit 2 ;;
    esac
done
for f in fw_jump.bin Image initramfs.cpio disk.img; do
    [ -f "$FS/$f" ] || { echo "qemu-boot.sh: $FS/$f is missing: run bash guest/fs/build.sh" >&2; exit 1; }
done

qemu=$(bash "$GUEST_DIR/fs/qemu-fetch.sh")
export LD_LIBRARY_PATH="$QDIR/root/usr/lib/x86_64-linux-gnu:$QDIR/root/lib/x86_64-linux-gnu"

args=(-machine virt -smp "$smp" -m "$mem" -nographic -L "$QDIR/root/usr/share/qemu"
    -bios "$FS/fw_jump.bin" -kernel "$FS/Image" -initrd "$FS/initramfs.cpio"
    -append "$KERNEL_ARGS$extra"
    -drive "file=$disk,format=raw,if=none,id=disk0,snapshot=on"
    -device virtio-blk-device,drive=disk0)
if [ -n "$readfile" ]; then
    script="$QDIR/readfile.img"
    cp "$readfile" "$script"
    truncate -s %512 "$script"
    args+=(-drive "file=$script,format=raw,if=none,id=disk1,readonly=on"
        -device virtio-blk-device,drive=disk1)
fi
if [ -n "$dumpdtb" ]; then
    args[1]="virt,dumpdtb=$dumpdtb"
fi
exec "$qemu" "${args[@]}" "${qemu_extra[@]}"
