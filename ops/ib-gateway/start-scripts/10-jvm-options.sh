#!/bin/bash
# START_SCRIPTS hook of the gnzsnz/ib-gateway image: rewrites the JVM flags before IBC starts.
#
# Why here: the image documents only JAVA_HEAP_SIZE (it seds -Xmx768m in ibgateway.vmoptions), and
# IBC's ibcstart.sh empties JAVA_TOOL_OPTIONS before launching java, so the vmoptions file is the
# one place JVM flags take effect. IBC reads every non -D line of it as a JVM option.
# A second GC selector next to the one IB ships makes the JVM refuse to start ("multiple garbage
# collectors selected"), so any -XX:+Use*GC line and the G1 tuning lines are removed first.
# Idempotent: `docker restart` re-runs it on the already edited file; a recreated container starts
# from the image's original file.
#   JAVA_HEAP_SIZE   heap in MB, used for -Xms and -Xmx (default 256)
#   IBG_JVM_OPTIONS  the other flags, space separated (default below; see ops/ib-gateway/README.md)
set -euo pipefail
vmopts="${TWS_PATH:?}/ibgateway/${IB_GATEWAY_VERSION:?}/ibgateway.vmoptions"
if [[ ! -f "$vmopts" ]]; then
  echo ".> jvm-options: $vmopts not found, JVM flags left as shipped" >&2
  exit 0
fi
heap="${JAVA_HEAP_SIZE:-256}"
extra="${IBG_JVM_OPTIONS:--XX:+UseSerialGC -XX:MaxMetaspaceSize=128m -XX:ReservedCodeCacheSize=64m -XX:+AlwaysPreTouch -XX:+ExitOnOutOfMemoryError}"

kept=$(grep -v -E \
  -e '^-XX:\+Use[A-Za-z0-9]*GC$' \
  -e '^-XX:(MaxGCPauseMillis|ParallelGCThreads|ConcGCThreads|InitiatingHeapOccupancyPercent|G1[A-Za-z]*)=' \
  -e '^-Xm[sx][0-9]+[kKmMgG]?$' \
  -e '^-XX:(MaxMetaspaceSize|ReservedCodeCacheSize)=' \
  -e '^-XX:[+-](AlwaysPreTouch|ExitOnOutOfMemoryError)$' \
  "$vmopts" || true)
{
  printf '%s\n' "$kept"
  printf '%s\n' "-Xms${heap}m" "-Xmx${heap}m"
  for opt in $extra; do printf '%s\n' "$opt"; done
} > "$vmopts"
echo ".> jvm-options: $(grep -v -e '^#' -e '^-D' -e '^$' "$vmopts" | tr '\n' ' ')"
