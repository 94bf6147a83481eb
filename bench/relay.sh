#!/usr/bin/env bash
# What Tabbi adds to a turn: the same turn through the API and straight to the same OpenCode, taking turns; writes
# its table into docs/performance.md. Needs what .ci/run needs; run from the project root: bash bench/relay.sh
set -euo pipefail
cd "$(dirname "$0")/.."
mvn -q -B -DskipTests package
java -Xmx1g -Djava.io.tmpdir=target -cp "target/test-classes:target/classes:$(cat target/test-classpath.txt)" \
    dev.tabbi.bench.RelayBenchmark
