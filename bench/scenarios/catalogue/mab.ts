// MAB (MAC Authentication Bypass): one Access-Request per client, as a switch sends it for a
// device without a supplicant: User-Name = MAC, Calling-Station-Id = MAC (RFC 3580 §3.21),
// Service-Type = Call-Check, NAS-Port-Type = Ethernet, Message-Authenticator first (RFC 3579).
// Success is an Access-Accept; for a known MAC it must carry Tunnel-Private-Group-Id 100 (the demo
// policy), else the outcome counts as unexpected.
import { Attr, Code, MESSAGE_AUTHENTICATOR_PLACEHOLDER, findAttribute, type RawAttribute } from '../../../proto/radius/index.js'
import { KNOWN_VLAN, dashedMac } from '../../core/population.js'
import { Outcome, unanswered, type AuthResult, type Scenario, type ScenarioContext, type ScenarioDefinition } from '../scenario.js'

const u32 = (n: number): Buffer => { const b = Buffer.alloc(4); b.writeUInt32BE(n); return b }
const SERVICE_TYPE_CALL_CHECK = u32(10) // RFC 2865 §5.6
const NAS_PORT_TYPE_ETHERNET = u32(15) // RFC 2865 §5.41

export function mabRequest(mac: string, nasId: string): RawAttribute[] {
  return [
    MESSAGE_AUTHENTICATOR_PLACEHOLDER,
    { type: Attr.UserName, value: Buffer.from(mac) },
    { type: Attr.CallingStationId, value: Buffer.from(dashedMac(mac)) },
    { type: Attr.ServiceType, value: SERVICE_TYPE_CALL_CHECK },
    { type: Attr.NASPortType, value: NAS_PORT_TYPE_ETHERNET },
    { type: Attr.NASIdentifier, value: Buffer.from(nasId) },
  ]
}

export const mabScenario: Scenario = {
  name: 'mab',
  async run({ client, nas }: ScenarioContext): Promise<AuthResult> {
    const e = await nas.exchange(Code.AccessRequest, mabRequest(client.mac, nas.nasId))
    if (e.kind !== 'answer') return unanswered(e, 1, [])
    const lat = [e.latencyMs]
    if (e.packet.code === Code.AccessAccept) {
      const vlan = findAttribute(e.packet, Attr.TunnelPrivateGroupId)?.value
      // RFC 2868 §3.6: a leading octet 0x00-0x1F is the tag.
      const text = vlan === undefined ? undefined : (vlan[0] !== undefined && vlan[0] < 0x20 ? vlan.subarray(1) : vlan).toString()
      return { outcome: Outcome.SUCCESS, rounds: 1, roundLatenciesMs: lat, detail: `vlan ${text ?? '-'}`, expected: client.known && text === KNOWN_VLAN }
    }
    if (e.packet.code === Code.AccessReject) return { outcome: Outcome.REJECT, rounds: 1, roundLatenciesMs: lat, expected: !client.known }
    return { outcome: Outcome.ERROR, rounds: 1, roundLatenciesMs: lat, detail: `unexpected code ${e.packet.code}`, expected: false }
  },
}

export const definitions: readonly ScenarioDefinition[] = [{ name: 'mab', build: () => mabScenario }]
