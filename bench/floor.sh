#!/usr/bin/env bash
# The memory floor of the stack: an empty ASP.NET Core app (bench/floor), published ReadyToRun like
# the bridge and run with the container image's GC settings, after 2,000 /ping requests.
# Prints its RSS and dirty memory; compare with the bridge's in bench/load.sh.
#   bench/floor.sh
set -euo pipefail
cd "$(dirname "$0")/.."
out=$(mktemp -d)
trap 'kill "$pid" 2>/dev/null || true; rm -rf "$out"' EXIT
case "$(uname -m)" in x86_64) rid=linux-x64 ;; aarch64) rid=linux-arm64 ;; *) echo "unknown arch" >&2; exit 1 ;; esac
dotnet publish bench/floor -c Release -r "$rid" --self-contained false -p:PublishReadyToRun=true -o "$out" >/dev/null
port=$((20000 + RANDOM % 20000))
DOTNET_gcServer=0 DOTNET_gcConcurrent=0 DOTNET_GCConserveMemory=5 DOTNET_GCHeapHardLimit=0x5000000 DOTNET_TieredPGO=0 \
  dotnet "$out/Floor.dll" --urls "http://127.0.0.1:$port" >/dev/null 2>&1 &
pid=$!
for _ in $(seq 1 100); do curl -sf "http://127.0.0.1:$port/ping" >/dev/null && break; sleep 0.1; done
for _ in $(seq 1 2000); do echo "url = \"http://127.0.0.1:$port/ping\""; done | curl -s -K - >/dev/null
sleep 2
awk '/^Rss:|^Pss_Dirty:|^Anonymous:/ { printf "%s %.1f MB  ", $1, $2 / 1024 } END { print "" }' "/proc/$pid/smaps_rollup"
