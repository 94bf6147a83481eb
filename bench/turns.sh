#!/usr/bin/env bash
# A turn's latency with 1, 10 and 50 sessions of one node taking turns at once (real OpenCode, scripted model);
# writes its table into docs/performance.md. Needs what .ci/run needs and memory for the sandboxes (about 0.5 GB
# each; a level that does not fit is left out and said so); run from the project root: bash bench/turns.sh
exec bash "$(dirname "$0")/run-benchmark.sh" dev.tabbi.bench.TurnsBenchmark
