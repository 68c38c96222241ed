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

/**
 * A NAS an admin registers (AP, switch, edge): what the gateway knows of a RadSec NAS beyond its
 * certificate. The certificate names org, site and NAS id (O, OU, CN: proto/wire/nas-identity.ts);
 * the registration adds the vendor, which picks the reply dialect (requirements §2.7, L7370), as
 * RadiusClientConfig.vendor does for RADIUS/UDP clients. A NAS that is not registered gets IETF.
 */
export interface NasDeviceConfig {
  /** The NAS id: CN of its RadSec certificate, a token (unique in the org). */
  name: string
  /** The site of its certificate (OU). */
  site: string
  /** NAS vendor, chooses the attribute dialect. */
  vendor: string | undefined
  /** Its own MAC (canonical), for events and inventory. */
  mac: string | undefined
  description: string | undefined
}

export interface SiteConfig {
  id: string
  name: string | undefined
  /**
   * Site variables (requirements §2.9, L4579-L4609): name -> value, used as `{{name}}` in label
   * values. A value is a scalar ("100"), a list ("200,222") or a range ("20-30") (§8, L4596-L4598).
   */
  variables?: Readonly<Record<string, string>>
}

export const LabelType = {
  // Match labels (requirements §2.5, Table 9 L3963-L3972).
  /** MACs and OUI wildcards (`11-22-AA*`), any usual spelling; stored canonical. */
  clientList: 'client-list',
  /** Endpoint client labels (endpoints database); any of the values (§9.11 decided: any). */
  clientLabel: 'client-label',
  /** Certificate field (CN, subject, serial, issuer, SAN by type) against values with `*`. */
  certificateAttribute: 'certificate-attribute',
  /** SSID from Called-Station-Id `BSSID:SSID`; comma-separated in the seed, a list here. */
  ssid: 'ssid',
  /** Directory group membership (IdP). */
  directoryAttribute: 'directory-attribute',
  /** MDM compliance: compliant, non-compliant, unknown. */
  mdmCompliance: 'mdm-compliance',
  // AAA attribute sub-options (§2.6, L3948-L3958). Matched: realm, user name, NAS IP, role.
  /** AAA: realm, the User-Name suffix after '@' (case-insensitive). */
  realm: 'realm',
  /** AAA: User-Name, case-insensitive, `*` wildcard. */
  userName: 'user-name',
  /** AAA: NAS-IP-Address in one of the addresses or prefixes. */
  nasIp: 'nas-ip',
  // AAA attribute sub-options assigned by allow rules.
  /** AAA: VLAN (ID 1-4094 or name, or `{{site variable}}`). */
  vlan: 'vlan',
  /** AAA: role (assigned; matchable against the request's roles, e.g. a PSK's role). */
  role: 'role',
  /** AAA: group-based policy tag (SGT), 1-65535. */
  gbpTag: 'gbp-tag',
  /** AAA: Session-Timeout, 3600-604800 s (L3948). */
  sessionTimeout: 'session-timeout',
  /** AAA: custom vendor-specific attributes (dictionary name + value). */
  vendorAttribute: 'vendor-attribute',
  /** AAA: custom standard (IETF) attributes, e.g. Idle-Timeout=600. */
  standardAttribute: 'standard-attribute',
  /** AAA: dynamic wired port configuration, Egress-VLAN-Name / Egress-VLANID (RFC 4675). */
  egressVlan: 'egress-vlan',
  /** AAA: returned user name (User-Name in the Access-Accept). */
  returnedUserName: 'returned-user-name',
  /** AAA: configured port VLAN ID, the port's untagged VLAN (Egress-VLANID, RFC 4675 §2.1). */
  portVlan: 'port-vlan',
} as const
export type LabelType = (typeof LabelType)[keyof typeof LabelType]

/** Certificate fields a certificate-attribute label compares (§2.5 L3963; SAN types from L3958). */
export const CertificateField = {
  cn: 'cn', subject: 'subject', serial: 'serial', issuer: 'issuer',
  sanUpn: 'san-upn', sanEmail: 'san-email', sanDns: 'san-dns', sanUri: 'san-uri',
} as const
export type CertificateField = (typeof CertificateField)[keyof typeof CertificateField]

/** MDM compliance states (§2.5 L3971). */
export const MdmCompliance = { compliant: 'compliant', nonCompliant: 'non-compliant', unknown: 'unknown' } as const
export type MdmCompliance = (typeof MdmCompliance)[keyof typeof MdmCompliance]

/** Sources of the returned user name (§2.6 L3958). */
export const UserNameSource = {
  automatic: 'automatic', certCn: 'cert-cn', sanUpn: 'san-upn', sanEmail: 'san-email', sanDns: 'san-dns',
} as const
export type UserNameSource = (typeof UserNameSource)[keyof typeof UserNameSource]

