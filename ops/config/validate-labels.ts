// Validation of an org's labels (requirements §2.4-2.6, §2.8): names unique per org and at most
// 32 printable characters (L3941), each type with its own keys and value rules. Errors name the
// path and the rule id of config-error.ts; nothing is thrown.
import { encodeAttributes, type Dictionary } from '../../proto/radius/index.js'
import { canonicalMacPattern } from '../../proto/wire/mac.js'
import {
  CertificateField, CertificateScope, LabelType, MdmCompliance, UserNameSource,
  type AttributeRow, type EgressVlan, type LabelConfig,
} from '../../proto/wire/org-config.js'
import { isBuiltinToken } from '../../actors/policy/builtin-tokens.js'
import { loadDictionary } from '../radius/dictionary-files.js'
import { parseCidr } from './cidr.js'
import type { ConfigPath } from './config-error.js'
import type { Mapping, SchemaReader } from './schema-reader.js'
import { vlanProblem } from './vlan.js'

/** The keys of each label type (all required except those in OPTIONAL). */
export const LABEL_KEYS: Readonly<Record<LabelType, readonly string[]>> = {
  'client-list': ['name', 'type', 'values'],
  'client-label': ['name', 'type', 'values'],
  'certificate-attribute': ['name', 'type', 'field', 'values', 'scope'],
  ssid: ['name', 'type', 'values'],
  'directory-attribute': ['name', 'type', 'groups'],
  'mdm-compliance': ['name', 'type', 'values'],
  realm: ['name', 'type', 'values'],
  'user-name': ['name', 'type', 'values'],
  'nas-ip': ['name', 'type', 'values'],
  vlan: ['name', 'type', 'vlan', 'allowEndpointOverride'],
  role: ['name', 'type', 'role', 'allowEndpointOverride'],
  'gbp-tag': ['name', 'type', 'tag'],
  'session-timeout': ['name', 'type', 'seconds'],
  'vendor-attribute': ['name', 'type', 'attributes'],
  'standard-attribute': ['name', 'type', 'attributes'],
  'egress-vlan': ['name', 'type', 'vlans'],
  'returned-user-name': ['name', 'type', 'source', 'allowEndpointOverride'],
  'port-vlan': ['name', 'type', 'vlan'],
}
const OPTIONAL = new Set(['allowEndpointOverride', 'scope'])
const LABEL_TYPES = Object.values(LabelType) as string[]

/** Label names: §2.4 "You can use up to 32 characters including alphanumeric characters and one
 * or more of the special characters." Printable ASCII, no leading or trailing space. */
const LABEL_NAME = /^[\x21-\x7e](?:[\x20-\x7e]{0,30}[\x21-\x7e])?$/
const REALM = /^@?[A-Za-z0-9](?:[A-Za-z0-9-]{0,62})(?:\.[A-Za-z0-9](?:[A-Za-z0-9-]{0,62}))*$/

/** §2.6 Session Timeout: "from 3600 to 604800 seconds" (L3948). */
export const SESSION_TIMEOUT_MIN = 3600
export const SESSION_TIMEOUT_MAX = 604800

/**
 * Attributes the server sets itself (EAP, keys, the VLAN and user-name labels, the session
 * timeout label): a custom attribute may not name them, so one reply never carries two.
 */
const MANAGED = new Set([
  'User-Name', 'User-Password', 'CHAP-Password', 'State', 'EAP-Message', 'Message-Authenticator', 'Session-Timeout',
  'Tunnel-Type', 'Tunnel-Medium-Type', 'Tunnel-Private-Group-Id', 'Egress-VLANID', 'Egress-VLAN-Name',
  'MS-MPPE-Send-Key', 'MS-MPPE-Recv-Key', 'Proxy-State',
])

export interface LabelsResult {
  list: LabelConfig[]
  /** Every well-named label's type, even when its body is broken (rules are checked against it). */
  types: Map<string, string>
}

function values(r: SchemaReader, m: Mapping, key: string, path: ConfigPath, what: string): string[] {
  const raw = m[key]
  // SSIDs: "You can combine multiple SSIDs in one label using comma-separated values." (L3965)
  const list = typeof raw === 'string' && key === 'values' ? raw.split(',').map((s) => s.trim()) : raw
  const out = r.strings(list, [...path, key])
  if (Array.isArray(list) && list.length === 0) r.error([...path, key], 'non-empty', `${what} needs at least one value`)
  return out
}

