#!/usr/bin/env bash
# What the sandbox fence (bubblewrap, its own user and network, the socket relays) and the model gateway cost: session
# start and a turn with and without the fence, and one model call straight and through the gateway, measured in one
# run on this machine (see docs/performance.md). Needs what .ci/run needs; run from the project root:
#   bash bench/isolation.sh
exec bash "$(dirname "$0")/run-benchmark.sh" dev.tabbi.sandbox.IsolationBenchmark
