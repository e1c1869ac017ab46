#!/bin/bash
# START_SCRIPTS hook of the gnzsnz/ib-gateway image: runs as user ibgateway before Xvfb and IBC.
# Docker creates a named volume's mount point as root when the path does not exist in the image,
# and TWS_SETTINGS_PATH does not. IB Gateway (uid 1000) must write its settings and the
# auto-restart token there, so hand the directory to that user (the image grants it sudo).
set -euo pipefail
dir="${TWS_SETTINGS_PATH:-}"
if [[ -n "$dir" && -d "$dir" && ! -w "$dir" ]]; then
  echo ".> settings-dir: chown $(id -u):$(id -g) $dir"
  sudo chown "$(id -u):$(id -g)" "$dir"
fi
