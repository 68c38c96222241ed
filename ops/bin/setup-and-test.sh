#!/usr/bin/env bash
# Quick start, command two: install what the tests need (real peers from Debian packages) and
# run lint, type check and the three test rings: unit, integration, interop.
set -euo pipefail
cd "$(dirname "$0")/../.."
bash ops/bin/install-debian-packages.sh nats-server openssl freeradius-utils radsecproxy eapoltest iproute2 hostapd wpasupplicant \
  dpkg-dev gcc libc6-dev make pkg-config libssl-dev xz-utils
# eapol_test with TEAP, built from Debian's wpa source (its eapoltest has no TEAP peer); cached
# under .data/peers/, about a minute on 2 cores the first time.
bash test/support/teap-peer/build-eapol-test-teap.sh
# The bench tests' peers: FreeRADIUS (side-by-side target) and Chromium (report screenshot).
bash bench/peers/install.sh
npm ci --no-audit --no-fund
npm run lint
npm run typecheck
npx vitest run --project unit --project integration --project interop
