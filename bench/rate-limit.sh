#!/usr/bin/env bash
# The rate limiter's checks per second (in-process and Redis) and what authentication plus the limit add to an API
# request, on a real server with the test environment's PostgreSQL and Redis (see docs/performance.md).
# Needs what .ci/run needs; run from the project root: bash bench/rate-limit.sh
exec bash "$(dirname "$0")/run-benchmark.sh" dev.tabbi.platform.internal.RateLimitBenchmark
