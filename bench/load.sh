#!/usr/bin/env bash
# One command for the load driver: publishes the bridge as ops/Dockerfile does, then drives it.
#   bench/load.sh [--seconds 30] [--concurrency 64] [--stall] [--mix ping,health,quote] [--out docs/load.md]
# GC settings of the container image are applied unless overridden with --env KEY=VALUE.
set -euo pipefail
cd "$(dirname "$0")/.."
out=$(mktemp -d)
trap 'rm -rf "$out"' EXIT
bash ops/publish.sh "$out" >/dev/null
dotnet run -c Release --project tests/WheelStrat.Benchmarks -- load --bridge "$out" \
  --env DOTNET_gcServer=0 --env DOTNET_GCConserveMemory=5 --env DOTNET_GCHeapHardLimit=0x5000000 "$@"
