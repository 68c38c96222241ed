// What the policy sees of one authentication (requirements §2.3, match-criteria sources). The
// first four fields are what MAB needs; every other field is optional and filled by the client
// actor when the method knows it: a missing field never matches a label that needs it.
import type { AuthType, MdmCompliance } from '../../proto/wire/org-config.js'

/** Fields of the authenticated client certificate (the leaf), as text (§2.5 L3963, §2.6 L3958). */
export interface CertificateFields {
  /** Subject CN. */
  cn?: string
  /** Subject DN as text, e.g. "CN=laptop-42,O=Example" (any consistent RFC 4514 rendering). */
  subject?: string
  /** Serial number as hex, any case, with or without ':' separators and leading zeros. */
  serial?: string
  /** Issuer DN as text. */
  issuer?: string
  sanUpn?: readonly string[]
  sanEmail?: readonly string[]
  sanDns?: readonly string[]
  sanUri?: readonly string[]
}

export interface PolicyInput {
  authType: AuthType
  portType: 'Wired' | 'Wireless' | undefined
  /** Canonical MAC from Calling-Station-Id, when the NAS sent one. */
  mac: string | undefined
  /** Client labels of the endpoint record (endpoints database). */
  clientLabels: readonly string[]
  /** The request's site (NAS certificate OU, or the RADIUS client's site): site tokens, site variables. */
  site?: string | undefined
  /** The NAS's configured vendor (RadiusClientConfig.vendor): `nas-vendor:` tokens. */
  nasVendor?: string | undefined
  /** NAS-IP-Address (for proxied requests, the original NAS's, §2.6 L3958). */
  nasIp?: string | undefined
  /** User-Name of the request (outer identity for EAP; the inner one when the method reveals it). */
  userName?: string | undefined
  /** Raw Called-Station-Id (`BSSID:SSID`, RFC 3580 §3.20); the SSID is parsed from it. */
  calledStationId?: string | undefined
  /** The SSID when already known (takes precedence over calledStationId). */
  ssid?: string | undefined
  /** The authenticated client certificate (EAP-TLS, PEAP-TLS; TEAP's user certificate). */
  certificate?: CertificateFields | undefined
  /** TEAP's machine certificate (RFC 7170 Identity-Type Machine), authenticated before the user's. */
  machineCertificate?: CertificateFields | undefined
  /** Directory groups from the IdP; undefined when no lookup ran or it failed (then no match, §2.5). */
  groups?: readonly string[] | undefined
  /** MDM compliance; undefined counts as "unknown" (device not found or lookup failed, §2.5). */
  mdmCompliance?: MdmCompliance | undefined
  /** Roles the request already carries (a PSK's role, §1.7), matched by role labels. */
  roles?: readonly string[] | undefined
}