/** One custom attribute row ("Add Attribute", L7434): a dictionary name and its value as text. */
export interface AttributeRow {
  name: string
  value: string
}

/** One Dynamic Wired Port Configuration value: a VLAN (name, ID or `{{var}}`) and its tagging. */
export interface EgressVlan {
  vlan: string
  tagged: boolean
}

/** Which TEAP certificate a certificate-attribute label reads; other methods have one certificate. */
export const CertificateScope = { user: 'user', machine: 'machine' } as const
export type CertificateScope = (typeof CertificateScope)[keyof typeof CertificateScope]

export type LabelConfig =
  | { name: string; type: 'client-list'; values: string[] }
  | { name: string; type: 'client-label'; values: string[] }
  /** scope: whose certificate under TEAP (requirements §1.4 [G]: the user's unless "machine"). */
  | { name: string; type: 'certificate-attribute'; field: CertificateField; values: string[]; scope?: CertificateScope | undefined }
  | { name: string; type: 'ssid'; values: string[] }
  | { name: string; type: 'directory-attribute'; groups: string[] }
  | { name: string; type: 'mdm-compliance'; values: MdmCompliance[] }
  | { name: string; type: 'realm'; values: string[] }
  | { name: string; type: 'user-name'; values: string[] }
  | { name: string; type: 'nas-ip'; values: string[] }
  | { name: string; type: 'vlan'; vlan: string; allowEndpointOverride: boolean }
  /** allowEndpointOverride: the seed shows no flag (§2.8 [G]); absent means true. */
  | { name: string; type: 'role'; role: string; allowEndpointOverride?: boolean }
  | { name: string; type: 'gbp-tag'; tag: number }
  | { name: string; type: 'session-timeout'; seconds: number }
  | { name: string; type: 'vendor-attribute'; attributes: AttributeRow[] }
  | { name: string; type: 'standard-attribute'; attributes: AttributeRow[] }
  | { name: string; type: 'egress-vlan'; vlans: EgressVlan[] }
  | { name: string; type: 'returned-user-name'; source: UserNameSource; allowEndpointOverride: boolean }
  | { name: string; type: 'port-vlan'; vlan: string }

/** Label types usable in a rule's match (§2.4: all but the assigned-only AAA options). */
export const MATCH_LABEL_TYPES: ReadonlySet<LabelType> = new Set<LabelType>([
  'client-list', 'client-label', 'certificate-attribute', 'ssid', 'directory-attribute', 'mdm-compliance',
  'realm', 'user-name', 'nas-ip', 'role',
])
/** Label types an allow rule assigns (§2.4: "only AAA Attribute is 'Match criteria and policy permit action'"). */
export const ASSIGN_LABEL_TYPES: ReadonlySet<LabelType> = new Set<LabelType>([
  'vlan', 'role', 'gbp-tag', 'session-timeout', 'vendor-attribute', 'standard-attribute', 'egress-vlan',
  'returned-user-name', 'port-vlan',
])

/** Built-in match tokens (requirements §1.10). */
export const AuthType = {
  MAB: 'MAB',
  EAP_TLS: 'EAP-TLS',
  EAP_TTLS: 'EAP-TTLS',
  PEAP_TLS: 'PEAP-TLS',
  TEAP: 'TEAP',
  /** RADIUS PSK lookup / multi-PSK (§1.10: NAC Clients "Auth Type" = "PSK", L7825-L7831). */
  PSK: 'PSK',
} as const
export type AuthType = (typeof AuthType)[keyof typeof AuthType]

export const PortType = { wired: 'Wired', wireless: 'Wireless' } as const

export interface RuleConfig {
  /** Stable id (survives reorders: hit counts and events refer to it, §7.5); optional in YAML. */
  id?: string
  name: string | undefined
  /**
   * Label names and built-in tokens (auth types, Wired/Wireless, "All Users", `site:<id>`,
   * `nas-vendor:<vendor>`); all must match. Empty: all users.
   */
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
  /** RadSec NAS devices registered by an admin; absent: none (every RadSec NAS gets IETF). */
  nasDevices?: NasDeviceConfig[] | undefined
  labels: LabelConfig[]
  /** Ordered, first match wins, implicit last rule denies (requirements §2.2). */
  rules: RuleConfig[]
  /** The org's EAP PKI (requirements §3); absent: the org serves no EAP. */
  pki?: OrgPkiConfig | undefined
  /** Pre-shared keys and PSK WLANs (requirements §1.7); absent: no RADIUS PSK service. */
  psks?: OrgPskConfig | undefined
  /** Local users of EAP-TTLS/PAP (requirements §1.3), checked by the local-users identity provider. */
  localUsers?: LocalUserConfig[] | undefined
  /** The org's DNS domain: its default EAP server certificate is auth.<domain> (else auth.<org>.example). */
  domain?: string | undefined
}

