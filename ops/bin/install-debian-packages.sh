#!/usr/bin/env bash
# Installs the Debian packages named on the command line when any of them is missing.
# Used by both Quick start commands; needs root (as the README says) on Debian 12.
set -euo pipefail
missing=()
for pkg in "$@"; do
  # The status into a variable, not a pipe into grep -q (an early exit SIGPIPEs the writer, and
  # with pipefail an installed package would count as missing).
  status=$(dpkg-query -W -f='${Status}' "$pkg" 2>/dev/null || true)
  [ "$status" = 'install ok installed' ] || missing+=("$pkg")
done
if [ "${#missing[@]}" -gt 0 ]; then
  echo "installing Debian packages: ${missing[*]}"
  export DEBIAN_FRONTEND=noninteractive
  apt-get update -qq
  apt-get install -y -qq --no-install-recommends "${missing[@]}"
fi
