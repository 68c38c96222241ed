// Resolves what an allow decision grants: VLAN and role from the rule's AAA labels, with the
// endpoint's own VLAN honoured only where the label allows an override (requirements §2.8, §4.1).
import type { EndpointConfig } from '../../proto/wire/org-config.js'
import type { PolicyDecision } from './evaluate-policy.js'

export interface Authorization {
  vlan: string | undefined
  role: string | undefined
}

export function resolveAuthorization(decision: PolicyDecision, endpoint: EndpointConfig | undefined): Authorization {
  let vlan: string | undefined
  let role: string | undefined
  let vlanOverride = false
  for (const label of decision.rule?.assign ?? []) {
    // Two VLAN labels on one rule: the first listed wins (documented in README, Policy).
    if (label.type === 'vlan' && vlan === undefined) {
      vlan = label.vlan
      vlanOverride = label.allowEndpointOverride
    } else if (label.type === 'role' && role === undefined) {
      role = label.role
    }
  }
  if (vlanOverride && endpoint?.vlan !== undefined) vlan = endpoint.vlan
  // "Specify a value only if it is necessary to override role assignment during authentication
  // on a per-endpoint basis." (requirements §4.1, L6974)
  if (endpoint?.role !== undefined) role = endpoint.role
  return { vlan, role }
}
