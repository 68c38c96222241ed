// Validation of one org's config document (YAML already parsed) into the OrgConfig and endpoints
// every node watches (proto/wire/org-config.ts). Every problem is reported, each with file, path
// and rule id; requirements quoted are from shared/requirements/auth-policy-edge-monitoring.md.
import { canonicalMac } from '../../proto/wire/mac.js'
import type { EndpointConfig, OrgConfig, RadiusClientConfig, SiteConfig } from '../../proto/wire/org-config.js'
import { TOKEN_RE } from '../../proto/wire/subjects.js'
import { parseCidr } from './cidr.js'
import type { ConfigError, ConfigPath } from './config-error.js'
import { SchemaReader, type LineOf } from './schema-reader.js'
import { validateLabels } from './validate-labels.js'
import { validateRules, validateSiteVariables } from './validate-rules.js'
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

const TOP_KEYS = ['org', 'name', 'deviceCa', 'sites', 'radiusClients', 'labels', 'rules', 'endpoints', 'pki', 'localUsers', 'psks'] as const
const SITE_KEYS = ['id', 'name', 'variables'] as const
const CLIENT_KEYS = ['name', 'cidr', 'secret', 'site', 'vendor'] as const
const ENDPOINT_KEYS = ['mac', 'name', 'role', 'vlan', 'labels', 'description'] as const

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
    const variables = validateSiteVariables(r, m.variables, [...path, 'variables'])
    if (id === undefined) return
    if (seen.has(id)) r.error([...path, 'id'], 'site-unique', `site "${id}" is defined twice`)
    seen.add(id)
    out.push({ id, name, ...(variables === undefined ? {} : { variables }) })
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
  const labelSet = validateLabels(r, top.labels)
  const ruleList = validateRules(r, top.rules, labelSet.types, siteList === undefined ? undefined : new Set(siteList.map((s) => s.id)))
  const endpointList = endpoints(r, top.endpoints)
  if (r.errors.length > 0 || org === undefined) return { ok: false, errors: r.errors }
  return {
    ok: true,
    org: { v: 1, org, name, deviceCa: '', sites: siteList ?? [], radiusClients: clients, labels: labelSet.list, rules: ruleList },
    endpoints: endpointList,
    deviceCaFile,
  }
}
