// The PSK store lookup (requirements §1.7 [I]): "matches the org PSK store by exact MAC first,
// then the longest OUI/prefix wildcard. It filters by SSID and non-expired keys. On a hit it
// returns Accept with passphrase + VLAN (+ role); on a miss it tells the AP to use the WLAN
// default PSK and VLAN (default 999)". WPA2 multi-PSK: with the handshake's message 2 the
// candidates are tried (L4007: "any device providing a valid passphrase can authenticate");
// WPA3-SAE: "the client's MAC address or MAC OUI must be pre-associated with the corresponding
// passphrase" (L4007), so no trial. Decided here: a station whose best registration is expired
// is refused (never moved to the default PSK: it was registered on purpose).
import { macMatches } from '../../../proto/wire/mac.js'
import { PskSecurity, type OrgPskConfig, type PskConfig, type PskWlanConfig } from '../../../proto/wire/org-config.js'

export const PskRefusal = {
  NOT_A_PSK_WLAN: 'NOT_A_PSK_WLAN',
  EXPIRED: 'EXPIRED',
  UNKNOWN_STATION: 'UNKNOWN_STATION',
} as const
export type PskRefusal = (typeof PskRefusal)[keyof typeof PskRefusal]

export type PskLookup =
  | { kind: 'key'; key: PskConfig; wlan: PskWlanConfig | undefined }
  /** Try these (in order) against message 2's MIC; the WLAN default last, when configured. */
  | { kind: 'candidates'; keys: PskConfig[]; wlan: PskWlanConfig | undefined }
  | { kind: 'default'; wlan: PskWlanConfig & { defaultPsk: string } }
  | { kind: 'refused'; reason: PskRefusal }

export interface PskQuery {
  ssid: string
  mac: string | undefined
  now: number
  /** The station uses SAE, or the NAS did not say and the WLAN is WPA3-only. */
  sae: boolean
  /** Message 2 of the 4-way handshake is available to try candidates with. */
  handshake: boolean
}

/** Specificity of a registration for a MAC: 13 for the exact MAC, the prefix length for a prefix. */
function specificity(key: PskConfig, mac: string): number {
  let best = -1
  for (const p of key.macs) {
    if (!macMatches(mac, p)) continue
    best = Math.max(best, p.endsWith('*') ? p.length - 1 : 13)
  }
  return best
}

const live = (k: PskConfig, now: number): boolean => k.expiresAt === undefined || k.expiresAt > now

/** The PSK WLAN of an SSID, if the org has one; the SSID compare is exact (SSIDs are octets). */
export function pskWlan(cfg: OrgPskConfig | undefined, ssid: string | undefined): PskWlanConfig | undefined {
  return ssid === undefined ? undefined : cfg?.wlans.find((w) => w.ssid === ssid)
}

/** Does the org serve RADIUS PSK on this SSID (a PSK WLAN, or a key naming the SSID)? */
export function servesPsk(cfg: OrgPskConfig | undefined, ssid: string | undefined): boolean {
  return ssid !== undefined && cfg !== undefined && (pskWlan(cfg, ssid) !== undefined || cfg.keys.some((k) => k.ssid === ssid))
}

export function lookupPsk(cfg: OrgPskConfig, q: PskQuery): PskLookup {
  if (!servesPsk(cfg, q.ssid)) return { kind: 'refused', reason: PskRefusal.NOT_A_PSK_WLAN }
  const wlan = pskWlan(cfg, q.ssid)
  const sae = q.sae || wlan?.security === PskSecurity.wpa3
  const keys = cfg.keys.filter((k) => k.ssid === undefined || k.ssid === q.ssid)
  let registered: PskConfig[] = []
  if (q.mac !== undefined) {
    let top = -1
    for (const k of keys) {
      const s = specificity(k, q.mac)
      if (s < 0 || s < top) continue
      if (s > top) registered = []
      top = s
      registered.push(k)
    }
    if (registered.length > 0) {
      const usable = registered.filter((k) => live(k, q.now))
      if (usable.length === 0) return { kind: 'refused', reason: PskRefusal.EXPIRED }
      registered = usable
    }
  }
  const withDefault = wlan !== undefined && wlan.defaultPsk !== undefined ? { ...wlan, defaultPsk: wlan.defaultPsk } : undefined
  // WPA2 with the handshake: the registered keys first, then every live multi-use key.
  if (!sae && q.handshake) {
    const multi = keys.filter((k) => k.usage === 'multi' && live(k, q.now) && !registered.includes(k))
    return { kind: 'candidates', keys: [...registered, ...multi], wlan }
  }
  const first = registered[0]
  if (first !== undefined) {
    // Two keys registered equally specifically: with no handshake to tell them apart, the first
    // configured wins (documented; validation warns about duplicates).
    return { kind: 'key', key: first, wlan }
  }
  if (withDefault !== undefined) return { kind: 'default', wlan: withDefault }
  return { kind: 'refused', reason: PskRefusal.UNKNOWN_STATION }
}
