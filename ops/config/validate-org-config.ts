// Validation of one org's config document (YAML already parsed) into the OrgConfig and endpoints
// every node watches (proto/wire/org-config.ts). Every problem is reported, each with file, path
// and rule id; requirements quoted are from shared/requirements/auth-policy-edge-monitoring.md.
import { canonicalMac, canonicalMacPattern } from '../../proto/wire/mac.js'
import {
  AuthType, LabelType, PortType,
  type EndpointConfig, type LabelConfig, type OrgConfig, type RadiusClientConfig, type RuleConfig, type SiteConfig,
} from '../../proto/wire/org-config.js'
import { TOKEN_RE } from '../../proto/wire/subjects.js'
import { parseCidr } from './cidr.js'
import type { ConfigError, ConfigPath } from './config-error.js'
import { SchemaReader, type LineOf, type Mapping } from './schema-reader.js'
import { vlanProblem } from './vlan.js'

export type OrgConfigResult =
  | {
      ok: true
      /** deviceCa is '' here: the loader or the caller fills it (from deviceCaFile or the org PKI). */
      org: OrgConfig
      endpoints: EndpointConfig[]
      /** The optional `deviceCa` key: a PEM path relative to the YAML file, not yet read. */
      deviceCaFile: string | undefined
    }
  | { ok: false; errors: ConfigError[] }

const TOP_KEYS = ['org', 'name', 'deviceCa', 'sites', 'radiusClients', 'labels', 'rules', 'endpoints'] as const
const SITE_KEYS = ['id', 'name'] as const
const CLIENT_KEYS = ['name', 'cidr', 'secret', 'site', 'vendor'] as const
const RULE_KEYS = ['name', 'match', 'action', 'assign'] as const
const ENDPOINT_KEYS = ['mac', 'name', 'role', 'vlan', 'labels', 'description'] as const
const LABEL_KEYS: Record<LabelType, readonly string[]> = {
  'client-list': ['name', 'type', 'values'],
  'client-label': ['name', 'type', 'values'],
  vlan: ['name', 'type', 'vlan', 'allowEndpointOverride'],
  role: ['name', 'type', 'role'],
}
const LABEL_TYPES = Object.values(LabelType) as string[]

/** Built-in match tokens: auth types (requirements §1.10) and port types (§2.3). */
const BUILTIN_TOKENS: ReadonlySet<string> = new Set<string>([...Object.values(AuthType), ...Object.values(PortType)])
/** Label types usable as match criteria here (§2.5: client list and client label). */
const MATCHABLE: ReadonlySet<string> = new Set<string>([LabelType.clientList, LabelType.clientLabel])
/** AAA attribute labels: §2.4 "only AAA Attribute is 'Match criteria and policy permit action'". */
const ASSIGNABLE: ReadonlySet<string> = new Set<string>([LabelType.vlan, LabelType.role])

/** Label names: §2.4 "You can use up to 32 characters including alphanumeric characters and one
 * or more of the special characters." Printable ASCII, no leading or trailing space. */
const LABEL_NAME = /^[\x21-\x7e](?:[\x20-\x7e]{0,30}[\x21-\x7e])?$/

function token(r: SchemaReader, v: unknown, path: ConfigPath, what: string): string | undefined {
  const s = r.string(v, path, { nonEmpty: true })
  if (s !== undefined && !TOKEN_RE.test(s)) {
    r.error(path, 'token', `${what} "${s}" must be 1-64 letters, digits, "_" or "-"`)
    return undefined
  }
  return s
}

function vlan(r: SchemaReader, v: unknown, path: ConfigPath): string | undefined {
  const s = r.string(v, path, { integers: true, nonEmpty: true })
  if (s === undefined) return undefined
  const problem = vlanProblem(s)
  if (problem !== undefined) {
    r.error(path, 'vlan', `VLAN "${s}": ${problem}`)
    return undefined
  }
  return s
}

/** The sites, or undefined when `sites` is not a list (then site references are not checked). */
function sites(r: SchemaReader, v: unknown): SiteConfig[] | undefined {
  if (v !== undefined && v !== null && !Array.isArray(v)) {
    r.list(v, ['sites'])
    return undefined
  }
  const out: SiteConfig[] = []
  const seen = new Set<string>()
  r.list(v, ['sites']).forEach((item, i) => {
    const path = ['sites', i]
    const m = r.mapping(item, path, SITE_KEYS, ['id'])
    if (m === undefined) return
    const id = token(r, m.id, [...path, 'id'], 'site id')
    const name = r.string(m.name, [...path, 'name'])
    if (id === undefined) return
    if (seen.has(id)) r.error([...path, 'id'], 'site-unique', `site "${id}" is defined twice`)
    seen.add(id)
    out.push({ id, name })
  })
  return out
}

