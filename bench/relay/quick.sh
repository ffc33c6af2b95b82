#!/bin/bash
# A few configurations of the shared relay harness, for Mailflow (and Postfix with POSTFIX=1) in
# one run: while working on the relay path, before the full bench/relay/run.sh.
#   bash bench/relay/quick.sh                               # 4 KiB at 50 sessions, 20,000 messages
#   SIZE=1048576 SESSIONS=10 N=400 bash bench/relay/quick.sh
#   POSTFIX=1 SIZE=102400 N=4000 SESSIONS=10 bash bench/relay/quick.sh
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
HARNESS="${BENCH_HARNESS:-$ROOT/../shared/bench}"
OUT="${OUT:-$ROOT/bench/results/quick-$(date +%Y%m%d-%H%M%S)}"
N=${N:-20000}
SIZE=${SIZE:-4096}
SESSIONS=${SESSIONS:-50}
REPS=${REPS:-1}
GEN=${GEN:-smtp-source}
mkdir -p "$OUT"
"$ROOT/bin/mailflow" check-config "$ROOT/bench/relay/mailflow-bench.yaml" >/dev/null  # builds the jar once, before timing
COMMON=(-n "$N" --size "$SIZE" --sessions "$SESSIONS" --reps "$REPS" --gen "$GEN" --warmup ${WARMUP:-$(( N / 10 ))} --out "$OUT/runs.jsonl"
        --workdir "$OUT/work" --wait-idle 0 --max-foreign 1)
cd "$HARNESS"
if [ -n "${POSTFIX:-}" ]; then
    bash postfix/setup.sh > "$OUT/postfix-setup.txt" 2>&1
    python3 bench.py --gateway postfix --gw-start postfix/start.sh --gw-stop postfix/stop.sh \
        --gw-pidfile /var/spool/postfix/pid/master.pid "${COMMON[@]}"
fi
python3 bench.py --gateway mailflow --gw-port 2525 \
    --gw-start "rm -rf /var/tmp/mailflow-bench && exec $ROOT/bin/mailflow run --config $ROOT/bench/relay/mailflow-bench.yaml" \
    "${COMMON[@]}"
python3 summarize.py "$OUT"/runs.jsonl | tee "$OUT/summary.md"
rm -rf "$OUT/work"
