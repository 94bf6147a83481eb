#!/usr/bin/env bash
# What Tabbi adds to a turn: the same turn through the API and straight to the same OpenCode, taking turns; writes
# its table into docs/performance.md. Needs what .ci/run needs; run from the project root: bash bench/relay.sh
exec bash "$(dirname "$0")/run-benchmark.sh" dev.tabbi.bench.RelayBenchmark
