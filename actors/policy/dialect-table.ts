// What each authorization concept becomes on the wire for each NAS vendor (requirements §2.7:
// "Based on the configured vendor, Mist Access Assurance automatically sends correct RADIUS
// Attributes in access-accept response to assign VLANs, roles (firewall filters) and session
// timeouts." L7370). Chosen from RadiusClientConfig.vendor; unknown vendors get IETF.
//
// Sources:
// - VLAN: RFC 3580 §3.31 / RFC 2868 §3.1-3.2, §3.6: Tunnel-Type=VLAN (13), Tunnel-Medium-Type=
//   IEEE-802 (6), Tunnel-Private-Group-Id = VLAN ID or name as text; the seed's event shows exactly
//   these three (L7787-L7789). Sent untagged (Tag 0 in the integer attributes, no tag octet in the
//   string: its first character is > 0x1F, RFC 2868 §3.6). Every vendor below honours them.
//   Aruba controllers: named VLANs as Aruba-Named-User-Vlan (VSA 14823/9, FreeRADIUS
//   dictionary.aruba) since ArubaOS resolves Tunnel-Private-Group-Id as an ID.
// - Role: Filter-Id (RFC 2865 §5.11), the "roles (firewall filters)" of L7370: Juniper EX applies
//   it as a firewall filter name, Cisco IOS as an ACL name, Mist APs as a role. Aruba and HPE
//   AOS-CX: Aruba-User-Role (VSA 14823/1, "Aruba-User-Role <=63 string 14823 1", HPE AOS-CX 10.04
//   "Vendor-Specific Attributes supported in session authorization", techhub.hpe.com).
// - GBP tag: Cisco TrustSec AV-pair Cisco-AVPair = "cts:security-group-tag=<4 hex>-00" (VSA 9/1;
//   Meraki Adaptive Policy docs: "cisco-av-pair:cts:security-group-tag=0fa0-00 ... sends back an
//   SGT of 4000"). Juniper/Mist: Juniper documents RADIUS-assigned GBP tags for EX switches and Mist
//   APs (EVPN-VXLAN "GBP Processing") without naming the attribute in what was found; the same
//   cts AV-pair is sent, UNVERIFIED against a Juniper device. Aruba/HP/IETF: no documented
//   attribute found, not sent (listed as omitted).
// - Session timeout: Session-Timeout (RFC 2865 §5.27) with Termination-Action = RADIUS-Request
//   (RFC 2865 §5.29, value 1: re-authenticate at expiry instead of disconnecting), all vendors.
// - Returned user name: User-Name in the Access-Accept (RFC 2865 §5.1: "the client SHOULD use
//   the name returned in the Access-Accept packet in all Accounting-Request packets").
// - Dynamic wired port configuration: Egress-VLAN-Name (RFC 4675 §2.3: first octet '1' tagged,
//   '2' untagged, then the name) for names; Egress-VLANID (RFC 4675 §2.1: 0x31 tagged / 0x32
//   untagged, 12 zero bits, 12-bit VID) for numeric IDs. HPE ArubaOS-Switch 16.x accepts the RFC
//   4675 attributes ("Egress-VLAN-Name: Configures an optional, egress VLAN for either tagged or
//   untagged packets", techhub.hpe.com 16.07) as well as HP-Egress-VLAN-Name (11/65).
// - Configured port VLAN: Egress-VLANID untagged (RFC 4675 §2.1), all vendors.
import type { EncodableAttribute } from '../../proto/radius/index.js'

export const NasVendor = { juniper: 'juniper', mist: 'mist', cisco: 'cisco', aruba: 'aruba', hp: 'hp', ietf: 'ietf' } as const
export type NasVendor = (typeof NasVendor)[keyof typeof NasVendor]

const ALIASES: Readonly<Record<string, NasVendor>> = {
  juniper: 'juniper', junos: 'juniper',
  mist: 'mist',
  cisco: 'cisco', meraki: 'cisco',
  aruba: 'aruba', arubaos: 'aruba',
  hp: 'hp', hpe: 'hp', procurve: 'hp', 'aruba-cx': 'hp', 'aos-cx': 'hp', 'arubaos-cx': 'hp', 'arubaos-switch': 'hp',
  ietf: 'ietf', generic: 'ietf', other: 'ietf',
}

/** The dialect for a configured vendor string (case-insensitive); unknown or unset: IETF. */
export function dialectOf(vendor: string | undefined): NasVendor {
  return ALIASES[(vendor ?? '').trim().toLowerCase()] ?? 'ietf'
}

/** The vendor names validation accepts (RadiusClientConfig.vendor, `nas-vendor:` tokens). */
export const KNOWN_VENDOR_NAMES: readonly string[] = Object.keys(ALIASES)

// RFC 2868 §3.1 / RFC 3580 §3.31: Tunnel-Type VLAN = 13; RFC 2868 §3.2: Tunnel-Medium-Type 802 = 6.
const TUNNEL_TYPE_VLAN = 13
const TUNNEL_MEDIUM_IEEE_802 = 6
const NUMERIC = /^\d+$/

function tunnelVlan(vlan: string): EncodableAttribute[] {
  return [
    { name: 'Tunnel-Type', value: TUNNEL_TYPE_VLAN },
    { name: 'Tunnel-Medium-Type', value: TUNNEL_MEDIUM_IEEE_802 },
    { name: 'Tunnel-Private-Group-Id', value: vlan },
  ]
}

/** Cisco TrustSec SGT text: 4 lower-case hex digits and the "-00" generation suffix. */
export function ctsSecurityGroupTag(tag: number): string {
  return `cts:security-group-tag=${tag.toString(16).padStart(4, '0')}-00`
}

export interface Dialect {
  vlan(vlan: string): EncodableAttribute[]
  role(role: string): EncodableAttribute[]
  /** undefined: the vendor has no documented attribute; the tag is reported as omitted. */
  gbpTag(tag: number): EncodableAttribute[] | undefined
}

const filterIdRole = (role: string): EncodableAttribute[] => [{ name: 'Filter-Id', value: role }]
const arubaRole = (role: string): EncodableAttribute[] => [{ name: 'Aruba-User-Role', value: role }]
const ctsGbp = (tag: number): EncodableAttribute[] => [{ name: 'Cisco-AVPair', value: ctsSecurityGroupTag(tag) }]

export const DIALECTS: Readonly<Record<NasVendor, Dialect>> = {
  juniper: { vlan: tunnelVlan, role: filterIdRole, gbpTag: ctsGbp },
  mist: { vlan: tunnelVlan, role: filterIdRole, gbpTag: ctsGbp },
  cisco: { vlan: tunnelVlan, role: filterIdRole, gbpTag: ctsGbp },
  aruba: {
    vlan: (v) => (NUMERIC.test(v) ? tunnelVlan(v) : [{ name: 'Aruba-Named-User-Vlan', value: v }]),
    role: arubaRole,
    gbpTag: () => undefined,
  },
  hp: { vlan: tunnelVlan, role: arubaRole, gbpTag: () => undefined },
  ietf: { vlan: tunnelVlan, role: filterIdRole, gbpTag: () => undefined },
}
