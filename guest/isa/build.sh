#!/bin/bash
# Builds the ISA test programs (guest/isa/rv*.S, each linked with crt.S) into
# guest/build/isa/ (not committed); `build.sh SRC.S OUTDIR` builds one program
# from elsewhere the same way. Layout (link.ld) as guest/bare: RAM at
# 0x8000_0000, HTIF tohost/fromhost symbols of 8 bytes (QEMU checks their size).
# QEMU's spike board with -bios none jumps to the start of RAM, not to the ELF
# entry: crt.S's _start comes first (.text.init) and no build-id note precedes it.
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
cc=${CROSS_CC:-riscv64-linux-gnu-gcc}
build() {
    "$cc" -nostdlib -nostartfiles -static -march=rv64gc_zba_zbb_zbs -mabi=lp64d \
        -mcmodel=medany -fno-pic -no-pie -Wl,--no-warn-rwx-segments -Wl,--build-id=none \
        -T "$here/link.ld" -I "$here" \
        -o "$2/$(basename "$1" .S).elf" "$here/crt.S" "$1"
}
if [ $# -eq 2 ]; then
    mkdir -p "$2"
    build "$1" "$2"
    exit 0
fi
out="$here/../build/isa"
mkdir -p "$out"
for src in "$here"/rv*.S; do
    build "$src" "$out"
done
