#!/usr/bin/env bash
# How long a new session takes to be ready (create → session.ready, streamed), cold and from the warm pool, with and
# without a repository, next to OpenCode's own start measured in the same run (see docs/performance.md, which it
# updates). Needs what .ci/run needs; run from the project root: bash bench/session-ready.sh
exec bash "$(dirname "$0")/run-benchmark.sh" dev.tabbi.bench.SessionReadyBenchmark
