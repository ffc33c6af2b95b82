#!/bin/bash
# Issue 5's benchmark: 300 mail flow rules of mixed conditions against a 50 KiB message, with JMH.
#   bash bench/rules/run.sh            # ~1 minute; the result is printed and kept in bench/results/rules-<time>.txt
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
cd "$ROOT"
. bin/lib/jdk.sh
mailflow_find_jdk
./mvnw -q -B test-compile dependency:build-classpath -Dmdep.includeScope=test -Dmdep.outputFile=target/test-classpath.txt
OUT="bench/results/rules-$(date +%Y%m%d-%H%M%S).txt"
mkdir -p bench/results
"$JAVA_HOME/bin/java" -cp "target/test-classes:target/classes:$(cat target/test-classpath.txt)" org.openjdk.jmh.Main \
    RuleEngineBenchmark -rf text -rff "$OUT" "$@"
echo "results: $OUT"
