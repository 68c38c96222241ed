// One EAP conversation through a simulated NAS, as a switch carries 802.1X in RADIUS (RFC 3579):
// the peer's Identity Response in the first Access-Request, then one Access-Request per
// EAP-Response with the State of the previous Access-Challenge (RFC 2865 §5.24), Framed-MTU
// telling the server how large its EAP packets may be (RFC 3580 §3.17), until an Access-Accept
// with EAP-Success or an Access-Reject. Success needs the method's MSK (its handshake and phase 2
// done) equal to the MS-MPPE keys of the Access-Accept, and (as the population expects) the EAP
// VLAN. Every EAP method of the bench (EAP-TLS, TTLS, PEAP, later TEAP) runs through here.
import { EapCode, decodeEapPacket, eapMessageAttributes, joinEapMessage, type EapPacket } from '../../proto/eap/index.js'
import { Attr, Code, MESSAGE_AUTHENTICATOR_PLACEHOLDER, findAttribute, type Packet, type RawAttribute } from '../../proto/radius/index.js'
import { dashedMac } from '../core/population.js'
import { checkMppeKeys } from '../supplicant/mppe.js'
import { Outcome, unanswered, type AuthResult, type ScenarioContext } from './scenario.js'

/** The VLAN the demo org's 802.1X rules (EAP-TLS, EAP-TTLS, PEAP-TLS) and the FreeRADIUS peer assign. */
export const EAP_VLAN = '200'
/** A conversation longer than this is broken (PEAP-TLS at MTU 1400 takes about 10 rounds). */
const MAX_ROUNDS = 64

const u32 = (n: number): Buffer => { const b = Buffer.alloc(4); b.writeUInt32BE(n); return b }
const SERVICE_TYPE_FRAMED = u32(2) // RFC 2865 §5.6
const NAS_PORT_TYPE_ETHERNET = u32(15) // RFC 2865 §5.41

/** The supplicant side of one EAP method. */
export interface EapPeer {
  identityResponse(identifier?: number): Buffer
  respond(req: Extract<EapPacket, { code: 1 | 2 }>): Promise<Buffer>
  /** The MSK once the method completed, else undefined. */
  msk(): Buffer | undefined
  /** Why the conversation cannot succeed, if known. */
  readonly failure: string | undefined
}

export function vlanOf(p: Packet): string | undefined {
  const v = findAttribute(p, Attr.TunnelPrivateGroupId)?.value
  // RFC 2868 §3.6: a leading octet 0x00-0x1F is the tag.
  return v === undefined ? undefined : (v[0] !== undefined && v[0] < 0x20 ? v.subarray(1) : v).toString()
}

export interface EapConversationOptions {
  identity: string
  framedMtu: number
}

// A module function, not a closure per conversation (tsx names each closure it creates: a defineProperty per session).
function result(lat: number[], outcome: AuthResult['outcome'], detail: string, expected = false): AuthResult {
  return { outcome, rounds: lat.length, roundLatenciesMs: lat, detail, expected }
}

export async function runEapConversation({ client, nas }: ScenarioContext, peer: EapPeer, o: EapConversationOptions): Promise<AuthResult> {
  const lat: number[] = []
  const fixed: RawAttribute[] = [
    { type: Attr.UserName, value: Buffer.from(o.identity) },
    { type: Attr.CallingStationId, value: Buffer.from(dashedMac(client.mac)) },
    { type: Attr.ServiceType, value: SERVICE_TYPE_FRAMED },
    { type: Attr.NASPortType, value: NAS_PORT_TYPE_ETHERNET },
    { type: Attr.FramedMTU, value: u32(o.framedMtu) },
    { type: Attr.NASIdentifier, value: Buffer.from(nas.nasId) },
  ]
  let eap = peer.identityResponse()
  let state: Buffer | undefined
  for (let round = 1; round <= MAX_ROUNDS; round++) {
    const attrs = [MESSAGE_AUTHENTICATOR_PLACEHOLDER, ...fixed, ...eapMessageAttributes(eap), ...(state === undefined ? [] : [{ type: Attr.State, value: state }])]
    const e = await nas.exchange(Code.AccessRequest, attrs)
    if (e.kind !== 'answer') return unanswered(e, round, lat)
    lat.push(e.latencyMs)
    const p = e.packet
    if (p.code === Code.AccessReject) return result(lat, Outcome.REJECT, peer.failure ?? 'reject')
    const joined = joinEapMessage(p)
    const decoded = joined.ok ? decodeEapPacket(joined.value) : joined
    if (p.code === Code.AccessAccept) {
      if (!decoded.ok || decoded.value.code !== EapCode.Success) return result(lat, Outcome.ERROR, 'Access-Accept without EAP-Success')
      const msk = peer.msk()
      if (msk === undefined) return result(lat, Outcome.ERROR, `EAP-Success before the method completed${peer.failure === undefined ? '' : ` (${peer.failure})`}`)
      const mppe = checkMppeKeys(p, nas.secret, e.requestAuthenticator, msk)
      if (!mppe.ok) return result(lat, Outcome.ERROR, mppe.reason)
      const vlan = vlanOf(p)
      return result(lat, Outcome.SUCCESS, `vlan ${vlan ?? '-'}`, vlan === EAP_VLAN)
    }
    if (p.code !== Code.AccessChallenge) return result(lat, Outcome.ERROR, `unexpected code ${p.code}`)
    if (!decoded.ok) return result(lat, Outcome.ERROR, `Access-Challenge EAP: ${decoded.reason}`)
    const req = decoded.value
    if (req.code !== EapCode.Request) return result(lat, Outcome.ERROR, `Access-Challenge with EAP code ${req.code}`)
    state = findAttribute(p, Attr.State)?.value
    eap = await peer.respond(req)
  }
  return result(lat, Outcome.ERROR, `no outcome after ${MAX_ROUNDS} round trips`)
}
