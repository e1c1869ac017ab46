#!/usr/bin/env bash
# Validates the deployment files without a Docker engine. Works on a fresh Debian 12 machine:
# installs docker-compose (1.29, Debian package) and caddy (Debian package) if missing.
#   1. shell syntax of the ops scripts
#   2. docker-compose config -q: main file, and with the simulator override
#   3. caddy validate on ops/Caddyfile (dummy domain/e-mail)
#   4. ops/publish.sh (the Dockerfile's publish command), only if src/Host exists yet
# Exits non-zero on the first failure.
set -euo pipefail
cd "$(dirname "$0")/.."

say() { printf '== %s\n' "$*"; }

as_root() { if [[ $(id -u) -eq 0 ]]; then "$@"; else sudo "$@"; fi; }

missing=()
command -v docker-compose >/dev/null 2>&1 || missing+=(docker-compose)
command -v caddy >/dev/null 2>&1 || missing+=(caddy)
if ((${#missing[@]})); then
  say "installing ${missing[*]} (apt)"
  as_root env DEBIAN_FRONTEND=noninteractive apt-get update -qq
  as_root env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
fi

say "bash -n ops scripts"
for f in ops/*.sh ops/ib-gateway/start-scripts/*.sh; do bash -n "$f"; done

# Compose reads .env from the project directory by default; validate against the example so a
# missing or private .env changes nothing, and so .env.example has to stay complete
# (the :? variables fail here if it lacks one).
compose=(docker-compose --env-file .env.example -f docker-compose.yml)
say "docker-compose config (main)"
"${compose[@]}" config -q
say "docker-compose config (simulator override)"
"${compose[@]}" -f ops/docker-compose.simulator.yml config -q
sim_target=$("${compose[@]}" -f ops/docker-compose.simulator.yml config | grep -c 'Gateway__Host: simulator' || true)
[[ "$sim_target" -eq 1 ]] || { echo "simulator override does not point the bridge at the simulator" >&2; exit 1; }

# Every ${VAR} the compose files read must be documented in .env.example.
say ".env.example lists every variable the compose files read"
used=$(grep -ohE '\$\{[A-Z_][A-Z0-9_]*' docker-compose.yml ops/docker-compose.simulator.yml | tr -d '${' | sort -u)
for v in $used; do
  grep -qE "^${v}=" .env.example || { echo ".env.example lacks $v" >&2; exit 1; }
done

say "caddy validate"
BRIDGE_DOMAIN=bridge.example.com ACME_EMAIL=ops@example.com \
  caddy validate --config ops/Caddyfile --adapter caddyfile >/dev/null 2>/tmp/caddy-validate.$$ \
  || { cat /tmp/caddy-validate.$$ >&2; rm -f /tmp/caddy-validate.$$; exit 1; }
rm -f /tmp/caddy-validate.$$

if [[ -d src/Host ]]; then
  say "ops/publish.sh (same command as ops/Dockerfile)"
  out=$(mktemp -d)
  trap 'rm -rf "$out"' EXIT
  bash ops/publish.sh "$out"
  test -f "$out/WheelStrat.Host.dll" && test -f "$out/simulator/WheelStrat.Simulator.dll"
else
  say "skip publish: src/Host does not exist in this tree yet"
fi

say "deployment files valid"
