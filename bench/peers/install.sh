#!/usr/bin/env bash
# Installs the bench's peers from Debian packages when missing: FreeRADIUS 3.2 (the side-by-side
# target), radclient (freeradius-utils, the reference client), Chromium (the report screenshot test).
set -euo pipefail
need=()
command -v freeradius >/dev/null 2>&1 || need+=(freeradius)
command -v radclient >/dev/null 2>&1 || need+=(freeradius-utils)
command -v chromium >/dev/null 2>&1 || need+=(chromium)
command -v openssl >/dev/null 2>&1 || need+=(openssl)
if [ ${#need[@]} -gt 0 ]; then
  SUDO=""
  [ "$(id -u)" -eq 0 ] || SUDO="sudo"
  $SUDO apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq "${need[@]}"
fi
# Debian starts the packaged freeradius service; the bench runs its own instance on free ports.
if command -v systemctl >/dev/null 2>&1 && systemctl is-active --quiet freeradius 2>/dev/null; then
  echo "note: the system freeradius service is running; the bench does not need it" >&2
fi
# sed reads to the end: `head -1` could close the pipe early, and with pipefail the SIGPIPE
# (exit 141) of freeradius would fail the whole test command.
freeradius -v | sed -n 1p
