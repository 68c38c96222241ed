// Which authentication an Access-Request carries. MAB per RFC 3580 conventions (requirements
// §1.6): no EAP-Message, and User-Name equals the Calling-Station-Id MAC in any spelling, or the
// NAS marks it with Service-Type = Call-Check (RFC 2865 §5.6, value 10). PSK: a MAC lookup that
// carries a PSK marker (psk/psk-request.ts: a PSK/SAE WLAN-AKM-Suite, or hostapd's ANonce and
// EAPOL-Key message 2); an unmarked MAC lookup on a PSK WLAN is found by the actor (it needs config).
import { parsePskRequest } from './psk/psk-request.js'
import { Attr, findAttribute, type Packet } from '../../proto/radius/index.js'
import { canonicalMac } from '../../proto/wire/mac.js'

export const RequestKind = { MAB: 'MAB', EAP: 'EAP', PSK: 'PSK', PAP: 'PAP', UNKNOWN: 'UNKNOWN' } as const
export type RequestKind = (typeof RequestKind)[keyof typeof RequestKind]

const SERVICE_TYPE_CALL_CHECK = 10
// RFC 2865 §5.41 NAS-Port-Type: 15 Ethernet, 19 Wireless - IEEE 802.11.
const NAS_PORT_TYPE_ETHERNET = 15
const NAS_PORT_TYPE_WIRELESS_80211 = 19

export interface Classified {
  kind: RequestKind
  mac: string | undefined
  userName: string | undefined
  portType: 'Wired' | 'Wireless' | undefined
}

function uint32(buf: Buffer | undefined): number | undefined {
  return buf !== undefined && buf.length === 4 ? buf.readUInt32BE(0) : undefined
}

export function classifyRequest(p: Packet): Classified {
  const csi = findAttribute(p, Attr.CallingStationId)?.value.toString('latin1')
  const mac = csi === undefined ? undefined : canonicalMac(csi)
  const userNameRaw = findAttribute(p, Attr.UserName)?.value
  const userName = userNameRaw?.toString('utf8')
  const nasPortType = uint32(findAttribute(p, Attr.NASPortType)?.value)
  const portType = nasPortType === NAS_PORT_TYPE_ETHERNET ? 'Wired' : nasPortType === NAS_PORT_TYPE_WIRELESS_80211 ? 'Wireless' : undefined
  let kind: RequestKind
  if (findAttribute(p, Attr.EAPMessage) !== undefined) kind = RequestKind.EAP
  else if (parsePskRequest(p).marker !== undefined) kind = RequestKind.PSK
  else if (uint32(findAttribute(p, Attr.ServiceType)?.value) === SERVICE_TYPE_CALL_CHECK) kind = RequestKind.MAB
  else if (mac !== undefined && userName !== undefined && canonicalMac(userName) === mac) kind = RequestKind.MAB
  else if (findAttribute(p, Attr.UserPassword) !== undefined) kind = RequestKind.PAP
  else kind = RequestKind.UNKNOWN
  return { kind, mac, userName, portType }
}
