# Sourced by bin/mailflow, bin/test and .ci/run: finds a JDK >= 21 and exports JAVA_HOME.
# Order: $JAVA_HOME, the newest JDK under /usr/lib/jvm, then `java` on PATH.

mailflow_java_major() {  # $1 = path to a java binary; prints its major version
    "$1" -version 2>&1 | awk -F'"' '/version/ {split($2, v, "."); print (v[1] == "1" ? v[2] : v[1]); exit}'
}

mailflow_find_jdk() {
    local candidates=() c major
    [ -n "${JAVA_HOME:-}" ] && candidates+=("$JAVA_HOME")
    for c in $(ls -d /usr/lib/jvm/*/ 2>/dev/null | sort -rV); do candidates+=("${c%/}"); done
    if command -v java >/dev/null 2>&1; then
        candidates+=("$(dirname "$(dirname "$(readlink -f "$(command -v java)")")")")
    fi
    for c in "${candidates[@]}"; do
        [ -x "$c/bin/java" ] && [ -x "$c/bin/javac" ] || continue
        major=$(mailflow_java_major "$c/bin/java")
        if [ -n "$major" ] && [ "$major" -ge 21 ]; then
            export JAVA_HOME="$c"
            return 0
        fi
    done
    echo "mailflow: no JDK 21 or newer found (looked at \$JAVA_HOME, /usr/lib/jvm/*, java on PATH)" >&2
    return 1
}
