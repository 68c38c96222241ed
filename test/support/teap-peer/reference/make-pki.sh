#!/usr/bin/env bash
# Throwaway ECDSA P-256 PKI for the hand-run TEAP reference pair (README.md here): a CA, the
# RADIUS server's certificate, a machine and a user client certificate. Not used by CI tests.
# usage: make-pki.sh <dir>   (writes ca.pem, server.pem/-key, machine.pem/-key, user.pem/-key)
set -euo pipefail
dir="${1:?usage: make-pki.sh <dir>}"
mkdir -p "$dir"
cd "$dir"
umask 077

key() { openssl genpkey -algorithm EC -pkeyopt ec_paramgen_curve:P-256 -out "$1"; }

key ca-key.pem
openssl req -x509 -new -key ca-key.pem -sha256 -days 30 -subj '/O=TEAP reference/CN=TEAP reference CA' \
  -addext 'basicConstraints=critical,CA:TRUE' -addext 'keyUsage=critical,keyCertSign,cRLSign' -out ca.pem

# name, subject, extensions
issue() {
  key "$1-key.pem"
  openssl req -new -key "$1-key.pem" -subj "$2" -out "$1.csr"
  openssl x509 -req -in "$1.csr" -CA ca.pem -CAkey ca-key.pem -CAcreateserial -sha256 -days 30 \
    -extfile <(printf '%s\n' "$3") -out "$1.pem"
  rm -f "$1.csr"
}

issue server '/O=TEAP reference/CN=radius.teap.test' \
  "basicConstraints=critical,CA:FALSE
keyUsage=critical,digitalSignature
extendedKeyUsage=serverAuth
subjectAltName=DNS:radius.teap.test"
issue machine '/O=TEAP reference/CN=host\/pc1.teap.test' \
  "basicConstraints=critical,CA:FALSE
keyUsage=critical,digitalSignature
extendedKeyUsage=clientAuth
subjectAltName=DNS:pc1.teap.test"
issue user '/O=TEAP reference/CN=alice' \
  "basicConstraints=critical,CA:FALSE
keyUsage=critical,digitalSignature
extendedKeyUsage=clientAuth
subjectAltName=email:alice@teap.test"
chmod 0644 ./*.pem
chmod 0600 ./*-key.pem
