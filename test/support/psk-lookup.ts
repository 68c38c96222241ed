// A RADIUS PSK lookup as a wireless controller sends it (requirements §1.7): User-Name = the
// station's MAC, Calling-Station-Id, Called-Station-Id "BSSID:SSID", NAS-Port-Type Wireless, signed
// with Message-Authenticator; sent over UDP with the retries a NAS makes.
import { createSocket } from 'node:dgram'
import {
  Attr, Code, MESSAGE_AUTHENTICATOR_PLACEHOLDER, decodePacket, encodePacket, randomAuthenticator, signRequest, type Packet, type RawAttribute,
} from '../../proto/radius/index.js'

export function pskLookup(mac: string, ssid: string): RawAttribute[] {
  const t = (type: number, v: string): RawAttribute => ({ type, value: Buffer.from(v) })
  const port = Buffer.alloc(4)
  port.writeUInt32BE(19) // Wireless - IEEE 802.11 (RFC 2865 §5.41)
  return [MESSAGE_AUTHENTICATOR_PLACEHOLDER, t(Attr.UserName, mac), t(Attr.CallingStationId, mac.match(/../g)!.join('-').toUpperCase()),
    t(Attr.CalledStationId, `00-11-22-33-44-55:${ssid}`), { type: Attr.NASPortType, value: port }]
}

/** One Access-Request to 127.0.0.1:`port`, three tries of 1.5 s; the decoded reply or undefined. */
export async function askUdp(port: number, secret: Buffer, attributes: RawAttribute[], identifier = 7): Promise<Packet | undefined> {
  const s = createSocket('udp4')
  await new Promise<void>((r) => s.bind(0, '127.0.0.1', () => r()))
  try {
    const packet = encodePacket({ code: Code.AccessRequest, identifier, authenticator: randomAuthenticator(), attributes })
    signRequest(packet, secret)
    for (let attempt = 0; attempt < 3; attempt++) {
      const reply = new Promise<Buffer | undefined>((resolve) => {
        const t = setTimeout(() => resolve(undefined), 1500)
        s.once('message', (m) => { clearTimeout(t); resolve(m) })
      })
      s.send(packet, port, '127.0.0.1')
      const m = await reply
      if (m === undefined) continue
      const d = decodePacket(m)
      return d.ok ? d.value : undefined
    }
    return undefined
  } finally {
    s.close()
  }
}
