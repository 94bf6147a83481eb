#!/usr/bin/env bash
# Reads whose cost could grow with the data (session pages, a year of usage, the periodic queries over all sessions),
# with a small database and then one of a million sessions and a year of usage; writes its table and the plans into
# docs/performance.md. Needs what .ci/run needs; run from the project root: bash bench/growth.sh
exec bash "$(dirname "$0")/run-benchmark.sh" dev.tabbi.bench.GrowthBenchmark
