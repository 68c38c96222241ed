// A simulated NAS over RADIUS/UDP (RFC 2865): one socket with its shared secret, Message-Authenticator
// on every Access-Request (RFC 3579, BlastRADIUS), and retransmission of the identical packet after
// each timeout, as a switch's "radius-server timeout/retransmit" does (RFC 5080 §2.2.1). The socket
// is connected to the server (connect(2)): a send needs no address lookup or conversion, and the
// kernel passes only the server's datagrams up, as a NAS talking to one server would see them.
import { createSocket, type Socket } from 'node:dgram'
import { NasBase, type PendingRequest } from './nas-base.js'
import type { RetryPolicy } from './round-tripper.js'

export interface UdpNasOptions {
  host: string
  port: number
  secret: string
  policy: RetryPolicy
  nasId: string
}

export class UdpNas extends NasBase {
  private readonly socket: Socket
  private bound = false

  private constructor(o: UdpNasOptions) {
    super(`udp://${o.host}:${o.port}`, o.nasId, o.secret, o.policy)
    this.socket = createSocket(o.host.includes(':') ? 'udp6' : 'udp4')
    this.socket.on('message', (msg) => this.onReply(msg))
    // ICMP errors and send failures: the request simply times out, as on a real NAS.
    this.socket.on('error', () => undefined)
  }

  static async open(o: UdpNasOptions): Promise<UdpNas> {
    const nas = new UdpNas(o)
    await new Promise<void>((resolve, reject) => {
      nas.socket.once('error', reject)
      nas.socket.connect(o.port, o.host, () => { nas.socket.off('error', reject); resolve() })
    })
    nas.bound = true
    nas.pump()
    return nas
  }

  protected canSend(): boolean {
    return this.bound && !this.closed
  }

  protected write(packet: Buffer): void {
    this.socket.send(packet)
  }

  protected armSent(r: PendingRequest): void {
    r.dueAt = performance.now() + this.policy.timeoutMs
  }

  protected onDue(r: PendingRequest, now: number): void {
    // Queued past its deadline, out of retransmissions, or the NAS is closing: a timeout.
    if (r.packet === undefined || r.attempts > this.policy.retries || this.closed) {
      this.expire(r)
      return
    }
    r.attempts++
    this.st.sent++
    this.st.retransmits++
    this.write(r.packet)
    r.dueAt = now + this.policy.timeoutMs
  }

  async close(): Promise<void> {
    if (this.closed) return
    this.closed = true
    this.failAll('closed')
    await new Promise<void>((resolve) => this.socket.close(() => resolve()))
  }
}
