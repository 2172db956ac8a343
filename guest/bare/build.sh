#!/bin/bash
# Builds the machine-mode test programs into guest/build/bare/ (not committed).
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
out="$here/../build/bare"
mkdir -p "$out"
cc=${CROSS_CC:-riscv64-linux-gnu-gcc}
for prog in mtest; do
    "$cc" -nostdlib -nostartfiles -static -march=rv64g -mabi=lp64d -mcmodel=medany \
        -O2 -ffreestanding -fno-pic -no-pie -T "$here/link.ld" \
        -o "$out/$prog.elf" "$here/start.S" "$here/$prog.c"
done
