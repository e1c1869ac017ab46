#!/usr/bin/env bash
# Container health probe with no curl/wget in the image (bash only).
#   healthcheck.sh                 GET /ping on 127.0.0.1:8080 must answer 200 (bridge)
#   healthcheck.sh http PATH PORT  same for another path/port
#   healthcheck.sh listen PORT     a TCP socket listens on PORT (simulator). Reads /proc/net/tcp*
#                                  instead of connecting, so the probe never opens a TWS session.
set -uo pipefail
mode="${1:-http}"
case "$mode" in
  http)
    path="${2:-/ping}" port="${3:-8080}"
    exec 3<>"/dev/tcp/127.0.0.1/${port}" || exit 1
    printf 'GET %s HTTP/1.0\r\nHost: localhost\r\n\r\n' "$path" >&3
    IFS= read -r -t 4 status <&3 || exit 1
    [[ "$status" == HTTP/*" 200"* ]]
    ;;
  listen)
    hex=$(printf '%04X' "${2:?port}")
    # column 2 is local_address:port (hex), column 4 the state; 0A = LISTEN
    grep -qE "^ *[0-9]+: [0-9A-F]+:${hex} [0-9A-F]+:[0-9A-F]+ 0A " /proc/net/tcp /proc/net/tcp6
    ;;
  *) echo "usage: $0 [http PATH PORT | listen PORT]" >&2; exit 2 ;;
esac
