// The `nasDevices` list of an org document: RadSec NAS devices an admin registers (AP, switch,
// edge) with the vendor that picks their reply dialect (requirements §2.7 L7370: "Based on the
// configured vendor ... sends correct RADIUS Attributes"; §5.2 L7384 for UDP clients).
//   nasDevices: [{ name: <certificate CN>, site: <certificate OU>, vendor?, mac?, description? }]
import { KNOWN_VENDOR_NAMES } from '../../actors/policy/dialect-table.js'
import { canonicalMac } from '../../proto/wire/mac.js'
import type { NasDeviceConfig } from '../../proto/wire/org-config.js'
import { TOKEN_RE } from '../../proto/wire/subjects.js'
import type { ConfigError } from './config-error.js'
import { SchemaReader } from './schema-reader.js'

const NAS_KEYS = ['name', 'site', 'vendor', 'mac', 'description'] as const

export type NasDevicesResult = { ok: true; nasDevices: NasDeviceConfig[] } | { ok: false; errors: ConfigError[] }

/** Validate `list` (the org's nasDevices) against the org's site ids. */
export function validateNasDevices(list: unknown, siteIds: ReadonlySet<string>, file: string): NasDevicesResult {
  const r = new SchemaReader(file, undefined)
  const out: NasDeviceConfig[] = []
  r.list(list, ['nasDevices']).forEach((item, i) => {
    const path = ['nasDevices', i]
    const m = r.mapping(item, path, NAS_KEYS, ['name', 'site'])
    if (m === undefined) return
    // The NAS id is a certificate CN the gateway reads into NATS-safe request fields.
    const name = r.string(m.name, [...path, 'name'], { nonEmpty: true })
    if (name !== undefined && !TOKEN_RE.test(name)) r.error([...path, 'name'], 'token', `NAS name "${name}" must be 1-64 letters, digits, "_" or "-" (its certificate CN)`)
    const site = r.string(m.site, [...path, 'site'], { nonEmpty: true })
    if (site !== undefined && !siteIds.has(site)) r.error([...path, 'site'], 'site-exists', `unknown site "${site}"`)
    const vendor = r.string(m.vendor, [...path, 'vendor'], { nonEmpty: true })
    if (vendor !== undefined && !KNOWN_VENDOR_NAMES.includes(vendor.toLowerCase())) {
      r.error([...path, 'vendor'], 'nas-vendor', `unknown NAS vendor "${vendor}" (expected ${KNOWN_VENDOR_NAMES.join(', ')})`)
    }
    const macText = r.string(m.mac, [...path, 'mac'], { nonEmpty: true })
    const mac = macText === undefined ? undefined : canonicalMac(macText)
    if (macText !== undefined && mac === undefined) r.error([...path, 'mac'], 'mac', `"${macText}" is not a MAC address`)
    const description = r.string(m.description, [...path, 'description'])
    if (name !== undefined && out.some((d) => d.name === name)) r.error([...path, 'name'], 'nas-device', `NAS "${name}" is registered twice`)
    if (name === undefined || site === undefined) return
    out.push({ name, site, vendor, mac, description })
  })
  return r.errors.length > 0 ? { ok: false, errors: r.errors } : { ok: true, nasDevices: out }
}
