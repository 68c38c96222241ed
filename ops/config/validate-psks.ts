// The `psks` section of an org's YAML (requirements §1.7): PSK WLANs with their defaults and the
// keys. Passphrases are never quoted in messages.
//   psks:
//     wlans: [{ ssid: corp-psk, security: wpa2|wpa3|wpa3-transition, defaultPsk: "...", defaultVlan: "999" }]
//     keys:  [{ name, ssid?, vlan?, passphrase, expires?: ISO 8601, role?, usage?: single|multi, macs: [...] }]
import { isPskSecret } from '../../actors/client/psk/index.js'
import { canonicalMacPattern } from '../../proto/wire/mac.js'
import { PskSecurity, PskUsage, type OrgPskConfig, type PskConfig, type PskWlanConfig } from '../../proto/wire/org-config.js'
import type { ConfigError } from './config-error.js'
import { SchemaReader, type LineOf } from './schema-reader.js'
import { vlanProblem } from './vlan.js'

const PSKS_KEYS = ['wlans', 'keys'] as const
const WLAN_KEYS = ['ssid', 'security', 'defaultPsk', 'defaultVlan'] as const
const KEY_KEYS = ['name', 'ssid', 'vlan', 'passphrase', 'expires', 'role', 'usage', 'macs'] as const
const SECURITY: readonly string[] = Object.values(PskSecurity)
const USAGE: readonly string[] = Object.values(PskUsage)
/** ISO 8601 date or date-time (with zone when a time is given). */
const ISO_DATE = /^\d{4}-\d{2}-\d{2}(T\d{2}:\d{2}(:\d{2}(\.\d+)?)?(Z|[+-]\d{2}:\d{2}))?$/
// J.4.1: "A pass-phrase is a sequence of between 8 and 63 ASCII-encoded characters" (32-126).
const SECRET_RULE = 'must be 8-63 printable ASCII characters or 64 hex digits (IEEE 802.11-2020 J.4.1)'

export type PsksResult = { ok: true; psks: OrgPskConfig | undefined } | { ok: false; errors: ConfigError[] }

function ssidOf(r: SchemaReader, v: unknown, path: (string | number)[]): string | undefined {
  const s = r.string(v, path, { nonEmpty: true })
  if (s === undefined) return undefined
  const octets = Buffer.byteLength(s, 'utf8')
  if (octets > 32) r.error(path, 'ssid', `SSID is ${octets} octets; at most 32`)
  return s
}

function vlanOf(r: SchemaReader, v: unknown, path: (string | number)[]): string | undefined {
  const s = r.string(v, path, { nonEmpty: true, integers: true })
  const problem = s === undefined ? undefined : vlanProblem(s)
  if (problem !== undefined) r.error(path, 'vlan', problem)
  return s
}

function secretOf(r: SchemaReader, v: unknown, path: (string | number)[]): string | undefined {
  const s = r.string(v, path, { nonEmpty: true })
  if (s !== undefined && !isPskSecret(s)) r.error(path, 'psk', SECRET_RULE)
  return s
}

function wlans(r: SchemaReader, v: unknown): PskWlanConfig[] {
  const out: PskWlanConfig[] = []
  r.list(v, ['psks', 'wlans']).forEach((item, i) => {
    const path = ['psks', 'wlans', i]
    const m = r.mapping(item, path, WLAN_KEYS, ['ssid'])
    if (m === undefined) return
    const ssid = ssidOf(r, m.ssid, [...path, 'ssid'])
    const security = r.string(m.security, [...path, 'security']) ?? PskSecurity.wpa2
    if (!SECURITY.includes(security)) r.error([...path, 'security'], 'psk', `security must be one of ${SECURITY.join(', ')}`)
    const defaultPsk = secretOf(r, m.defaultPsk, [...path, 'defaultPsk'])
    const defaultVlan = vlanOf(r, m.defaultVlan, [...path, 'defaultVlan'])
    if (ssid === undefined) return
    if (out.some((w) => w.ssid === ssid)) r.error([...path, 'ssid'], 'psk', `WLAN "${ssid}" is listed twice`)
    out.push({ ssid, security: security as PskSecurity, defaultPsk, defaultVlan })
  })
  return out
}

function keys(r: SchemaReader, v: unknown, wlanList: PskWlanConfig[]): PskConfig[] {
  const out: PskConfig[] = []
  r.list(v, ['psks', 'keys']).forEach((item, i) => {
    const path = ['psks', 'keys', i]
    const m = r.mapping(item, path, KEY_KEYS, ['name', 'passphrase'])
    if (m === undefined) return
    const name = r.string(m.name, [...path, 'name'], { nonEmpty: true })
    const ssid = ssidOf(r, m.ssid, [...path, 'ssid'])
    const vlan = vlanOf(r, m.vlan, [...path, 'vlan'])
    const passphrase = secretOf(r, m.passphrase, [...path, 'passphrase'])
    const expires = r.string(m.expires instanceof Date ? m.expires.toISOString() : m.expires, [...path, 'expires'])
    let expiresAt: number | undefined
    if (expires !== undefined) {
      expiresAt = ISO_DATE.test(expires) ? Date.parse(expires) : Number.NaN
      if (Number.isNaN(expiresAt)) r.error([...path, 'expires'], 'psk', 'expires must be an ISO 8601 date or date-time with zone')
    }
    const role = r.string(m.role, [...path, 'role'], { nonEmpty: true })
    const usage = r.string(m.usage, [...path, 'usage']) ?? PskUsage.multi
    if (!USAGE.includes(usage)) r.error([...path, 'usage'], 'psk', `usage must be one of ${USAGE.join(', ')}`)
    const macs: string[] = []
    r.strings(m.macs, [...path, 'macs']).forEach((text, j) => {
      const p = canonicalMacPattern(text)
      if (p === undefined) r.error([...path, 'macs', j], 'mac-pattern', 'not a MAC or a MAC prefix ending in "*"')
      else macs.push(p)
    })
    if (usage === PskUsage.single && macs.length === 0) r.error([...path, 'macs'], 'psk', 'a single-use key needs registered MACs or OUIs')
    // §1.7 L4007: under WPA3 "the client's MAC address or MAC OUI must be pre-associated".
    const sae = wlanList.filter((w) => w.security === PskSecurity.wpa3 && (ssid === undefined || w.ssid === ssid))
    if (macs.length === 0 && ssid !== undefined && sae.length > 0) r.error([...path, 'macs'], 'psk', `WLAN "${ssid}" is WPA3-SAE: keys need registered MACs or OUIs`)
    if (name !== undefined && out.some((k) => k.name === name)) r.error([...path, 'name'], 'psk', `key "${name}" is defined twice`)
    if (name === undefined || passphrase === undefined) return
    out.push({ name, ssid, vlan, passphrase, expiresAt, role, usage: usage as PskUsage, macs })
  })
  return out
}

/** Validate `doc.psks` (the whole parsed document is passed). */
export function validatePsks(doc: unknown, file: string, lineOf?: LineOf): PsksResult {
  const v = (doc as Record<string, unknown> | null)?.['psks']
  if (v === undefined || v === null) return { ok: true, psks: undefined }
  const r = new SchemaReader(file, lineOf)
  const m = r.mapping(v, ['psks'], PSKS_KEYS)
  if (m === undefined) return { ok: false, errors: r.errors }
  const wlanList = wlans(r, m.wlans)
  const keyList = keys(r, m.keys, wlanList)
  return r.errors.length > 0 ? { ok: false, errors: r.errors } : { ok: true, psks: { keys: keyList, wlans: wlanList } }
}
