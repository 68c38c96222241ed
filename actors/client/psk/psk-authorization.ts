// The policy's part in a PSK answer (requirements §1.7, §2): the key's role is policy input
// (PolicyInput.roles, matched by role labels) and the key name is the returned user name
// (L7826-L7831: "User" = key name, "Role" = key role). Decided: the PSK store answers (§1.7 [I]:
// "PSK lookups are answered from the PSK store, not through auth-policy rules"), so the implicit
// last rule does not refuse a PSK; an explicit block rule does, and an allow rule adds its
// attributes, the key's own VLAN and role taking precedence over the rule's.
import type { EndpointConfig } from '../../../proto/wire/org-config.js'
import { evaluatePolicy, resolveAuthorization, type Authorization, type CompiledPolicy, type PolicyInput } from '../../policy/index.js'

export interface PskGrant {
  name: string | undefined
  vlan: string | undefined
  role: string | undefined
}

export type PskAuthorization =
  | { allowed: true; auth: Authorization; rule: string | undefined }
  | { allowed: false; reason: 'BLOCKED_BY_RULE' | 'UNRESOLVED_POLICY'; rule: string | undefined }

export function pskAuthorization(policy: CompiledPolicy | undefined, endpoint: EndpointConfig | undefined, input: PolicyInput, grant: PskGrant): PskAuthorization {
  const decision = evaluatePolicy(policy, { ...input, roles: grant.role === undefined ? [] : [grant.role] })
  const rule = decision.rule?.name
  if (decision.rule !== undefined && !decision.allowed) return { allowed: false, reason: 'BLOCKED_BY_RULE', rule }
  const ruled: Authorization = decision.allowed ? resolveAuthorization(decision, endpoint) : { vlan: undefined, role: undefined }
  if ((ruled.problems ?? []).length > 0) return { allowed: false, reason: 'UNRESOLVED_POLICY', rule }
  const { problems: _none, ...rest } = ruled
  const auth: Authorization = { ...rest, vlan: grant.vlan ?? ruled.vlan, role: grant.role ?? ruled.role }
  if (grant.name !== undefined) auth.userName = grant.name
  return { allowed: true, auth, rule }
}
