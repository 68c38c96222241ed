// NAC events (requirements §7.2, Table 13 of the admin guide, L7950-L7958): the closed catalogue
// of types with their polarity, and the record every event carries (§7.3's proposed schema).
// Extensions the guide lacks are marked as such (§7.2 [G]).

export const Polarity = { positive: 'positive', neutral: 'neutral', negative: 'negative' } as const
export type Polarity = (typeof Polarity)[keyof typeof Polarity]

export const NacEventType = {
  ACCESS_ALLOWED: 'NAC Client Access Allowed',
  ACCESS_DENIED: 'NAC Client Access Denied',
  CERT_SUCCESS: 'NAC Client Certificate Validation Success',
  CERT_FAILURE: 'NAC Client Certificate Validation Failure',
  CERT_EXPIRED: 'NAC Client Certificate Expired',
  CERT_REVOKED: 'NAC Client Cert Revoked',
  MACHINE_CERT_SUCCESS: 'NAC Machine Certificate Validation Success',
  MACHINE_CERT_FAILURE: 'NAC Machine Certificate Validation Failure',
  MACHINE_CERT_EXPIRED: 'NAC Machine Certificate Expired',
  MACHINE_CERT_REVOKED: 'NAC Machine Certificate Revoked',
  USER_CERT_SUCCESS: 'NAC User Certificate Validation Success',
  USER_CERT_FAILURE: 'NAC User Certificate Validation Failure',
  USER_CERT_EXPIRED: 'NAC User Certificate Expired',
  USER_CERT_REVOKED: 'NAC User Certificate Revoked',
  SERVER_CERT_SUCCESS: 'NAC Server Certificate Validation Success',
  SERVER_CERT_FAILURE: 'NAC Server Certificate Validation Failure',
  IDP_AUTH_SUCCESS: 'NAC IDP Authentication Success',
  IDP_AUTH_FAILURE: 'NAC IDP Authentication Failure',
  IDP_USER_LOOKUP_SUCCESS: 'NAC IDP User Lookup Success',
  IDP_USER_LOOKUP_FAILURE: 'NAC IDP User Lookup Failure',
  IDP_GROUP_LOOKUP_SUCCESS: 'NAC IDP Group Lookup Success',
  IDP_GROUP_LOOKUP_FAILURE: 'NAC IDP Group Lookup Failure',
  IDP_LOOKUP_FAILURE: 'NAC IDP Lookup Failure',
  IDP_UNKNOWN: 'NAC IDP Unknown',
  IDP_UNREACHABLE: 'NAC IDP Unreachable',
  IDP_USER_DISABLED: 'NAC IDP User Disabled',
  IDP_ADMIN_CONFIG_FAILURE: 'NAC IDP Admin Config Failure',
  MDM_LOOKUP_SUCCESS: 'NAC MDM Lookup Success',
  MDM_LOOKUP_FAILURE: 'NAC MDM Lookup Failure',
  MDM_DEVICE_NOT_FOUND: 'NAC MDM Device Not Found',
  COA_DISCONNECT: 'NAC CoA Disconnect',
  COA_REAUTHENTICATE: 'NAC CoA Reauthenticate',
} as const
export type NacEventType = (typeof NacEventType)[keyof typeof NacEventType]

/** Polarity per type: the guide's good / neutral / bad buckets (L7883, L7917). */
export const EVENT_POLARITY: Record<NacEventType, Polarity> = Object.fromEntries(
  Object.values(NacEventType).map((t) => [t, /Success|Allowed|CoA/.test(t) ? Polarity.positive : t === NacEventType.MDM_DEVICE_NOT_FOUND ? Polarity.neutral : Polarity.negative]),
) as Record<NacEventType, Polarity>

export interface EventCertificate {
  cn: string | undefined
  subject: string | undefined
  issuer: string | undefined
  serial: string | undefined
  sanDns: string[]
  sanEmail: string[]
  sanUpn: string[]
}

/** One NAC event (§7.3's schema, the parts this build knows). */
export interface NacEvent {
  ts: number
  type: NacEventType
  polarity: Polarity
  org: string
  site: string | undefined
  mac: string | undefined
  userName: string | undefined
  authType: string | undefined
  portType: string | undefined
  nas: { id: string; vendor: string | undefined; transport: string }
  ssid: string | undefined
  vlan: string | undefined
  role: string | undefined
  authRule: string | undefined
  /** Why: a closed reason from the layer that decided (e.g. UNKNOWN_CA, implicit-deny). */
  reason: string | undefined
  cert: EventCertificate | undefined
}