function radiusClients(r: SchemaReader, v: unknown, siteIds: ReadonlySet<string> | undefined): RadiusClientConfig[] {
  const out: RadiusClientConfig[] = []
  const ranges = new Map<string, number>()
  r.list(v, ['radiusClients']).forEach((item, i) => {
    const path = ['radiusClients', i]
    const m = r.mapping(item, path, CLIENT_KEYS, ['name', 'cidr', 'secret'])
    if (m === undefined) return
    const name = r.string(m.name, [...path, 'name'], { nonEmpty: true })
    const cidrText = r.string(m.cidr, [...path, 'cidr'], { nonEmpty: true })
    // The secret's value never appears in a message: only its path and what is wrong.
    let secret: string | undefined
    if (m.secret !== undefined && m.secret !== null) {
      if (typeof m.secret !== 'string') r.error([...path, 'secret'], 'secret', 'the shared secret must be a string (quote it)')
      else if (m.secret.length === 0) r.error([...path, 'secret'], 'secret', 'the shared secret must not be empty')
      else secret = m.secret
    }
    const site = r.string(m.site, [...path, 'site'], { nonEmpty: true })
    const vendor = r.string(m.vendor, [...path, 'vendor'], { nonEmpty: true })
    if (site !== undefined && siteIds !== undefined && !siteIds.has(site)) r.error([...path, 'site'], 'site-exists', `unknown site "${site}"`)
    let cidr: string | undefined
    if (cidrText !== undefined) {
      const parsed = parseCidr(cidrText.trim())
      if (!parsed.ok) r.error([...path, 'cidr'], 'cidr', `not a usable IPv4/IPv6 prefix: ${parsed.problem}`)
      else {
        const first = ranges.get(parsed.value.key)
        if (first !== undefined) r.error([...path, 'cidr'], 'cidr-unique', `same range as radiusClients[${first}]`)
        else ranges.set(parsed.value.key, i)
        cidr = cidrText.trim()
      }
    }
    if (name !== undefined && cidr !== undefined && secret !== undefined) out.push({ name, cidr, secret, site, vendor })
  })
  return out
}

function label(r: SchemaReader, m: Mapping, path: ConfigPath, name: string, type: LabelType): LabelConfig | undefined {
  const keys = LABEL_KEYS[type]
  const required = keys.filter((k) => k !== 'allowEndpointOverride')
  if (r.mapping(m, path, keys, required) === undefined) return undefined
  switch (type) {
    case 'client-list': {
      const values: string[] = []
      let ok = true
      r.list(m.values, [...path, 'values']).forEach((item, i) => {
        const s = r.string(item, [...path, 'values', i], { nonEmpty: true })
        const canonical = s === undefined ? undefined : canonicalMacPattern(s)
        if (s !== undefined && canonical === undefined) {
          r.error([...path, 'values', i], 'mac-pattern', `"${s}" is not a MAC or a MAC prefix ending in "*" (e.g. 11-22-AA*)`)
        }
        if (canonical === undefined) ok = false
        else values.push(canonical)
      })
      if (m.values !== undefined && m.values !== null && values.length === 0 && ok) {
        r.error([...path, 'values'], 'non-empty', 'a client list needs at least one value')
      }
      return ok ? { name, type, values } : undefined
    }
    case 'client-label': {
      const values = r.strings(m.values, [...path, 'values'])
      if (m.values !== undefined && m.values !== null && Array.isArray(m.values) && m.values.length === 0) {
        r.error([...path, 'values'], 'non-empty', 'a client label needs at least one value')
      }
      return { name, type, values }
    }
    case 'vlan': {
      const v = vlan(r, m.vlan, [...path, 'vlan'])
      const allow = r.boolean(m.allowEndpointOverride, [...path, 'allowEndpointOverride']) ?? false
      return v === undefined ? undefined : { name, type, vlan: v, allowEndpointOverride: allow }
    }
    case 'role': {
      const role = r.string(m.role, [...path, 'role'], { nonEmpty: true })
      return role === undefined ? undefined : { name, type, role }
    }
  }
}

function labels(r: SchemaReader, v: unknown): { list: LabelConfig[]; types: Map<string, string> } {
  const list: LabelConfig[] = []
  // Every well-named label's type, even when its body is broken: rules are then checked against
  // it and do not report a second, misleading "unknown label".
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
    } else if (name !== undefined && BUILTIN_TOKENS.has(name)) {
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
    const built = label(r, m, path, name, type as LabelType)
    if (built !== undefined && nameOk) list.push(built)
  })
  return { list, types }
}

