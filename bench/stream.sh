#!/usr/bin/env bash
# GET /stream at N concurrent streams: events per second and the bridge's memory, published bridge on loopback.
#   bench/stream.sh [streams] [seconds]     (prints the table and writes it to artifacts/stream-benchmark.md)
set -euo pipefail
cd "$(dirname "$0")/.."
out=$(mktemp -d)
trap 'rm -rf "$out"' EXIT
bash ops/publish.sh "$out" >/dev/null
mkdir -p artifacts
dotnet run -c Release --project tests/WheelStrat.Benchmarks -- stream "$out" "${1:-100}" "${2:-30}" artifacts/stream-benchmark.md
