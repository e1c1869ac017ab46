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

export DOTNET_CLI_TELEMETRY_OPTOUT=1 DOTNET_NOLOGO=1
dotnet publish src/Host -c Release -o "$out" "${props[@]}"
dotnet publish src/Simulator -c Release -o "$out/simulator" "${props[@]}"
