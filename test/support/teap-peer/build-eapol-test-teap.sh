#!/usr/bin/env bash
# Builds eapol_test with EAP-TEAP (RFC 7170) from Debian's wpa source package: Debian 12's
# eapoltest binary is built without CONFIG_EAP_TEAP. With --hostapd also builds hostapd with the
# TEAP server and the integrated RADIUS server, a reference peer for hand checks only.
# Idempotent: the binaries are cached under .data/peers/wpa-<debian version>-teap/ and the work is
# skipped when they are there and run. Prints the path of each binary on stdout; all else on stderr.
# Needs root (apt-get) the first time, as ops/bin/setup-and-test.sh does.
set -euo pipefail

want_hostapd=0
for arg in "$@"; do
  case "$arg" in
    --hostapd) want_hostapd=1 ;;
    *) echo "usage: $0 [--hostapd]" >&2; exit 2 ;;
  esac
done

repo="$(cd "$(dirname "$0")/../../.." && pwd)"
peers="$repo/.data/peers"
mkdir -p "$peers"

# One build at a time: test workers and the set-up script may all ask at once.
exec 9>"$peers/wpa-teap.lock"
flock 9

log() { echo "build-eapol-test-teap: $*" >&2; }

# Build tools and the libraries the reduced configs below link (OpenSSL only). gcc only
# recommends libc6-dev, and install-debian-packages.sh installs without recommends.
bash "$repo/ops/bin/install-debian-packages.sh" dpkg-dev gcc libc6-dev make pkg-config libssl-dev xz-utils >&2

# deb-src for wpa: a fresh Debian 12 has only binary sources. Same mirrors and suites as the
# binary packages, so `apt-get source` fetches the version eapoltest was built from (or newer).
# apt itself says whether any deb-src is configured and where sources go (APT_CONFIG honoured).
# (grep without -q reads to the end: an early exit would SIGPIPE apt-cache, and pipefail turns
# that into "no deb-src".)
if ! apt-cache showsrc wpa 2>/dev/null | grep '^Version:' >/dev/null; then
  if [ -z "$(apt-get indextargets --no-release-info 'Created-By: Sources' 2>/dev/null)" ]; then
    eval "$(apt-config shell parts Dir::Etc::sourceparts/d)"
    src_list="${parts:-/etc/apt/sources.list.d/}nac-cluster-debian-src.sources"
    # shellcheck source=/dev/null
    . /etc/os-release
    log "adding deb-src sources in $src_list"
    cat >"$src_list" <<SRC
Types: deb-src
URIs: http://deb.debian.org/debian
Suites: ${VERSION_CODENAME} ${VERSION_CODENAME}-updates
Components: main
Signed-By: /usr/share/keyrings/debian-archive-keyring.gpg

Types: deb-src
URIs: http://deb.debian.org/debian-security
Suites: ${VERSION_CODENAME}-security
Components: main
Signed-By: /usr/share/keyrings/debian-archive-keyring.gpg
SRC
  fi
  apt-get update -qq >&2
fi

# The newest source version apt knows (what `apt-get source wpa` would pick), pinned below.
version="$(apt-cache showsrc wpa | awk '/^Version:/ { print $2 }' | sort -V | tail -n 1)"
[ -n "$version" ] || { log "no source package wpa in the deb-src lists"; exit 1; }
upstream_debian="${version#*:}"            # 2:2.10-12+deb12u3 -> 2.10-12+deb12u3
out="$peers/wpa-${upstream_debian}-teap"
mkdir -p "$out"

# A cached binary counts only if it starts: a libssl upgrade or a half-written file fails here.
runs() {
  local said
  [ -x "$1" ] || return 1
  said="$("$1" -v 2>&1 || true)"     # hostapd -v exits 1, eapol_test -v exits 0
  grep -qE '^(eapol_test|hostapd) v2\.' <<<"$said"
}

need_eapol=1
need_hostapd=$want_hostapd
runs "$out/eapol_test" && need_eapol=0
[ "$want_hostapd" = 1 ] && runs "$out/hostapd" && need_hostapd=0

