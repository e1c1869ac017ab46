#!/usr/bin/env bash
# Starts a throwaway PostgreSQL for the tests and exports WHEELSTRAT_TEST_PG (an admin connection
# string; each test creates its own database). Installs PostgreSQL from Debian's packages when the
# machine has no server. Source it:   . tests/pg.sh   (test.sh does; it stops the server at exit).
set -euo pipefail

as_root() { if [ "$(id -u)" -eq 0 ]; then "$@"; else sudo "$@"; fi; }

bindir=$(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -n 1 || true)
if [ -z "$bindir" ] || [ ! -x "$bindir/initdb" ]; then
  echo "== installing PostgreSQL (apt)"
  as_root env DEBIAN_FRONTEND=noninteractive apt-get update -qq
  as_root env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends postgresql >/dev/null
  bindir=$(ls -d /usr/lib/postgresql/*/bin | sort -V | tail -n 1)
fi

pg_dir=$(mktemp -d /tmp/wheelstrat-pg.XXXXXX)
pg_port=$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])')
# PostgreSQL refuses to run as root: the cluster belongs to the postgres user when we are root.
run_pg() { if [ "$(id -u)" -eq 0 ]; then runuser -u postgres -- "$@"; else "$@"; fi; }
if [ "$(id -u)" -eq 0 ]; then chown postgres "$pg_dir"; fi
run_pg "$bindir/initdb" -D "$pg_dir/data" -A trust -U postgres >/dev/null
run_pg "$bindir/pg_ctl" -D "$pg_dir/data" -o "-p $pg_port -k $pg_dir -c listen_addresses=127.0.0.1 -c fsync=off" -l "$pg_dir/log" -w start >/dev/null
export WHEELSTRAT_TEST_PG="Host=127.0.0.1;Port=$pg_port;Username=postgres;Database=postgres"
export WHEELSTRAT_TEST_PG_STOP="$bindir/pg_ctl -D $pg_dir/data -m fast stop"
echo "== PostgreSQL $("$bindir/postgres" --version | awk '{print $3}') on 127.0.0.1:$pg_port"
