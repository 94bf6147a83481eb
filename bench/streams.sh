#!/usr/bin/env bash
# Idle event streams one node holds (heap, threads, memory, database writes) and one event fanned out to many followers, measured in one run on this machine; writes its table into docs/performance.md.
# Needs what .ci/run needs; run from the project root: bash bench/streams.sh
set -euo pipefail
cd "$(dirname "$0")/.."
ulimit -n "$(ulimit -Hn)" # thousands of connections on both ends
mvn -q -B -DskipTests package
java -Xmx1g -Djava.io.tmpdir=target -cp "target/test-classes:target/classes:$(cat target/test-classpath.txt)" \
    dev.tabbi.bench.StreamsBenchmark
