#!/bin/bash
# The relay benchmark of issue 3: 20,000 messages of 4 KiB through a two-smart-host connector at
# 1, 10 and 50 sessions, 10 recipients over 2 domains, and latency at 300 msgs/s, for Postfix and
# Mailflow in the same run, with the shared harness (../shared/bench, or $BENCH_HARNESS).
#   bash bench/relay/run.sh                 # full run, ~50 minutes
#   N=2000 REPS=1 bash bench/relay/run.sh   # smoke run
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
HARNESS="${BENCH_HARNESS:-$ROOT/../shared/bench}"
OUT="${OUT:-$ROOT/bench/results/relay-$(date +%Y%m%d-%H%M%S)}"
mkdir -p "$OUT"
"$ROOT/bin/mailflow" check-config "$ROOT/bench/relay/mailflow-bench.yaml" >/dev/null  # builds the jar once, before timing
export OUT BENCH_WORKDIR="${BENCH_WORKDIR:-$OUT/work}"
export GW_NAME=mailflow
export GW_CMD="rm -rf /var/tmp/mailflow-bench && exec $ROOT/bin/mailflow run --config $ROOT/bench/relay/mailflow-bench.yaml"
cd "$HARNESS"
bash run-baseline.sh
rm -rf "$BENCH_WORKDIR"