function rules(r: SchemaReader, v: unknown, labelTypes: ReadonlyMap<string, string>): RuleConfig[] {
  const out: RuleConfig[] = []
  r.list(v, ['rules']).forEach((item, i) => {
    const path = ['rules', i]
    const m = r.mapping(item, path, RULE_KEYS, ['action'])
    if (m === undefined) return
    const name = r.string(m.name, [...path, 'name'], { nonEmpty: true })
    const match = r.strings(m.match, [...path, 'match'])
    match.forEach((entry, j) => {
      if (BUILTIN_TOKENS.has(entry)) return
      const type = labelTypes.get(entry)
      if (type === undefined) r.error([...path, 'match', j], 'label-exists', `unknown label "${entry}"`)
      else if (!MATCHABLE.has(type)) r.error([...path, 'match', j], 'label-matchable', `label "${entry}" of type ${type} cannot be matched on`)
    })
    const assign = r.strings(m.assign, [...path, 'assign'])
    assign.forEach((entry, j) => {
      const type = labelTypes.get(entry)
      if (type === undefined) r.error([...path, 'assign', j], 'label-exists', `unknown label "${entry}"`)
      else if (!ASSIGNABLE.has(type)) r.error([...path, 'assign', j], 'label-assignable', `label "${entry}" of type ${type} is not an AAA attribute (vlan, role)`)
    })
    const action = r.string(m.action, [...path, 'action'], { nonEmpty: true })
    if (action !== undefined && action !== 'allow' && action !== 'block') {
      r.error([...path, 'action'], 'action', `action "${action}" must be allow or block`)
      return
    }
    // §2.1 Assigned Policies: "A list of AAA Attribute labels. Applies only to Allow rules."
    if (action === 'block' && assign.length > 0) r.error([...path, 'assign'], 'assign-allow-only', 'a block rule assigns nothing')
    if (action !== undefined) out.push({ name, match, action, assign })
  })
  return out
}

function endpoints(r: SchemaReader, v: unknown): EndpointConfig[] {
  const out: EndpointConfig[] = []
  const seen = new Map<string, number>()
  r.list(v, ['endpoints']).forEach((item, i) => {
    const path = ['endpoints', i]
    const m = r.mapping(item, path, ENDPOINT_KEYS, ['mac'])
    if (m === undefined) return
    const macText = r.string(m.mac, [...path, 'mac'], { nonEmpty: true })
    // §4.3: "Reject malformed values at label or endpoint save time."
    const mac = macText === undefined ? undefined : canonicalMac(macText)
    if (macText !== undefined && mac === undefined) r.error([...path, 'mac'], 'mac', `"${macText}" is not a MAC address`)
    const name = r.string(m.name, [...path, 'name'], { nonEmpty: true })
    const role = r.string(m.role, [...path, 'role'], { nonEmpty: true })
    const vlanValue = m.vlan === undefined || m.vlan === null ? undefined : vlan(r, m.vlan, [...path, 'vlan'])
    const tags = r.strings(m.labels, [...path, 'labels'])
    const description = r.string(m.description, [...path, 'description'])
    if (mac === undefined) return
    const first = seen.get(mac)
    if (first !== undefined) {
      r.error([...path, 'mac'], 'endpoint-unique', `same MAC as endpoints[${first}]`)
      return
    }
    seen.set(mac, i)
    out.push({ mac, name, role, vlan: vlanValue, labels: tags, description })
  })
  return out
}

/**
 * Validate a parsed org document. `file` names it in errors; `lineOf` (from the YAML source)
 * adds line numbers. Returns the OrgConfig with deviceCa '' and the endpoints, or every error.
 */
export function validateOrgConfig(doc: unknown, file: string, lineOf?: LineOf): OrgConfigResult {
  const r = new SchemaReader(file, lineOf)
  const top = r.mapping(doc, [], TOP_KEYS, ['org'])
  if (top === undefined) return { ok: false, errors: r.errors }
  const org = token(r, top.org, ['org'], 'org id')
  const name = r.string(top.name, ['name'])
  const deviceCaFile = r.string(top.deviceCa, ['deviceCa'], { nonEmpty: true })
  const siteList = sites(r, top.sites)
  const clients = radiusClients(r, top.radiusClients, siteList === undefined ? undefined : new Set(siteList.map((s) => s.id)))
  const labelSet = labels(r, top.labels)
  const ruleList = rules(r, top.rules, labelSet.types)
  const endpointList = endpoints(r, top.endpoints)
  if (r.errors.length > 0 || org === undefined) return { ok: false, errors: r.errors }
  return {
    ok: true,
    org: { v: 1, org, name, deviceCa: '', sites: siteList ?? [], radiusClients: clients, labels: labelSet.list, rules: ruleList },
    endpoints: endpointList,
    deviceCaFile,
  }
}
