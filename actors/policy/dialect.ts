// Assembles an authorization into reply attributes in the NAS vendor's dialect (requirements
// §2.7; the table and its sources are in dialect-table.ts), in the order of §2.7: VLAN -> role ->
// GBP -> Session-Timeout -> Egress-VLAN (RFC 4675) -> custom standard -> custom VSAs -> User-Name.
// EAP-Message, MS-MPPE keys and Message-Authenticator are the envelope's, added elsewhere.
import { encodeAttributes, type Dictionary, type EncodableAttribute, type RawAttribute } from '../../proto/radius/index.js'
import type { Authorization } from './authorization.js'
import { DIALECTS, dialectOf } from './dialect-table.js'

// RFC 2865 §5.29: Termination-Action RADIUS-Request = 1.
const TERMINATION_RADIUS_REQUEST = 1
// RFC 4675 §2.1/§2.3: the tagged / untagged indication octet.
const EGRESS_TAGGED = 0x31
const EGRESS_UNTAGGED = 0x32
const NUMERIC = /^\d+$/

function egressVlanId(vid: number, tagged: boolean): number {
  // RFC 4675 §2.1: "Tag Indication" octet, then 12 bits of zero, then the 12-bit VLAN ID.
  return (((tagged ? EGRESS_TAGGED : EGRESS_UNTAGGED) << 24) | (vid & 0xfff)) >>> 0
}

export interface ReplySpec {
  /** Named attributes in wire order. */
  specs: EncodableAttribute[]
  /** Concepts the vendor's dialect cannot express (e.g. a GBP tag for IETF), for the event. */
  omitted: string[]
}

/** The named reply attributes for a NAS vendor, before encoding. */
export function replySpec(vendor: string | undefined, auth: Authorization): ReplySpec {
  const d = DIALECTS[dialectOf(vendor)]
  const specs: EncodableAttribute[] = []
  const omitted: string[] = []
  if (auth.vlan !== undefined) specs.push(...d.vlan(auth.vlan))
  if (auth.role !== undefined) specs.push(...d.role(auth.role))
  if (auth.gbpTag !== undefined) {
    const gbp = d.gbpTag(auth.gbpTag)
    if (gbp === undefined) omitted.push(`gbp-tag ${auth.gbpTag}: no attribute for NAS vendor ${dialectOf(vendor)}`)
    else specs.push(...gbp)
  }
  if (auth.sessionTimeout !== undefined) {
    specs.push({ name: 'Session-Timeout', value: auth.sessionTimeout }, { name: 'Termination-Action', value: TERMINATION_RADIUS_REQUEST })
  }
  for (const e of auth.egressVlans ?? []) {
    if (NUMERIC.test(e.vlan)) specs.push({ name: 'Egress-VLANID', value: egressVlanId(Number(e.vlan), e.tagged) })
    else specs.push({ name: 'Egress-VLAN-Name', value: `${e.tagged ? '1' : '2'}${e.vlan}` })
  }
  if (auth.portVlan !== undefined) specs.push({ name: 'Egress-VLANID', value: egressVlanId(auth.portVlan, false) })
  for (const row of auth.standard ?? []) specs.push({ name: row.name, value: row.value })
  for (const row of auth.vendorSpecific ?? []) specs.push({ name: row.name, value: row.value })
  if (auth.userName !== undefined) specs.push({ name: 'User-Name', value: auth.userName })
  return { specs, omitted }
}

export interface Reply {
  attributes: RawAttribute[]
  omitted: string[]
}

/**
 * Encoded reply attributes. A custom attribute the dictionary cannot encode (validation refuses
 * those; a dictionary change could still cause it) is left out and reported, never thrown.
 */
export function buildReply(dict: Dictionary, vendor: string | undefined, auth: Authorization): Reply {
  const { specs, omitted } = replySpec(vendor, auth)
  const attributes: RawAttribute[] = []
  for (const s of specs) {
    try {
      attributes.push(...encodeAttributes(dict, [s]))
    } catch (err) {
      omitted.push(`${s.name}: ${(err as Error).message}`)
    }
  }
  return { attributes, omitted }
}

/** Reply attributes for the NAS vendor (the client actor's entry point; see buildReply). */
export function replyAttributes(dict: Dictionary, vendor: string | undefined, auth: Authorization): RawAttribute[] {
  return buildReply(dict, vendor, auth).attributes
}
