#!/usr/bin/env bash
# The app's start time and idle memory next to Payara Micro alone, and the memory of each live local sandbox, measured in one run on this machine; writes its table into docs/performance.md.
# Needs what .ci/run needs; run from the project root: bash bench/footprint.sh
set -euo pipefail
cd "$(dirname "$0")/.."
ulimit -n "$(ulimit -Hn)" # thousands of connections on both ends
mvn -q -B -DskipTests package
java -Xmx1g -Djava.io.tmpdir=target -cp "target/test-classes:target/classes:$(cat target/test-classpath.txt)" \
    dev.tabbi.bench.FootprintBenchmark
