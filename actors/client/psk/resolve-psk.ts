// One RADIUS PSK request to a decision (requirements §1.7): parse the request, look the station up
// in the org's PSK store, try the candidates against message 2's MIC in the pool when the NAS sent
// the handshake (WPA2 multi-PSK), and name the key that answers. Policy and reply are the actor's.
import { isSealed } from './sealed-text.js'
import { DEFAULT_PSK_VLAN, type OrgPskConfig } from '../../../proto/wire/org-config.js'
import { lookupPsk, servesPsk, type PskRefusal } from './psk-lookup.js'
import { matchByMic, type SecretCandidate } from './pmk-matcher.js'
import type { ClientPskDeps } from './psk-deps.js'
import type { PskRequest } from './psk-request.js'

/** The id of the WLAN default PSK among MIC candidates (a key name cannot hold a NUL). */
const DEFAULT_ID = '\u0000default'

export type PskResolution =
  | { kind: 'not-psk' }
  | { kind: 'refused'; reason: PskRefusal | 'NO_MATCHING_KEY' | 'NO_POOL' | 'BAD_HANDSHAKE' | 'SECRET_SEALED' }
  /** The pool is full or failed: no reply, the NAS retries (STYLE.md: never a reject). */
  | { kind: 'overloaded'; retryable: boolean }
  | { kind: 'granted'; source: 'key' | 'default'; name: string | undefined; secret: string; vlan: string | undefined; role: string | undefined }

export interface ResolveInput {
  org: string
  /** Canonical station MAC (Calling-Station-Id). */
  mac: string | undefined
  request: PskRequest
  /** The classifier saw a PSK marker (else the request is MAB-shaped and PSK only on a PSK WLAN). */
  marked: boolean
  now: number
}

function granted(cfg: { name: string; passphrase: string; vlan: string | undefined; role: string | undefined }): PskResolution {
  if (isSealed(cfg.passphrase)) return { kind: 'refused', reason: 'SECRET_SEALED' }
  return { kind: 'granted', source: 'key', name: cfg.name, secret: cfg.passphrase, vlan: cfg.vlan, role: cfg.role }
}

function grantedDefault(secret: string, vlan: string | undefined): PskResolution {
  if (isSealed(secret)) return { kind: 'refused', reason: 'SECRET_SEALED' }
  return { kind: 'granted', source: 'default', name: undefined, secret, vlan: vlan ?? DEFAULT_PSK_VLAN, role: undefined }
}

export async function resolvePsk(deps: ClientPskDeps, input: ResolveInput): Promise<PskResolution> {
  const cfg: OrgPskConfig | undefined = deps.config(input.org)
  const { request } = input
  if (!servesPsk(cfg, request.ssid) || cfg === undefined || request.ssid === undefined) {
    return input.marked ? { kind: 'refused', reason: 'NOT_A_PSK_WLAN' } : { kind: 'not-psk' }
  }
  const handshake = request.eapolKey !== undefined && request.anonce !== undefined && request.bssid !== undefined && input.mac !== undefined
  const found = lookupPsk(cfg, { ssid: request.ssid, mac: input.mac, now: input.now, sae: request.sae, handshake })
  switch (found.kind) {
    case 'refused': return { kind: 'refused', reason: found.reason }
    case 'key': return granted(found.key)
    case 'default': return grantedDefault(found.wlan.defaultPsk, found.wlan.defaultVlan)
    case 'candidates': break
  }
  if (deps.pool === undefined) return { kind: 'refused', reason: 'NO_POOL' }
  const candidates: SecretCandidate[] = found.keys.filter((k) => !isSealed(k.passphrase)).map((k) => ({ id: k.name, secret: k.passphrase }))
  const def = found.wlan?.defaultPsk
  if (def !== undefined && !isSealed(def)) candidates.push({ id: DEFAULT_ID, secret: def })
  let result
  try {
    result = await matchByMic(deps.pool, deps.cache, {
      ssid: request.ssid,
      aa: Buffer.from(request.bssid ?? '', 'hex'),
      spa: Buffer.from(input.mac ?? '', 'hex'),
      anonce: request.anonce ?? Buffer.alloc(0),
      frame: request.eapolKey ?? Buffer.alloc(0),
    }, candidates)
  } catch (err) {
    return { kind: 'overloaded', retryable: (err as { retryable?: unknown }).retryable === true }
  }
  if (!result.ok) return { kind: 'refused', reason: 'BAD_HANDSHAKE' }
  if (result.id === undefined) return { kind: 'refused', reason: 'NO_MATCHING_KEY' }
  if (result.id === DEFAULT_ID) return grantedDefault(def ?? '', found.wlan?.defaultVlan)
  const key = found.keys.find((k) => k.name === result.id)
  return key === undefined ? { kind: 'refused', reason: 'NO_MATCHING_KEY' } : granted(key)
}
