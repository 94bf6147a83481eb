#!/usr/bin/env bash
# Fuzzes every parser of untrusted input with Jazzer, one after the other, each for DURATION (default 10m):
#   ops/fuzz.sh                       all of them
#   DURATION=1h ops/fuzz.sh AgentEventStreamFuzzTest    the fuzz tests of one class
# Inputs that grow coverage go to .cifuzz-corpus/ (not committed); an input that makes a test fail is written to
# src/test/resources/<package>/<Class>Inputs/<method>/ and from then on runs in `mvn verify` as a regression test.
# Each run's summary (executions, coverage, findings) is appended to target/fuzz/summary.txt.
set -euo pipefail
cd "$(dirname "$0")/.."
DURATION="${DURATION:-10m}"
mkdir -p target/fuzz
mvn -B -q -o test-compile -DskipTests >/dev/null 2>&1 || mvn -B -q test-compile -DskipTests
for test in $(grep -rl "@FuzzTest" src/test/java | sort); do
  class=$(basename "$test" .java)
  [ $# -gt 0 ] && [[ " $* " != *" $class "* ]] && continue
  for method in $(grep -A1 "@FuzzTest" "$test" | grep -oE "void [a-zA-Z0-9]+" | awk '{print $2}'); do
    log="target/fuzz/$class.$method.log"
    echo "fuzzing $class#$method for $DURATION"
    start=$(date +%s)
    status=0
    mvn -B -o -Pfuzz test -Dfuzz.duration="$DURATION" -Dtest="$class#$method" -Dsurefire.failIfNoSpecifiedTests=false >"$log" 2>&1 || status=$?
    done_line=$(grep -E "^#[0-9]+[[:space:]]+DONE" "$log" | tail -1 || true)
    echo "$(date -u +%FT%TZ) $class#$method $((($(date +%s) - start) / 60)) min exit=$status ${done_line:-no DONE line}" | tee -a target/fuzz/summary.txt
  done
done
