#!/usr/bin/env bash
# Build the RISC-V guest test programs listed in guest/tests.txt.
#
# Usage: guest/build.sh [-f] [NAME...]
#   -f      rebuild even if the output is up to date
#   NAME    build only these programs (default: every program in the manifest)
#
# Outputs go to guest/build/riscv64/NAME (static binaries, dynamic for `dynamic`
# programs; never committed), and
# guest/build/resources/resources.json indexes every built binary as a resource
# "riscv-NAME" (the local catalog behind the Python API's obtain_resource()).
# Environment: CROSS_CC overrides the compiler (default riscv64-linux-gnu-gcc).
#
# A program is rebuilt when its output is missing, older than one of its
# sources, older than a header in guest/include, or when its compile flags
# changed (recorded in guest/build/riscv64/.NAME.flags).
set -euo pipefail

GUEST_DIR="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
OUT_DIR="$GUEST_DIR/build/riscv64"
MANIFEST="$GUEST_DIR/tests.txt"
CC="${CROSS_CC:-riscv64-linux-gnu-gcc}"

force=0
if [[ "${1:-}" == "-f" ]]; then
    force=1
    shift
fi
declare -A wanted=()
for n in "$@"; do wanted[$n]=1; done

if ! command -v "$CC" >/dev/null 2>&1; then
    echo "error: RISC-V cross compiler '$CC' not found." >&2
    echo "       Install it with: apt-get install gcc-riscv64-linux-gnu" >&2
    echo "       (qemu-riscv64 for the differential tests: apt-get install qemu-user)" >&2
    exit 127
fi

mkdir -p "$OUT_DIR"

# Newest mtime (seconds) among the shared headers.
newest_header=0
for h in "$GUEST_DIR"/include/*.h; do
    [[ -e "$h" ]] || continue
    t=$(stat -c %Y "$h")
    ((t > newest_header)) && newest_header=$t
done

default_src() {
    local name=$1 d ext
    for d in src m5 bench; do
        for ext in c S; do
            if [[ -f "$GUEST_DIR/$d/$name.$ext" ]]; then
                echo "$d/$name.$ext"
                return 0
            fi
        done
    done
    return 1
}

# Write the resource catalog: one entry per built binary in the manifest, with a
# path relative to the catalog's directory.
write_catalog() {
    local dir="$GUEST_DIR/build/resources" first=1 name mode rest
    mkdir -p "$dir"
    {
        echo '{'
        echo '  "description": "Guest programs built by guest/build.sh",'
        echo '  "resources": ['
        while read -r name mode rest; do
            [[ -z "${name:-}" || "$name" == \#* || ! -f "$OUT_DIR/$name" ]] && continue
            ((first)) || echo ','
            first=0
            printf '    {"id": "riscv-%s", "category": "binary", "isa": "riscv", "path": "../riscv64/%s", "description": "guest test program %s (%s)"}' \
                "$name" "$name" "$name" "$mode"
        done <"$MANIFEST"
        echo
        echo '  ]'
        echo '}'
    } >"$dir/resources.json.tmp"
    mv -f "$dir/resources.json.tmp" "$dir/resources.json"
}

built=0
skipped=0
failed=0
seen=0
while read -r name mode rest; do
    [[ -z "${name:-}" || "$name" == \#* ]] && continue
    if ((${#wanted[@]} > 0)) && [[ -z "${wanted[$name]:-}" ]]; then
        continue
    fi
    seen=$((seen + 1))
    src="" march="rv64gc" cflags="" ldflags=""
    for tok in $rest; do
        [[ "$tok" == "--" ]] && break
        case "$tok" in
            src=*) src="${tok#src=}" ;;
            march=*) march="${tok#march=}" ;;
            cflags=*) cflags="${tok#cflags=}" ;;
            ldflags=*) ldflags="${tok#ldflags=}" ;;
        esac
    done
    if [[ -z "$src" ]]; then
        if ! src=$(default_src "$name"); then
            echo "error: no source found for '$name' (looked in src/, m5/, bench/)" >&2
            failed=$((failed + 1))
            continue
        fi
    fi
    IFS=',' read -r -a srcs <<<"$src"
    paths=()
    for s in "${srcs[@]}"; do paths+=("$GUEST_DIR/$s"); done
    flags=(-static -O2 -g0 -Wall -march="$march" -mabi=lp64d -I"$GUEST_DIR/include")
    # `dynamic` programs link against the toolchain's shared libraries (a PIE with
    # the ELF interpreter in PT_INTERP).
    [[ "$mode" == dynamic ]] && flags=("${flags[@]:1}")
    [[ -n "$cflags" ]] && flags+=(${cflags//,/ })
    lflags=()
    [[ -n "$ldflags" ]] && lflags+=(${ldflags//,/ })
    [[ "$ldflags" == *-nostdlib* ]] || lflags+=(-lm)

    out="$OUT_DIR/$name"
    stamp="$OUT_DIR/.$name.flags"
    sig="$CC ${flags[*]} ${srcs[*]} ${lflags[*]}"
    if ((force == 0)) && [[ -f "$out" && -f "$stamp" && "$(cat "$stamp")" == "$sig" ]]; then
        t_out=$(stat -c %Y "$out")
        stale=0
        ((newest_header > t_out)) && stale=1
        for p in "${paths[@]}"; do
            [[ -f "$p" && $(stat -c %Y "$p") -le $t_out ]] || stale=1
        done
        if ((stale == 0)); then
            skipped=$((skipped + 1))
            continue
        fi
    fi
    echo "  CC  $name"
    tmp="$out.tmp.$$"
    if "$CC" "${flags[@]}" -o "$tmp" "${paths[@]}" "${lflags[@]}"; then
        mv -f "$tmp" "$out"
        printf '%s' "$sig" >"$stamp"
        built=$((built + 1))
    else
        rm -f "$tmp"
        echo "error: failed to build '$name'" >&2
        failed=$((failed + 1))
    fi
done <"$MANIFEST"

if ((${#wanted[@]} > 0)) && ((seen != ${#wanted[@]})); then
    echo "error: some requested programs are not in $MANIFEST" >&2
    failed=$((failed + 1))
fi
write_catalog
echo "guest build: $built built, $skipped up to date, $failed failed ($OUT_DIR)"
((failed == 0))