function integerIn(r: SchemaReader, v: unknown, path: ConfigPath, min: number, max: number, rule: 'gbp-tag' | 'session-timeout'): number | undefined {
  if (v === undefined || v === null) return undefined
  const n = typeof v === 'string' && /^\d+$/.test(v) ? Number(v) : v
  if (typeof n !== 'number' || !Number.isInteger(n) || n < min || n > max) {
    r.error(path, rule, `must be an integer ${min}-${max}`)
    return undefined
  }
  return n
}

function vlanValue(r: SchemaReader, v: unknown, path: ConfigPath, idOnly = false): string | undefined {
  const s = r.string(v, path, { integers: true, nonEmpty: true })
  if (s === undefined) return undefined
  const problem = vlanProblem(s) ?? (idOnly && !/^\d+$/.test(s) && !s.startsWith('{{') ? 'a port VLAN must be a VLAN ID (1-4094) or a site variable' : undefined)
  if (problem !== undefined) {
    r.error(path, 'vlan', `VLAN "${s}": ${problem}`)
    return undefined
  }
  return s
}

function attributeRows(r: SchemaReader, m: Mapping, path: ConfigPath, vendorSpecific: boolean, dict: () => Dictionary): AttributeRow[] | undefined {
  const rows: AttributeRow[] = []
  let ok = true
  const items = r.list(m.attributes, [...path, 'attributes'])
  if (Array.isArray(m.attributes) && items.length === 0) r.error([...path, 'attributes'], 'non-empty', 'at least one attribute is needed')
  items.forEach((item, i) => {
    const p = [...path, 'attributes', i]
    const before = r.errors.length
    const row = r.mapping(item, p, vendorSpecific ? ['vendor', 'name', 'value'] : ['name', 'value'], ['name', 'value'])
    if (row === undefined) return (ok = false)
    const name = r.string(row.name, [...p, 'name'], { nonEmpty: true })
    const value = r.string(row.value, [...p, 'value'], { integers: true })
    const vendor = r.string(row.vendor, [...p, 'vendor'], { nonEmpty: true })
    if (name === undefined || value === undefined) return (ok = false)
    const def = dict().attribute(name)
    const owner = def === undefined ? undefined : dict().vendorById(def.vendor)?.name
    if (def === undefined) r.error([...p, 'name'], 'attribute-name', `"${name}" is not in the RADIUS dictionary`)
    else if ((def.vendor !== 0) !== vendorSpecific) {
      r.error([...p, 'name'], 'attribute-name', `"${name}" is not ${vendorSpecific ? 'a vendor-specific' : 'a standard'} attribute`)
    } else if (MANAGED.has(def.name) || def.encrypt !== 0 || def.virtual || def.internal) {
      r.error([...p, 'name'], 'attribute-name', `"${name}" is set by the server itself (use the matching label type)`)
    } else if (vendor !== undefined && owner?.toLowerCase() !== vendor.toLowerCase()) {
      r.error([...p, 'vendor'], 'attribute-name', `"${name}" belongs to vendor ${owner ?? def.vendor}, not ${vendor}`)
    } else if (!value.includes('{{')) {
      // A value with a site variable is checked when resolved (the reply leaves it out if bad).
      try {
        encodeAttributes(dict(), [{ name: def.name, value }])
      } catch (err) {
        r.error([...p, 'value'], 'attribute-value', `value for ${def.name}: ${(err as Error).message}`)
      }
    }
    if (def === undefined || r.errors.length > before) return (ok = false)
    rows.push({ name: def.name, value })
    return true
  })
  return ok ? rows : undefined
}

function egressVlans(r: SchemaReader, m: Mapping, path: ConfigPath): EgressVlan[] | undefined {
  const out: EgressVlan[] = []
  let ok = true
  const items = r.list(m.vlans, [...path, 'vlans'])
  if (Array.isArray(m.vlans) && items.length === 0) r.error([...path, 'vlans'], 'non-empty', 'at least one VLAN is needed')
  items.forEach((item, i) => {
    const p = [...path, 'vlans', i]
    const e = r.mapping(item, p, ['vlan', 'tagged'], ['vlan', 'tagged'])
    if (e === undefined) return (ok = false)
    const vlan = vlanValue(r, e.vlan, [...p, 'vlan'])
    const tagged = r.boolean(e.tagged, [...p, 'tagged'])
    if (vlan === undefined || tagged === undefined) return (ok = false)
    out.push({ vlan, tagged })
    return true
  })
  return ok ? out : undefined
}

