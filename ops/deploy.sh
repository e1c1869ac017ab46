#!/usr/bin/env bash
# Build and roll out the checked-out commit, then prove the running bridge is that commit.
#   ops/deploy.sh [--no-cache]
# Records GIT_SHA in .env, so every later `docker compose ...` refers to this same image tag
# (wheelstrat-bridge:<sha>) instead of falling back to an old or untagged build.
set -euo pipefail
cd "$(dirname "$0")/.."
[[ -f .env ]] || { echo ".env missing (cp .env.example .env; chmod 600 .env)" >&2; exit 1; }
if [[ -n $(git status --porcelain --untracked-files=no) ]]; then
  echo "uncommitted changes: commit or stash them, the image label must name a real commit" >&2
  exit 1
fi

GIT_SHA=$(git rev-parse HEAD)
BUILD_DATE=$(date -u +%Y-%m-%dT%H:%M:%SZ)
export GIT_SHA BUILD_DATE
for v in GIT_SHA BUILD_DATE; do
  if grep -q "^${v}=" .env; then sed -i "s|^${v}=.*|${v}=${!v}|" .env; else echo "${v}=${!v}" >> .env; fi
done
chmod 600 .env

build_flags=(--pull)
[[ "${1:-}" == --no-cache ]] && build_flags+=(--no-cache)

echo "== building wheelstrat-bridge:${GIT_SHA}"
docker compose build "${build_flags[@]}" bridge
echo "== pulling pinned images"
docker compose pull ib-gateway postgres caddy
echo "== rolling out"
docker compose up -d --remove-orphans
docker compose up -d --force-recreate --no-deps bridge

cid=$(docker compose ps -q bridge)
running=$(docker inspect --format '{{ index .Config.Labels "org.opencontainers.image.revision" }}' "$cid")
if [[ "$running" != "$GIT_SHA" ]]; then
  echo "STALE: running bridge is revision '$running', checkout is $GIT_SHA" >&2
  exit 1
fi
echo "== bridge runs revision $running; waiting for healthy"
for _ in $(seq 1 30); do
  status=$(docker inspect --format '{{ .State.Health.Status }}' "$cid")
  [[ "$status" == healthy ]] && { echo "== healthy"; exit 0; }
  sleep 3
done
echo "bridge not healthy after 90 s (status: $status); docker compose logs bridge" >&2
exit 1