if [ "$need_eapol" = 1 ] || [ "$need_hostapd" = 1 ]; then
  work="$out/src"
  srcdir="$work/wpa-${upstream_debian%-*}"
  if [ ! -f "$srcdir/debian/changelog" ] || ! grep -qF "($version)" "$srcdir/debian/changelog"; then
    rm -rf "$work"
    mkdir -p "$work"
    log "fetching wpa $version source (apt-get source; dpkg-source -x applies the Debian patches)"
    # As root, apt warns that it downloads unsandboxed (_apt cannot write to this dir): harmless.
    (cd "$work" && apt-get source -qq "wpa=$version" >&2)
  fi
  [ -f "$srcdir/debian/changelog" ] || { log "unpacked source not found at $srcdir"; exit 1; }

  # Debian's build flags (debian/rules: hardening=+all, CPPFLAGS folded into CFLAGS).
  export DEB_BUILD_MAINT_OPTIONS=hardening=+all
  CFLAGS="$(dpkg-buildflags --get CFLAGS) -MMD -Wall $(dpkg-buildflags --get CPPFLAGS)"
  LDFLAGS="$(dpkg-buildflags --get LDFLAGS)"
  export CFLAGS LDFLAGS
  export BINDIR=/sbin

  # Options dropped from Debian's configs: the nl80211 driver (libnl), D-Bus control (libdbus),
  # smartcards (pcsc-lite) and MACsec over rtnetlink (libnl-route): -dev packages the binaries
  # built here do not need. Without nl80211, wpa_supplicant's AP mode and what stands on it
  # (P2P, mesh, Wi-Fi Display, ACS) cannot link, and eapol_test has no radio anyway; hostapd keeps
  # the wired and none drivers, enough for its RADIUS server. The TLS/OpenSSL lines stay
  # exactly as Debian has them.
  drop='^(CONFIG_DRIVER_NL80211|CONFIG_DRIVER_NL80211_QCA|CONFIG_LIBNL32|CONFIG_DRIVER_MACSEC_LINUX|CONFIG_PCSC|CONFIG_CTRL_IFACE_DBUS_NEW|CONFIG_CTRL_IFACE_DBUS_INTRO|CONFIG_AP|CONFIG_P2P|CONFIG_MESH|CONFIG_WIFI_DISPLAY|CONFIG_ACS|CONFIG_FULL_DYNAMIC_VLAN|CONFIG_VLAN_NETLINK)='

  # make does not track .config: clean first so no object keeps another config's flags. The
  # compiler's output goes to a log beside the binary; its tail goes to stderr on failure.
  build() {
    local dir="$1" target="$2" buildlog="$out/build-$2.log"
    if ! { make -C "$dir" clean && make -C "$dir" -j2 "$target"; } >"$buildlog" 2>&1; then
      log "make $target failed; the end of $buildlog:"
      tail -n 40 "$buildlog" >&2
      exit 1
    fi
  }

  if [ "$need_eapol" = 1 ]; then
    log "building eapol_test (wpa $version, CONFIG_EAP_TEAP=y)"
    grep -Ev "$drop" "$srcdir/debian/config/wpasupplicant/linux" >"$srcdir/wpa_supplicant/.config"
    echo 'CONFIG_EAP_TEAP=y' >>"$srcdir/wpa_supplicant/.config"
    build "$srcdir/wpa_supplicant" eapol_test
    install -m 0755 "$srcdir/wpa_supplicant/eapol_test" "$out/eapol_test.new"
    cp "$srcdir/wpa_supplicant/.config" "$out/eapol_test.config"
    mv -f "$out/eapol_test.new" "$out/eapol_test"
  fi

  if [ "$need_hostapd" = 1 ]; then
    log "building hostapd (wpa $version, CONFIG_EAP_TEAP=y, RADIUS server)"
    grep -Ev "$drop" "$srcdir/debian/config/hostapd/linux" >"$srcdir/hostapd/.config"
    echo 'CONFIG_EAP_TEAP=y' >>"$srcdir/hostapd/.config"
    build "$srcdir/hostapd" hostapd
    install -m 0755 "$srcdir/hostapd/hostapd" "$out/hostapd.new"
    cp "$srcdir/hostapd/.config" "$out/hostapd.config"
    mv -f "$out/hostapd.new" "$out/hostapd"
  fi
fi

runs "$out/eapol_test" || { log "$out/eapol_test does not run"; exit 1; }
echo "$out/eapol_test"
if [ "$want_hostapd" = 1 ]; then
  runs "$out/hostapd" || { log "$out/hostapd does not run"; exit 1; }
  echo "$out/hostapd"
fi
