#!/bin/bash
# The relay benchmark's size rows (as ../shared/bench/run-baseline.sh runs them: Python generator,
# 10 sessions, N moving ~400 MB, warm-up N/4, 3 repetitions) and the 4 KiB row at 50 sessions with
# smtp-source, for Postfix, this build and optionally an older checkout, in one run; the disk's
# fsync'd write rate before and after. Quicker than bench/relay/run.sh (about 10 minutes).
#   BEFORE=/path/to/older/checkout bash bench/relay/sizes.sh
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
OUT="${OUT:-$ROOT/bench/results/sizes-$(date +%Y%m%d-%H%M%S)}"
mkdir -p "$OUT"
python3 "$ROOT/bench/spool/disk_limit.py" --dir /var/tmp --reps 3 > "$OUT/disk-limit.jsonl"
row() { # size n warmup sessions gen
    for gw in now ${BEFORE:+before}; do
        local root=$ROOT post=
        [ "$gw" = before ] && root=$BEFORE
        [ "$gw" = now ] && post=1
        # Postfix refuses 10 MiB messages (its default message_size_limit): that run is not ok, the next ones still run
        POSTFIX=$post GEN=$5 REPS=3 SIZE=$1 N=$2 WARMUP=$3 SESSIONS=$4 OUT="$OUT/$gw" BENCH_HARNESS="$ROOT/../shared/bench" \
            bash "$root/bench/relay/quick.sh" > "$OUT/$gw-$1.log" 2>&1 || true
    done
}
row 102400 4096 1024 10 py
row 1048576 400 100 10 py
row 10485760 40 10 10 py
row 4096 20000 2000 50 smtp-source
python3 "$ROOT/bench/spool/disk_limit.py" --dir /var/tmp --reps 3 >> "$OUT/disk-limit.jsonl"
for gw in now ${BEFORE:+before}; do
    echo "## $gw"; python3 "$ROOT/../shared/bench/summarize.py" "$OUT/$gw/runs.jsonl"
done | tee "$OUT/summary.md"