function oneOf<T extends string>(r: SchemaReader, v: unknown, path: ConfigPath, allowed: readonly T[], rule: 'certificate-field' | 'certificate-scope' | 'mdm-state' | 'user-name-source'): T | undefined {
  const s = r.string(v, path, { nonEmpty: true })
  if (s === undefined) return undefined
  if (!(allowed as readonly string[]).includes(s)) {
    r.error(path, rule, `"${s}" is not one of ${allowed.join(', ')}`)
    return undefined
  }
  return s as T
}

function labelBody(r: SchemaReader, m: Mapping, path: ConfigPath, name: string, type: LabelType, dict: () => Dictionary): LabelConfig | undefined {
  const keys = LABEL_KEYS[type]
  if (r.mapping(m, path, keys, keys.filter((k) => !OPTIONAL.has(k))) === undefined) return undefined
  const at = (k: string): ConfigPath => [...path, k]
  switch (type) {
    case 'client-list': {
      const out: string[] = []
      let ok = true
      r.list(m.values, at('values')).forEach((item, i) => {
        const s = r.string(item, [...path, 'values', i], { nonEmpty: true })
        const canonical = s === undefined ? undefined : canonicalMacPattern(s)
        if (s !== undefined && canonical === undefined) {
          r.error([...path, 'values', i], 'mac-pattern', `"${s}" is not a MAC or a MAC prefix ending in "*" (e.g. 11-22-AA*)`)
        }
        if (canonical === undefined) ok = false
        else out.push(canonical)
      })
      if (m.values !== undefined && m.values !== null && out.length === 0 && ok) r.error(at('values'), 'non-empty', 'a client list needs at least one value')
      return ok ? { name, type, values: out } : undefined
    }
    case 'client-label':
      return { name, type, values: values(r, m, 'values', path, 'a client label') }
    case 'certificate-attribute': {
      const field = oneOf(r, m.field, at('field'), Object.values(CertificateField), 'certificate-field')
      const v = values(r, m, 'values', path, 'a certificate attribute')
      const scope = m.scope === undefined ? undefined : oneOf(r, m.scope, at('scope'), Object.values(CertificateScope), 'certificate-scope')
      if (m.scope !== undefined && scope === undefined) return undefined
      return field === undefined ? undefined : { name, type, field, values: v, ...(scope === undefined ? {} : { scope }) }
    }
    case 'ssid': {
      const v = values(r, m, 'values', path, 'an SSID label')
      let ok = true
      v.forEach((s, i) => {
        if (Buffer.byteLength(s, 'utf8') > 32) {
          r.error([...path, 'values', i], 'ssid', `SSID "${s}" is longer than 32 octets`)
          ok = false
        }
      })
      return ok ? { name, type, values: v } : undefined
    }
    case 'directory-attribute':
      return { name, type, groups: values(r, m, 'groups', path, 'a directory attribute') }
    case 'mdm-compliance': {
      const out: MdmCompliance[] = []
      let ok = true
      const list = typeof m.values === 'string' ? [m.values] : m.values
      r.list(list, at('values')).forEach((item, i) => {
        const s = oneOf(r, item, [...path, 'values', i], Object.values(MdmCompliance), 'mdm-state')
        if (s === undefined) ok = false
        else out.push(s)
      })
      if (ok && out.length === 0 && m.values !== undefined && m.values !== null) r.error(at('values'), 'non-empty', 'an MDM compliance label needs a state')
      return ok ? { name, type, values: out } : undefined
    }
    case 'realm': {
      const v = values(r, m, 'values', path, 'a realm label')
      const bad = v.findIndex((s) => !REALM.test(s))
      if (bad >= 0) r.error([...path, 'values', bad], 'realm', `"${v[bad]}" is not a domain name`)
      return bad >= 0 ? undefined : { name, type, values: v.map((s) => s.replace(/^@/, '').toLowerCase()) }
    }
    case 'user-name':
      return { name, type, values: values(r, m, 'values', path, 'a user name label') }
    case 'nas-ip': {
      const v = values(r, m, 'values', path, 'a NAS IP label')
      let ok = true
      v.forEach((s, i) => {
        const parsed = parseCidr(s.trim())
        if (!parsed.ok) {
          r.error([...path, 'values', i], 'nas-ip', `"${s}" is not an address or prefix: ${parsed.problem}`)
          ok = false
        }
      })
      return ok ? { name, type, values: v.map((s) => s.trim()) } : undefined
    }
    case 'vlan': {
      const v = vlanValue(r, m.vlan, at('vlan'))
      const allow = r.boolean(m.allowEndpointOverride, at('allowEndpointOverride')) ?? false
      return v === undefined ? undefined : { name, type, vlan: v, allowEndpointOverride: allow }
    }
    case 'role': {
      const role = r.string(m.role, at('role'), { nonEmpty: true })
      // §2.8 [G]: the seed shows no role-override flag; the endpoint role overrides unless this is false.
      const allow = r.boolean(m.allowEndpointOverride, at('allowEndpointOverride')) ?? true
      return role === undefined ? undefined : { name, type, role, allowEndpointOverride: allow }
    }
    case 'gbp-tag': {
      const tag = integerIn(r, m.tag, at('tag'), 1, 65535, 'gbp-tag')
      return tag === undefined ? undefined : { name, type, tag }
    }
    case 'session-timeout': {
      const seconds = integerIn(r, m.seconds, at('seconds'), SESSION_TIMEOUT_MIN, SESSION_TIMEOUT_MAX, 'session-timeout')
      return seconds === undefined ? undefined : { name, type, seconds }
    }
    case 'vendor-attribute':
    case 'standard-attribute': {
      const rows = attributeRows(r, m, path, type === 'vendor-attribute', dict)
      return rows === undefined ? undefined : { name, type, attributes: rows }
    }
    case 'egress-vlan': {
      const vlans = egressVlans(r, m, path)
      return vlans === undefined ? undefined : { name, type, vlans }
    }
    case 'returned-user-name': {
      const source = oneOf(r, m.source, at('source'), Object.values(UserNameSource), 'user-name-source')
      const allow = r.boolean(m.allowEndpointOverride, at('allowEndpointOverride')) ?? false
      return source === undefined ? undefined : { name, type, source, allowEndpointOverride: allow }
    }
    case 'port-vlan': {
      const v = vlanValue(r, m.vlan, at('vlan'), true)
      return v === undefined ? undefined : { name, type, vlan: v }
    }
  }
}

