// What an allow decision grants (requirements §2.6-2.8): the AAA attribute labels of the matched
// rule, site variables resolved with the request's site (§2.9), endpoint overrides only where
// the label allows them (§2.8, §4.1).
// Several labels setting one attribute on a rule (§2.7 [G], "IoT VLAN, Corp VLAN" L4888): the
// first listed wins for single-valued attributes (VLAN, role, GBP tag, session timeout, returned
// user name, port VLAN); Dynamic Wired Port VLANs and custom attributes accumulate in order.
import type { AttributeRow, EgressVlan, EndpointConfig, LabelConfig } from '../../proto/wire/org-config.js'
import type { PolicyDecision } from './evaluate-policy.js'
import type { CertificateFields } from './policy-input.js'
import { members, pickMember, resolveVariables } from './site-variables.js'

export interface Authorization {
  vlan: string | undefined
  role: string | undefined
  /** GBP tag / SGT (1-65535). */
  gbpTag?: number
  /** Session-Timeout seconds (3600-604800). */
  sessionTimeout?: number
  /** Dynamic Wired Port Configuration (RFC 4675), in label order. */
  egressVlans?: EgressVlan[]
  /** Configured port VLAN ID: the port's untagged VLAN (Egress-VLANID 0x32..., RFC 4675 §2.1). */
  portVlan?: number
  /** User-Name for the Access-Accept (RFC 2865 §5.1) and for records. */
  userName?: string
  /** Custom standard attributes, values resolved. */
  standard?: AttributeRow[]
  /** Custom vendor-specific attributes, values resolved. */
  vendorSpecific?: AttributeRow[]
  /**
   * Site variables that did not resolve (§2.9 [G], decided: fail closed). The attribute is left
   * out; the client actor must reject the request and emit the event when this is non-empty.
   */
  problems?: string[]
}

type Mutable = { -readonly [K in keyof Authorization]: Authorization[K] }

/** The returned user name from the certificate (§2.6 L3958); "automatic" keeps the request's. */
function userNameFrom(source: string, cert: CertificateFields | undefined, requestUser: string | undefined): string | undefined {
  switch (source) {
    case 'cert-cn': return cert?.cn
    case 'san-upn': return cert?.sanUpn?.[0]
    case 'san-email': return cert?.sanEmail?.[0]
    case 'san-dns': return cert?.sanDns?.[0]
    default: return requestUser
  }
}

export function resolveAuthorization(decision: PolicyDecision, endpoint: EndpointConfig | undefined): Authorization {
  const out: Mutable = { vlan: undefined, role: undefined }
  const input = decision.context?.input
  const vars = decision.context?.variables
  const problems: string[] = []
  const resolve = (label: LabelConfig, text: string): string | undefined => {
    const r = resolveVariables(text, vars)
    if (r.ok) return r.value
    problems.push(`label "${label.name}": site variable {{${r.missing}}} is not defined for site ${input?.site ?? '(none)'}`)
    return undefined
  }
  let vlanOverride = false
  let roleOverride = false
  let userOverride = false
  let haveVlan = false
  let haveRole = false
  let haveUser = false
  for (const label of decision.rule?.assign ?? []) {
    switch (label.type) {
      case 'vlan':
        if (haveVlan) break
        haveVlan = true
        vlanOverride = label.allowEndpointOverride
        {
          const v = resolve(label, label.vlan)
          // A list or range is a VLAN pool: one member per client, stable by MAC.
          if (v !== undefined) out.vlan = pickMember(members(v), input?.mac)
        }
        break
      case 'role':
        if (haveRole) break
        haveRole = true
        roleOverride = label.allowEndpointOverride ?? true
        out.role = resolve(label, label.role)
        break
      case 'gbp-tag':
        out.gbpTag ??= label.tag
        break
      case 'session-timeout':
        out.sessionTimeout ??= label.seconds
        break
      case 'egress-vlan':
        for (const e of label.vlans) {
          const v = resolve(label, e.vlan)
          if (v === undefined) continue
          for (const m of members(v)) (out.egressVlans ??= []).push({ vlan: m, tagged: e.tagged })
        }
        break
      case 'port-vlan':
        if (out.portVlan === undefined) {
          const v = resolve(label, label.vlan)
          const n = v === undefined ? undefined : Number(pickMember(members(v), input?.mac))
          if (n !== undefined && Number.isInteger(n) && n >= 1 && n <= 4094) out.portVlan = n
          else if (v !== undefined) problems.push(`label "${label.name}": port VLAN "${v}" is not a VLAN ID 1-4094`)
        }
        break
      case 'returned-user-name':
        if (!haveUser) {
          haveUser = true
          userOverride = label.allowEndpointOverride
          const name = userNameFrom(label.source, input?.certificate, input?.userName)
          if (name !== undefined) out.userName = name
        }
        break
      case 'standard-attribute':
      case 'vendor-attribute':
        for (const row of label.attributes) {
          const value = resolve(label, row.value)
          if (value === undefined) continue
          const list = label.type === 'standard-attribute' ? (out.standard ??= []) : (out.vendorSpecific ??= [])
          list.push({ name: row.name, value })
        }
        break
      default:
        break // match-only labels are never assigned (validation refuses them)
    }
  }
  // §2.8: "Allow Endpoint VLAN Override" (L4637); the endpoint's VLAN is "VLAN ID between 1 to
  // 4094 or VLAN name" (L6976) and may itself name a site variable.
  if (vlanOverride && endpoint?.vlan !== undefined) {
    const r = resolveVariables(endpoint.vlan, vars)
    if (r.ok) out.vlan = pickMember(members(r.value), input?.mac)
    else problems.push(`endpoint ${endpoint.mac}: site variable {{${r.missing}}} is not defined`)
  }
  // "Specify a value only if it is necessary to override role assignment during authentication
  // on a per-endpoint basis." (L6974): gated by the role label like the VLAN (§2.8 [I]).
  if (roleOverride && endpoint?.role !== undefined) out.role = endpoint.role
  // "enable Allow Endpoint User-Name Override to override the User-Name returned in the RADIUS
  // Access-Accept with the Endpoint Name." (L7008)
  if (userOverride && endpoint?.name !== undefined) out.userName = endpoint.name
  if (problems.length > 0) out.problems = problems
  return out
}
