// First-match evaluation (requirements §2.2): "Only the first matching policy rule is applied."
// (L4656). Every criterion of a rule must match (the UI's "all", L4661). The implicit last rule
// denies (L4665); "Without any authentication policies, the servers reject all attempts by
// clients to connect to the network." (L4424). Each decision counts one hit for its rule (§7.5).
import type { CompiledPolicy, CompiledRule } from './compile-policy.js'
import type { PolicyInput } from './policy-input.js'
import { LAST_RULE_KEY } from './rule-hits.js'

export interface PolicyDecision {
  allowed: boolean
  /** The matched rule, or undefined when the implicit last rule denied. */
  rule: CompiledRule | undefined
  /** What authorization needs of the request: its input and its site's variables (§2.9). */
  context?: { input: PolicyInput; variables: Readonly<Record<string, string>> | undefined }
}

export function evaluatePolicy(policy: CompiledPolicy | undefined, input: PolicyInput): PolicyDecision {
  if (policy === undefined) return { allowed: false, rule: undefined }
  for (const rule of policy.rules) {
    if (rule.criteria.every((c) => c(input))) {
      policy.counter.record(rule.key)
      const variables = input.site === undefined ? undefined : policy.siteVariables.get(input.site)
      return { allowed: rule.action === 'allow', rule, context: { input, variables } }
    }
  }
  policy.counter.record(LAST_RULE_KEY)
  return { allowed: false, rule: undefined }
}
