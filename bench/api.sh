#!/usr/bin/env bash
# An authenticated API read at constant arrival rates (open loop) next to a bare endpoint on the same server,
# measured in one run on this machine; writes its table into docs/performance.md.
# Needs what .ci/run needs; run from the project root: bash bench/api.sh
exec bash "$(dirname "$0")/run-benchmark.sh" dev.tabbi.bench.ApiLoadBenchmark
