#!/usr/bin/env bash
# What the sandbox fence (bubblewrap, its own user and network, the socket relays) and the model gateway cost: session
# start and a turn with and without the fence, and one model call straight and through the gateway, measured in one
# run on this machine (see docs/performance.md). Needs what .ci/run needs; run from the project root:
#   bash bench/isolation.sh
set -euo pipefail
cd "$(dirname "$0")/.."
mvn -q -B -DskipTests package
java -Xmx512m -Djava.io.tmpdir=target -cp "target/test-classes:target/classes:$(cat target/test-classpath.txt)" \
    dev.tabbi.sandbox.IsolationBenchmark
