// Compiles an org's labels and ordered rules into matchers evaluated on the hot path
// (requirements §2.1-2.2, §2.5): first match wins, all criteria of a rule must match, an implicit
// last rule denies, and no rules at all means reject. The rule list is part of the one org
// document, so a new list replaces the old one atomically (L4654 Save/Cancel): a node swaps the
// compiled policy in one assignment.
import type { LabelConfig, OrgConfig, RuleConfig } from '../../proto/wire/org-config.js'
import { builtinCriterion } from './builtin-tokens.js'
import { labelCriterion, type Criterion } from './match-label.js'
import { RuleHits } from './rule-hits.js'

export type { PolicyInput } from './policy-input.js'
export type { Criterion } from './match-label.js'

export interface CompiledRule {
  index: number
  /** Stable key: the rule's id, else its name, else "rule-<position>" (hit counts, events). */
  key: string
  name: string | undefined
  action: 'allow' | 'block'
  criteria: Criterion[]
  assign: LabelConfig[]
}

export interface CompiledPolicy {
  org: string
  rules: CompiledRule[]
  labels: ReadonlyMap<string, LabelConfig>
  /** Site id -> its variables (§2.9), resolved with the request's site at authorization. */
  siteVariables: ReadonlyMap<string, Readonly<Record<string, string>>>
  /** Per-rule hit counter of this node (§7.5). */
  counter: RuleHits
  /** Rule key -> hits on this node since it started counting the rule. */
  hits(): ReadonlyMap<string, number>
}

export interface CompileOptions {
  /** The policy this one replaces: hit counts of rules with the same key are kept. */
  previous?: CompiledPolicy | undefined
}

function criterionFor(token: string, labels: ReadonlyMap<string, LabelConfig>): Criterion {
  const builtin = builtinCriterion(token)
  if (builtin !== undefined) return builtin
  const label = labels.get(token)
  if (label === undefined) return () => false // validation refuses this; a stale reference never matches
  return labelCriterion(label)
}

/** The stable key of a rule at a position. */
export function ruleKey(rule: RuleConfig, index: number): string {
  return rule.id ?? rule.name ?? `rule-${index + 1}`
}

export function compilePolicy(config: OrgConfig, options: CompileOptions = {}): CompiledPolicy {
  const labels = new Map(config.labels.map((l) => [l.name, l]))
  const rules = config.rules.map((r: RuleConfig, index): CompiledRule => ({
    index,
    key: ruleKey(r, index),
    name: r.name,
    action: r.action,
    criteria: r.match.map((t) => criterionFor(t, labels)),
    // §2.1 Assigned Policies "Applies only to Allow rules": a block rule assigns nothing.
    assign: r.action === 'allow' ? r.assign.map((n) => labels.get(n)).filter((l): l is LabelConfig => l !== undefined) : [],
  }))
  const siteVariables = new Map(config.sites.map((s) => [s.id, s.variables ?? {}]))
  const counter = RuleHits.carriedOver(options.previous?.counter, rules.map((r) => r.key))
  return { org: config.org, rules, labels, siteVariables, counter, hits: () => counter.hits() }
}
