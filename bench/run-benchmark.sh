#!/usr/bin/env bash
# What every bench/*.sh does: builds the app and the test code, then runs one benchmark class on the test classpath
# (it starts what it needs: Payara Micro with the WAR, the test environment's PostgreSQL and Redis, real OpenCode).
# Used as: bash bench/run-benchmark.sh <class>
set -euo pipefail
cd "$(dirname "$0")/.."
ulimit -n "$(ulimit -Hn)" # thousands of connections on both ends, for some
mvn -q -B -DskipTests package
java -Xmx1g -Djava.io.tmpdir=target ${BENCH_JAVA_OPTS:-} \
    -cp "target/test-classes:target/classes:$(cat target/test-classpath.txt)" "$1"
