#!/usr/bin/env bash
# The one publish command of the bridge. ops/Dockerfile and ops/validate.sh both call this script,
# so the image and the validation build the same way.
#   ops/publish.sh OUTPUT_DIR        -> OUTPUT_DIR (bridge) and OUTPUT_DIR/simulator
# GIT_SHA (optional) is stamped into the assemblies' informational version (x.y.z+SHA), so a running
# process can say which commit it is, not only the image label.
set -euo pipefail
out="${1:?usage: ops/publish.sh OUTPUT_DIR}"
cd "$(dirname "$0")/.."

props=()
if [[ -n "${GIT_SHA:-}" && "${GIT_SHA}" != unknown ]]; then
  props+=("-p:SourceRevisionId=${GIT_SHA}")
fi

# The bridge is published ReadyToRun (precompiled) for the build machine's architecture; the image's
# build stage runs on the target platform, so that is the image's. Precompiled code sits in clean,
# file-backed pages the kernel can drop and share, not in the JIT's private memory: under the
# load driver this took dirty memory from 81 to 74 MB and start-to-healthy from ~0.9 to ~0.65 s
# (docs/benchmarks.md). Set RID to override (e.g. RID=linux-arm64).
case "${RID:-$(uname -m)}" in
  x86_64 | linux-x64) rid=linux-x64 ;;
  aarch64 | arm64 | linux-arm64) rid=linux-arm64 ;;
  *) echo "publish.sh: no ReadyToRun target for '${RID:-$(uname -m)}'; set RID" >&2; exit 1 ;;
esac

export DOTNET_CLI_TELEMETRY_OPTOUT=1 DOTNET_NOLOGO=1
dotnet publish src/Host -c Release -r "$rid" --self-contained false -p:PublishReadyToRun=true -o "$out" "${props[@]}"
dotnet publish src/Simulator -c Release -o "$out/simulator" "${props[@]}"
