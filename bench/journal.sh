#!/usr/bin/env bash
# The execution journal at 10,000 fills: connect-time sync, GET /executions latency, restart recovery.
#   bench/journal.sh [fills]
set -euo pipefail
cd "$(dirname "$0")/.."
out=$(mktemp -d)
trap 'rm -rf "$out"' EXIT
bash ops/publish.sh "$out" >/dev/null
dotnet run -c Release --project tests/WheelStrat.Benchmarks -- journal "$out" "${1:-10000}"
