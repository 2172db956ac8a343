#!/usr/bin/env bash
# Simulator speed benchmark: runs guest/bench/bench.c (about 310 million RISC-V
# instructions at the default 12 rounds) under `sim se` and reports simInsts,
# hostSeconds and MIPS (simInsts / hostSeconds / 1e6) from stats.txt.
#
# Usage: tests/bench.sh [--rounds N] [--qemu] [--no-build] [--outdir DIR] [-- SIM_SE_OPTIONS...]
#   --rounds N    bench rounds (work is linear in N; default: the program's default)
#   --qemu        also time qemu-riscv64 on the same binary, for comparison
#   --no-build    do not run guest/build.sh or cargo build
#   --outdir DIR  keep the simulator's output here (default: a temp dir, removed)
#   -- ...        extra options for `sim se` (e.g. --cpu-type=atomic)
set -euo pipefail

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
rounds=""
with_qemu=0
build=1
outdir=""
sim_opts=()
while (($# > 0)); do
    case "$1" in
        --rounds) rounds="$2"; shift 2 ;;
        --rounds=*) rounds="${1#--rounds=}"; shift ;;
        --qemu) with_qemu=1; shift ;;
        --no-build) build=0; shift ;;
        --outdir) outdir="$2"; shift 2 ;;
        --outdir=*) outdir="${1#--outdir=}"; shift ;;
        --) shift; sim_opts=("$@"); break ;;
        -h|--help) sed -n '2,13p' "$0" | sed 's/^# \{0,1\}//'; exit 0 ;;
        *) echo "unknown option: $1 (see --help)" >&2; exit 2 ;;
    esac
done

if ((build)); then
    bash "$ROOT/guest/build.sh" bench
    (cd "$ROOT" && cargo build --release --bin sim)
fi

SIM="$ROOT/target/release/sim"
BENCH="$ROOT/guest/build/riscv64/bench"
[[ -x "$SIM" ]] || { echo "error: $SIM not found (run without --no-build)" >&2; exit 1; }
[[ -f "$BENCH" ]] || { echo "error: $BENCH not found (run guest/build.sh)" >&2; exit 1; }

cleanup=""
if [[ -z "$outdir" ]]; then
    outdir="$(mktemp -d "${TMPDIR:-/tmp}/sim-bench.XXXXXX")"
    cleanup="$outdir"
fi
trap '[[ -n "$cleanup" ]] && rm -rf "$cleanup"' EXIT

bench_args=()
[[ -n "$rounds" ]] && bench_args+=("$rounds")

echo "== sim se ${sim_opts[*]:-} bench ${bench_args[*]:-}"
start=$(date +%s.%N)
"$SIM" se -d "$outdir" "${sim_opts[@]}" "$BENCH" "${bench_args[@]}" >"$outdir/bench.stdout"
end=$(date +%s.%N)
cat "$outdir/bench.stdout"

stats="$outdir/stats.txt"
[[ -f "$stats" ]] || { echo "error: no stats.txt in $outdir" >&2; exit 1; }
# Value of a stat in the last dump block.
stat() {
    awk -v name="$1" '
        /^---------- Begin Simulation Statistics/ { v = "" }
        $1 == name { v = $2 }
        END { print v }' "$stats"
}
insts=$(stat simInsts)
host=$(stat hostSeconds)
[[ -n "$insts" && -n "$host" ]] || { echo "error: simInsts/hostSeconds missing from $stats" >&2; exit 1; }
awk -v i="$insts" -v h="$host" -v s0="$start" -v s1="$end" 'BEGIN {
    w = s1 - s0
    printf "simInsts     %d\n", i
    printf "hostSeconds  %.3f  (wall %.3f s)\n", h, w
    if (h > 0) printf "MIPS         %.2f\n", i / h / 1e6
}'

if ((with_qemu)); then
    if command -v qemu-riscv64 >/dev/null 2>&1; then
        start=$(date +%s.%N)
        qemu-riscv64 "$BENCH" "${bench_args[@]}" >"$outdir/qemu.stdout"
        end=$(date +%s.%N)
        if cmp -s "$outdir/bench.stdout" "$outdir/qemu.stdout"; then same="same output"; else same="OUTPUT DIFFERS"; fi
        awk -v i="$insts" -v s0="$start" -v s1="$end" -v s="$same" 'BEGIN {
            w = s1 - s0
            printf "qemu-riscv64 wall %.3f s, %.2f MIPS at the same instruction count (%s)\n", w, (w > 0 ? i / w / 1e6 : 0), s
        }'
    else
        echo "qemu-riscv64 not found (apt-get install qemu-user); skipping the comparison"
    fi
fi
