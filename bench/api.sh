#!/usr/bin/env bash
# An authenticated API read at constant arrival rates (open loop) next to a bare endpoint on the same server, measured in one run on this machine; writes its table into docs/performance.md.
# Needs what .ci/run needs; run from the project root: bash bench/api.sh
set -euo pipefail
cd "$(dirname "$0")/.."
ulimit -n "$(ulimit -Hn)" # thousands of connections on both ends
mvn -q -B -DskipTests package
java -Xmx1g -Djava.io.tmpdir=target -cp "target/test-classes:target/classes:$(cat target/test-classpath.txt)" \
    dev.tabbi.bench.ApiLoadBenchmark
