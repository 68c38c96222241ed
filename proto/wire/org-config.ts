// The org config document as stored in KV bucket `config` (key org.<org>) and endpoints as stored
// in bucket `endpoints`: the shape every node watches into memory. Validation lives in ops/config.

/** A RADIUS/UDP client (RFC 2865 §3): a NAS or edge proxy known by source address and secret. */
export interface RadiusClientConfig {
  name: string
  /** IPv4 or IPv6 CIDR (a bare address is a /32 or /128). */
  cidr: string
  /** Shared secret, sealed (ops/secrets) when stored in KV; plain in YAML. */
  secret: string
  site: string | undefined
  /** NAS vendor, chooses the attribute dialect. */
  vendor: string | undefined
}

export interface SiteConfig {
  id: string
  name: string | undefined
}

export const LabelType = {
  /** MACs and OUI wildcards (`11-22-AA*`), any usual spelling; stored canonical. */
  clientList: 'client-list',
  /** Endpoint client labels (endpoints database). */
  clientLabel: 'client-label',
  /** AAA attribute: VLAN (ID 1-4094 or name). */
  vlan: 'vlan',
  /** AAA attribute: role. */
  role: 'role',
} as const
export type LabelType = (typeof LabelType)[keyof typeof LabelType]

export type LabelConfig =
  | { name: string; type: 'client-list'; values: string[] }
  | { name: string; type: 'client-label'; values: string[] }
  | { name: string; type: 'vlan'; vlan: string; allowEndpointOverride: boolean }
  | { name: string; type: 'role'; role: string }

/** Built-in match tokens (requirements §1.10). */
export const AuthType = {
  MAB: 'MAB',
  EAP_TLS: 'EAP-TLS',
  EAP_TTLS: 'EAP-TTLS',
  PEAP_TLS: 'PEAP-TLS',
  TEAP: 'TEAP',
} as const
export type AuthType = (typeof AuthType)[keyof typeof AuthType]

export const PortType = { wired: 'Wired', wireless: 'Wireless' } as const

export interface RuleConfig {
  name: string | undefined
  /** Label names and built-in tokens (auth types, port types); all must match. Empty: all users. */
  match: string[]
  action: 'allow' | 'block'
  /** AAA attribute labels applied when an allow rule matches. */
  assign: string[]
}

export interface OrgConfig {
  /** Schema version of this document. */
  v: 1
  org: string
  name: string | undefined
  /** PEM of the org's device CA: NAS certificates for RadSec chain to it. */
  deviceCa: string
  sites: SiteConfig[]
  radiusClients: RadiusClientConfig[]
  labels: LabelConfig[]
  /** Ordered, first match wins, implicit last rule denies (requirements §2.2). */
  rules: RuleConfig[]
}

export interface EndpointConfig {
  /** Canonical MAC: 12 lower-case hex digits. */
  mac: string
  name: string | undefined
  role: string | undefined
  vlan: string | undefined
  labels: string[]
  description: string | undefined
}
