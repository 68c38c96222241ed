// First-match evaluation (requirements §2.2): "Only the first matching policy rule is applied."
// The implicit last rule denies; "Without any authentication policies, the servers reject all
// attempts by clients to connect to the network." (L4424)
import type { CompiledPolicy, CompiledRule, PolicyInput } from './compile-policy.js'

export interface PolicyDecision {
  allowed: boolean
  /** The matched rule, or undefined when the implicit last rule denied. */
  rule: CompiledRule | undefined
}

export function evaluatePolicy(policy: CompiledPolicy | undefined, input: PolicyInput): PolicyDecision {
  if (policy === undefined) return { allowed: false, rule: undefined }
  for (const rule of policy.rules) {
    if (rule.criteria.every((c) => c(input))) return { allowed: rule.action === 'allow', rule }
  }
  return { allowed: false, rule: undefined }
}
