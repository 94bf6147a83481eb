#!/usr/bin/env bash
# Idle event streams one node holds (heap, threads, memory, database writes) and one event fanned out to many
# followers, measured in one run on this machine; writes its table into docs/performance.md. Sizes:
# BENCH_JAVA_OPTS="-Dbench.streams=5000 -Dbench.fan-out=1000 -Dbench.idle-seconds=30" (the defaults).
# Needs what .ci/run needs; run from the project root: bash bench/streams.sh
exec bash "$(dirname "$0")/run-benchmark.sh" dev.tabbi.bench.StreamsBenchmark
