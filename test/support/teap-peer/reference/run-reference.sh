#!/usr/bin/env bash
# Hand-run TEAP reference pair (README.md here), never a CI test: hostapd's RADIUS server with
# the EAP-TEAP server against eapol_test, machine then user by inner EAP-TLS, both from wpa 2.10
# built by ../build-eapol-test-teap.sh --hostapd. Keeps full debug logs, keys included, in
# $TEAP_REF_DIR (default /tmp/teap-reference): throwaway keys only.
# usage: run-reference.sh [port]   exit status is eapol_test's (0 = SUCCESS with MPPE keys OK)
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
dir="${TEAP_REF_DIR:-/tmp/teap-reference}"
port="${1:-18812}"
if ss -Hlun "sport = :$port" | grep -q .; then echo "UDP port $port is in use; pass another" >&2; exit 2; fi

mapfile -t bins < <(bash "$here/../build-eapol-test-teap.sh" --hostapd)
eapol_test="${bins[0]}" hostapd="${bins[1]}"

mkdir -p "$dir"
[ -f "$dir/pki/user.pem" ] || bash "$here/make-pki.sh" "$dir/pki"
# The examples name /tmp/teap-reference and port 18812; rewrite both for this run.
sub() { sed -e "s|/tmp/teap-reference|$dir|g" -e "s|=18812$|=$port|" "$1" >"$2"; }
sub "$here/hostapd-teap.conf.example" "$dir/hostapd-teap.conf"
sub "$here/hostapd-teap.eap_user.example" "$dir/hostapd-teap.eap_user"
sub "$here/eapol-teap.conf.example" "$dir/eapol-teap.conf"
printf '127.0.0.1/32 testing123\n' >"$dir/radius_clients"

"$hostapd" -dd -K "$dir/hostapd-teap.conf" >"$dir/hostapd.log" 2>&1 &
hostapd_pid=$!
trap 'kill "$hostapd_pid" 2>/dev/null || true; wait "$hostapd_pid" 2>/dev/null || true' EXIT
for _ in $(seq 1 100); do
  grep -q 'Setup of interface done' "$dir/hostapd.log" && break
  kill -0 "$hostapd_pid" 2>/dev/null || { cat "$dir/hostapd.log" >&2; exit 1; }
  sleep 0.1
done

# eapol_test always logs at debug level with keys shown (eapol_test.c main). -M: a
# Calling-Station-Id; -r 0: one authentication. It compares the MS-MPPE keys of the
# Access-Accept with its own MSK and prints "MPPE keys OK: 1  mismatch: 0".
set +e
"$eapol_test" -c "$dir/eapol-teap.conf" -a 127.0.0.1 -p "$port" -s testing123 -M 02:00:00:00:00:42 -r 0 -t 30 >"$dir/eapol_test.log" 2>&1
rc=$?
set -e
grep -E '^(MPPE keys OK|SUCCESS|FAILURE)' "$dir/eapol_test.log" || true
echo "logs: $dir/eapol_test.log $dir/hostapd.log" >&2
exit "$rc"