/** Validate the `labels` list. The dictionary is read only when a custom-attribute label needs it. */
export function validateLabels(r: SchemaReader, v: unknown, dictionary: () => Dictionary = loadDictionary): LabelsResult {
  const list: LabelConfig[] = []
  const types = new Map<string, string>()
  r.list(v, ['labels']).forEach((item, i) => {
    const path = ['labels', i]
    if (typeof item !== 'object' || item === null || Array.isArray(item)) {
      r.mapping(item, path, [])
      return
    }
    const m = item as Mapping
    const name = r.string(m.name, [...path, 'name'], { nonEmpty: true })
    const type = r.string(m.type, [...path, 'type'], { nonEmpty: true })
    if (m.name === undefined || m.name === null) r.error(path, 'required', 'missing required key "name"')
    if (m.type === undefined || m.type === null) r.error(path, 'required', 'missing required key "type"')
    let nameOk = name !== undefined
    if (name !== undefined && !LABEL_NAME.test(name)) {
      r.error([...path, 'name'], 'label-name', `label name "${name}" must be 1-32 printable characters without leading or trailing spaces`)
      nameOk = false
    } else if (name !== undefined && isBuiltinToken(name)) {
      r.error([...path, 'name'], 'label-reserved', `label name "${name}" is a built-in match token`)
      nameOk = false
    } else if (name !== undefined && types.has(name)) {
      r.error([...path, 'name'], 'label-unique', `label "${name}" is defined twice`)
      nameOk = false
    }
    if (type !== undefined && !LABEL_TYPES.includes(type)) {
      r.error([...path, 'type'], 'label-type', `unknown label type "${type}" (expected ${LABEL_TYPES.join(', ')})`)
      return
    }
    if (name === undefined || type === undefined) return
    if (nameOk) types.set(name, type)
    const built = labelBody(r, m, path, name, type as LabelType, dictionary)
    if (built !== undefined && nameOk) list.push(built)
  })
  return { list, types }
}
