#!/bin/bash
# The relay benchmark of issue 3: 20,000 messages of 4 KiB through a two-smart-host connector at
# 1, 10 and 50 sessions, 10 recipients over 2 domains, and latency at 300 msgs/s, for Postfix and
# Mailflow in the same run, with the shared harness (../shared/bench, or $BENCH_HARNESS).
#   bash bench/relay/run.sh                 # full run, ~50 minutes
#   N=2000 REPS=1 bash bench/relay/run.sh   # smoke run
#   SIZES=102400,1048576,10485760 bash bench/relay/run.sh     # issue 9: the larger sizes too
#   BEFORE=/path/to/older/checkout bash bench/relay/run.sh    # and an older build, in the same run
# The disk's sequential write rate with fdatasync (bench/spool/disk_limit.py) is measured first,
# into disk-limit.jsonl: the limit for the 10 MiB row.
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
HARNESS="${BENCH_HARNESS:-$ROOT/../shared/bench}"
OUT="${OUT:-$ROOT/bench/results/relay-$(date +%Y%m%d-%H%M%S)}"
mkdir -p "$OUT"
"$ROOT/bin/mailflow" check-config "$ROOT/bench/relay/mailflow-bench.yaml" >/dev/null  # builds the jar once, before timing
export OUT BENCH_WORKDIR="${BENCH_WORKDIR:-$OUT/work}"
export GW_NAME=mailflow
export GW_CMD="rm -rf /var/tmp/mailflow-bench && exec $ROOT/bin/mailflow run --config $ROOT/bench/relay/mailflow-bench.yaml"
python3 "$ROOT/bench/spool/disk_limit.py" --dir /var/tmp --reps 3 > "$OUT/disk-limit.jsonl"
cd "$HARNESS"
bash run-baseline.sh
if [ -n "${BEFORE:-}" ]; then
    "$BEFORE/bin/mailflow" check-config "$BEFORE/bench/relay/mailflow-bench.yaml" >/dev/null
    OUT="$OUT/before" BENCH_WORKDIR="$OUT/work" SKIP_POSTFIX=1 GW_NAME=mailflow-before \
        GW_CMD="rm -rf /var/tmp/mailflow-bench && exec $BEFORE/bin/mailflow run --config $BEFORE/bench/relay/mailflow-bench.yaml" \
        bash run-baseline.sh
    rm -rf "$OUT/before/work"  # prefix assignments expand in order: BENCH_WORKDIR above is .../before/work
fi
python3 "$ROOT/bench/spool/disk_limit.py" --dir /var/tmp --reps 3 >> "$OUT/disk-limit.jsonl"
rm -rf "$BENCH_WORKDIR"
