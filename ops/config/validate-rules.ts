// Validation of the ordered rule list (requirements §2.1-2.3): match entries are built-in tokens
// (auth types, Wired/Wireless, "All Users", `site:<id>`, `nas-vendor:<vendor>`) or match labels;
// assign entries are assignable AAA labels, and only on allow rules ("Applies only to Allow
// rules", §2.1); optional rule ids are unique (§7.5: stable across reorders).
import { KNOWN_VENDOR_NAMES } from '../../actors/policy/dialect-table.js'
import { NAS_VENDOR_PREFIX, SITE_PREFIX, isBuiltinToken } from '../../actors/policy/builtin-tokens.js'
import { ASSIGN_LABEL_TYPES, MATCH_LABEL_TYPES, type LabelType, type RuleConfig } from '../../proto/wire/org-config.js'
import { TOKEN_RE } from '../../proto/wire/subjects.js'
import type { SchemaReader } from './schema-reader.js'

const RULE_KEYS = ['id', 'name', 'match', 'action', 'assign'] as const

export function validateRules(r: SchemaReader, v: unknown, labelTypes: ReadonlyMap<string, string>, siteIds: ReadonlySet<string> | undefined): RuleConfig[] {
  const out: RuleConfig[] = []
  const ids = new Set<string>()
  r.list(v, ['rules']).forEach((item, i) => {
    const path = ['rules', i]
    const m = r.mapping(item, path, RULE_KEYS, ['action'])
    if (m === undefined) return
    const id = r.string(m.id, [...path, 'id'], { nonEmpty: true })
    if (id !== undefined && (!TOKEN_RE.test(id) || ids.has(id))) {
      r.error([...path, 'id'], 'rule-id-unique', `rule id "${id}" must be a token (letters, digits, "_", "-") used once`)
    }
    if (id !== undefined) ids.add(id)
    const name = r.string(m.name, [...path, 'name'], { nonEmpty: true })
    const match = r.strings(m.match, [...path, 'match'])
    match.forEach((entry, j) => {
      if (entry.startsWith(SITE_PREFIX)) {
        const site = entry.slice(SITE_PREFIX.length)
        if (siteIds !== undefined && !siteIds.has(site)) r.error([...path, 'match', j], 'site-exists', `unknown site "${site}"`)
        return
      }
      if (entry.startsWith(NAS_VENDOR_PREFIX)) {
        const vendor = entry.slice(NAS_VENDOR_PREFIX.length).toLowerCase()
        if (!KNOWN_VENDOR_NAMES.includes(vendor)) r.error([...path, 'match', j], 'nas-vendor', `unknown NAS vendor "${vendor}" (expected ${KNOWN_VENDOR_NAMES.join(', ')})`)
        return
      }
      if (isBuiltinToken(entry)) return
      const type = labelTypes.get(entry)
      if (type === undefined) r.error([...path, 'match', j], 'label-exists', `unknown label "${entry}"`)
      else if (!MATCH_LABEL_TYPES.has(type as LabelType)) r.error([...path, 'match', j], 'label-matchable', `label "${entry}" of type ${type} cannot be matched on`)
    })
    const assign = r.strings(m.assign, [...path, 'assign'])
    assign.forEach((entry, j) => {
      const type = labelTypes.get(entry)
      if (type === undefined) r.error([...path, 'assign', j], 'label-exists', `unknown label "${entry}"`)
      else if (!ASSIGN_LABEL_TYPES.has(type as LabelType)) r.error([...path, 'assign', j], 'label-assignable', `label "${entry}" of type ${type} is not an assignable AAA attribute`)
    })
    const action = r.string(m.action, [...path, 'action'], { nonEmpty: true })
    if (action !== undefined && action !== 'allow' && action !== 'block') {
      r.error([...path, 'action'], 'action', `action "${action}" must be allow or block`)
      return
    }
    // §2.1 Assigned Policies: "A list of AAA Attribute labels. Applies only to Allow rules."
    if (action === 'block' && assign.length > 0) r.error([...path, 'assign'], 'assign-allow-only', 'a block rule assigns nothing')
    if (action !== undefined) out.push({ ...(id === undefined ? {} : { id }), name, match, action, assign })
  })
  return out
}

/** Site variables (§2.9): `variables: { vlan0: 100, vlan1: "200,222", vlan2: "20-30" }`. */
export function validateSiteVariables(r: SchemaReader, v: unknown, path: readonly (string | number)[]): Record<string, string> | undefined {
  if (v === undefined || v === null) return undefined
  if (typeof v !== 'object' || Array.isArray(v)) {
    r.error(path, 'type', 'expected a mapping of variable name to value')
    return undefined
  }
  const out: Record<string, string> = {}
  for (const [key, value] of Object.entries(v as Record<string, unknown>)) {
    if (!/^[A-Za-z0-9_]{1,64}$/.test(key)) {
      r.error([...path, key], 'site-variable', `site variable name "${key}" must be 1-64 letters, digits or "_"`)
      continue
    }
    const s = r.string(value, [...path, key], { integers: true })
    if (s === undefined) continue
    if (s.trim() === '') r.error([...path, key], 'site-variable', `site variable "${key}" is empty`)
    else out[key] = s.trim()
  }
  return out
}
