// Compiles an org's labels and ordered rules into matchers evaluated on the hot path
// (requirements §2.1-2.2, §2.5): first match wins, all criteria of a rule must match, an implicit
// last rule denies, and no rules at all means reject.
import { AuthType, PortType, type LabelConfig, type OrgConfig, type RuleConfig } from '../../proto/wire/org-config.js'
import { canonicalMacPattern, macMatches } from '../../proto/wire/mac.js'

/** What the policy sees of one authentication. */
export interface PolicyInput {
  authType: AuthType
  portType: 'Wired' | 'Wireless' | undefined
  /** Canonical MAC from Calling-Station-Id, when the NAS sent one. */
  mac: string | undefined
  /** Client labels of the endpoint record (endpoints database). */
  clientLabels: readonly string[]
}

export type Criterion = (input: PolicyInput) => boolean

export interface CompiledRule {
  index: number
  name: string | undefined
  action: 'allow' | 'block'
  criteria: Criterion[]
  assign: LabelConfig[]
}

export interface CompiledPolicy {
  org: string
  rules: CompiledRule[]
  labels: ReadonlyMap<string, LabelConfig>
}

const AUTH_TYPES = new Set<string>(Object.values(AuthType))
const PORT_TYPES = new Set<string>(Object.values(PortType))

function criterionFor(token: string, labels: ReadonlyMap<string, LabelConfig>): Criterion {
  if (AUTH_TYPES.has(token)) return (i) => i.authType === token
  if (PORT_TYPES.has(token)) return (i) => i.portType === token
  const label = labels.get(token)
  if (label === undefined) return () => false // validation refuses this; a stale reference never matches
  switch (label.type) {
    case 'client-list': {
      const patterns = label.values.map((v) => canonicalMacPattern(v)).filter((p): p is string => p !== undefined)
      return (i) => i.mac !== undefined && patterns.some((p) => macMatches(i.mac as string, p))
    }
    case 'client-label': {
      // Any of the label's values present on the endpoint (requirements §9.11: any-vs-all is a
      // gap; "any" is what the guide's single-tag examples need and what a tag list reads as).
      const wanted = label.values
      return (i) => wanted.some((w) => i.clientLabels.includes(w))
    }
    case 'vlan':
    case 'role':
      return () => false // AAA attribute labels are assigned, not matched
  }
}

export function compilePolicy(config: OrgConfig): CompiledPolicy {
  const labels = new Map(config.labels.map((l) => [l.name, l]))
  const rules = config.rules.map((r: RuleConfig, index): CompiledRule => ({
    index,
    name: r.name,
    action: r.action,
    criteria: r.match.map((t) => criterionFor(t, labels)),
    assign: r.assign.map((n) => labels.get(n)).filter((l): l is LabelConfig => l !== undefined),
  }))
  return { org: config.org, rules, labels }
}
