#!/usr/bin/env bash
# Quick start, command one: install what the service needs, build it, and run the embedded
# default (a local nats-server it starts itself, one gateway, one actor node, the demo org).
set -euo pipefail
cd "$(dirname "$0")/../.."
bash ops/bin/install-debian-packages.sh nats-server openssl
npm ci --no-audit --no-fund
npm run build
exec node dist/ops/cli/main.js run "$@"