/** A local user: name and `scrypt$N$r$p$salt$hash` (written by `nac user hash`). */
export interface LocalUserConfig {
  name: string
  passwordHash: string
}

/**
 * One pre-shared key (requirements §1.7, L4187: "Key Name, SSID, VLAN ID, Passphrase, Expiration
 * date, Role, and Usage as Registered MAC Addresses"). The passphrase is sealed (ops/secrets) in KV.
 */
export interface PskConfig {
  name: string
  /** The SSID the key is valid on; undefined: every PSK WLAN of the org. */
  ssid: string | undefined
  /** VLAN ID 1-4094 or name; undefined: the rule's VLAN, else none. */
  vlan: string | undefined
  /** 8-63 printable ASCII characters, or the 64-hex-digit PSK (IEEE 802.11-2020 J.4.1). */
  passphrase: string
  /** Epoch ms from which the key is refused; undefined: never expires. */
  expiresAt: number | undefined
  /** Role for the policy (PolicyInput.roles) and the reply. */
  role: string | undefined
  /**
   * multi: any station may use the key (a WPA2 multi-PSK candidate); single: only the registered
   * MACs/OUIs may (one device or one device family). WPA3-SAE keys always need registered MACs.
   */
  usage: PskUsage
  /** Registered MACs and prefixes, canonical (12 lower-case hex, or a hex prefix and '*'). */
  macs: string[]
}

export const PskUsage = { single: 'single', multi: 'multi' } as const
export type PskUsage = (typeof PskUsage)[keyof typeof PskUsage]

/** WLAN security of a PSK WLAN (§1.7 L4028, "WPA3 and Personal (SAE)"; L4131 transition mode). */
export const PskSecurity = { wpa2: 'wpa2', wpa3: 'wpa3', wpa3Transition: 'wpa3-transition' } as const
export type PskSecurity = (typeof PskSecurity)[keyof typeof PskSecurity]

/** A PSK WLAN's defaults (§1.7 L4030-L4032: "Default PSK and Default VLAN ID"). */
export interface PskWlanConfig {
  ssid: string
  security: PskSecurity
  /** For stations with no registered key; sealed in KV. undefined: unknown stations are refused. */
  defaultPsk: string | undefined
  /** The default PSK's VLAN; undefined means DEFAULT_PSK_VLAN. */
  defaultVlan: string | undefined
}

/** "If no VLAN is specified, unregistered clients are automatically assigned to VLAN 999" (§8, L4032). */
export const DEFAULT_PSK_VLAN = '999'

export interface OrgPskConfig {
  keys: PskConfig[]
  wlans: PskWlanConfig[]
}

/**
 * The org's EAP PKI (requirements §3.1-3.3): trusted client CAs, and the EAP server certificate
 * (the org's private CA's default one, or a custom one). keyPem is sealed (ops/secrets) in KV.
 */
export interface OrgPkiConfig {
  /** PEM CA certificates, roots and intermediates: client certificates must chain to one. */
  trustedCas: string[]
  server: { chainPem: string; keyPem: string } | undefined
  /**
   * The org's private EAP server CA (requirements §3.2), made on demand by the admin API to issue
   * the default server certificate. keyPem is sealed in KV and stays sealed on the nodes: only
   * the API opens it, to issue.
   */
  serverCa?: { certPem: string; keyPem: string } | undefined
  /** Client-certificate revocation (issue 4 scope 3); absent: DEFAULT_REVOCATION. */
  revocation?: RevocationConfig | undefined
}

/**
 * Revocation checks of client certificates: CRLs from the certificate's distribution points
 * (plus configured URLs), OCSP from its AIA; an unknown status is allowed (soft-fail, counted)
 * or refused (hard-fail), per org.
 */
export interface RevocationConfig {
  crl: boolean
  crlUrls: string[]
  ocsp: 'off' | 'soft-fail' | 'hard-fail'
  ocspTimeoutMs: number
}

export const DEFAULT_REVOCATION: RevocationConfig = { crl: true, crlUrls: [], ocsp: 'soft-fail', ocspTimeoutMs: 2000 }

export interface EndpointConfig {
  /** Canonical MAC: 12 lower-case hex digits. */
  mac: string
  name: string | undefined
  role: string | undefined
  vlan: string | undefined
  labels: string[]
  description: string | undefined
}
