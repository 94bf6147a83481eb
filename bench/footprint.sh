#!/usr/bin/env bash
# The app's start time and idle memory next to Payara Micro alone, and the memory of each live local sandbox,
# measured in one run on this machine; writes its table into docs/performance.md.
# Needs what .ci/run needs; run from the project root: bash bench/footprint.sh
exec bash "$(dirname "$0")/run-benchmark.sh" dev.tabbi.bench.FootprintBenchmark
