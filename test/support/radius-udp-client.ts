// A RADIUS/UDP client for integration tests that behaves like a NAS: Message-Authenticator on
// every Access-Request, retransmission of the identical packet on timeout, and replies checked
// (Response Authenticator, Message-Authenticator) before they count as answers.
import { createSocket, type Socket } from 'node:dgram'
import {
  Attr, Code, MESSAGE_AUTHENTICATOR_PLACEHOLDER, decodePacket, encodePacket, findAttribute, randomAuthenticator, signRequest,
  verifyMessageAuthenticator, verifyResponseAuthenticator, type RawAttribute,
} from '../../proto/radius/index.js'

export interface Answer {
  code: number
  vlan: string | undefined
  attempts: number
  sentAt: number
  answeredAt: number
}

export interface UdpNasOptions {
  host: string
  port: number
  secret: string
  timeoutMs: number
  retries: number
}

const text = (type: number, value: string): RawAttribute => ({ type, value: Buffer.from(value) })

/** The Access-Request a switch sends for MAB (RFC 3580 §3.21 conventions). */
export function mabAttributes(mac: string): RawAttribute[] {
  const csi = mac.match(/../g)!.join('-').toUpperCase()
  const portType = Buffer.alloc(4)
  portType.writeUInt32BE(15) // Ethernet
  return [MESSAGE_AUTHENTICATOR_PLACEHOLDER, text(Attr.UserName, mac), text(Attr.CallingStationId, csi), { type: Attr.NASPortType, value: portType }]
}

export class UdpNas {
  private readonly socket: Socket
  private readonly pending = new Map<number, { auth: Buffer; resolve: (b: Buffer) => void }>()
  private readonly freeIds: number[] = Array.from({ length: 256 }, (_, i) => i)
  private readonly waiters: Array<() => void> = []
  private readonly secret: Buffer

  constructor(private readonly o: UdpNasOptions) {
    this.secret = Buffer.from(o.secret)
    this.socket = createSocket('udp4')
    this.socket.on('message', (msg) => {
      const d = decodePacket(msg)
      if (!d.ok) return
      const p = this.pending.get(d.value.identifier)
      if (p === undefined) return
      if (!verifyResponseAuthenticator(msg, p.auth, this.secret)) return
      if (verifyMessageAuthenticator(msg, this.secret, p.auth) === 'invalid') return
      p.resolve(msg)
    })
  }

  async bind(): Promise<void> {
    await new Promise<void>((r) => this.socket.bind(0, '127.0.0.1', () => r()))
  }

  private async takeId(): Promise<number> {
    for (;;) {
      const id = this.freeIds.shift()
      if (id !== undefined) return id
      await new Promise<void>((r) => this.waiters.push(r))
    }
  }

  private releaseId(id: number): void {
    this.pending.delete(id)
    this.freeIds.push(id)
    this.waiters.shift()?.()
  }

  /** Sends one request and waits, retransmitting the same packet, for a verified reply. */
  async request(attributes: RawAttribute[], code: number = Code.AccessRequest): Promise<Answer | undefined> {
    const id = await this.takeId()
    const auth = randomAuthenticator()
    const packet = encodePacket({ code, identifier: id, authenticator: auth, attributes })
    signRequest(packet, this.secret)
    const reqAuth = Buffer.from(packet.subarray(4, 20))
    const sentAt = Date.now()
    try {
      for (let attempt = 1; attempt <= 1 + this.o.retries; attempt++) {
        const got = await new Promise<Buffer | undefined>((resolve) => {
          const t = setTimeout(() => resolve(undefined), this.o.timeoutMs)
          this.pending.set(id, { auth: reqAuth, resolve: (b) => { clearTimeout(t); resolve(b) } })
          this.socket.send(packet, this.o.port, this.o.host)
        })
        if (got !== undefined) {
          const d = decodePacket(got)
          if (!d.ok) return undefined
          const vlan = findAttribute(d.value, Attr.TunnelPrivateGroupId)?.value.toString()
          return { code: d.value.code, vlan, attempts: attempt, sentAt, answeredAt: Date.now() }
        }
      }
      return undefined
    } finally {
      this.releaseId(id)
    }
  }

  close(): void {
    this.socket.close()
  }
}
