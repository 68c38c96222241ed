// Editing the ordered rule list as a whole (requirements §2.1): a new rule "appears at the top of
// the rules, numbered. 1." (L7467), and "Save"/"Cancel" commit the whole rule list (L4654), so
// the list is replaced as one value inside the org document, never edited in place.
import type { OrgConfig, RuleConfig } from '../../proto/wire/org-config.js'

/** A new list with `rule` first (rule 1) and the others after it, in order. */
export function insertRule(rules: readonly RuleConfig[], rule: RuleConfig): RuleConfig[] {
  return [rule, ...rules]
}

/** The org document with its rule list replaced as a whole. */
export function replaceRules(org: OrgConfig, rules: readonly RuleConfig[]): OrgConfig {
  return { ...org, rules: [...rules] }
}
