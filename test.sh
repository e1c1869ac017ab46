#!/usr/bin/env bash
# Runs every test of the solution. On a fresh machine it first installs what the tests need
# (the .NET SDK must be present; NuGet packages are restored here).
set -euo pipefail
cd "$(dirname "$0")"

export DOTNET_CLI_TELEMETRY_OPTOUT=1
export DOTNET_NOLOGO=1

# Headless Chromium for the status-page test, curl and jq for the README's examples (Debian's packages;
# the tests never download a browser).
missing=""
for tool in chromium curl jq; do command -v "$tool" >/dev/null 2>&1 || missing="$missing $tool"; done
if [ -n "$missing" ]; then
  sudo_cmd=""; [ "$(id -u)" -ne 0 ] && sudo_cmd="sudo"
  $sudo_cmd env DEBIAN_FRONTEND=noninteractive apt-get update -qq
  # shellcheck disable=SC2086 # one word per package
  $sudo_cmd env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends $missing >/dev/null
fi

# Deployment files: compose (main + simulator override) and the Caddyfile, validated without Docker.
ops/validate.sh

# A real PostgreSQL for the journal tests (they also run on SQLite files).
. tests/pg.sh
stop_pg() { if [ "$(id -u)" -eq 0 ]; then runuser -u postgres -- $WHEELSTRAT_TEST_PG_STOP >/dev/null || true; else $WHEELSTRAT_TEST_PG_STOP >/dev/null || true; fi; }
trap stop_pg EXIT

# The OpenAPI linter and the TypeScript client generator and compiler, pinned by tools/openapi/package-lock.json
# (the end-to-end tests run them against the bridge's /openapi/v1.json). Needs Node.js 20.19+ and npm.
npm ci --prefix tools/openapi --no-audit --no-fund --loglevel=error

dotnet restore WheelStrat.sln
dotnet build WheelStrat.sln -c Release --no-restore
dotnet test WheelStrat.sln -c Release --no-build "$@"
