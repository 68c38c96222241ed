// One connection of a real node:tls server (a tls.Server handed an in-memory duplex, so its own
// client-certificate check, tickets and `authorized` apply) for the lean TLS 1.3 client's tests:
// what the client writes goes in, what the server writes comes back. On 'secureConnection' the
// server writes the RFC 9190 commitment (one octet 0x00).
import { Duplex } from 'node:stream'
import type { Server, TLSSocket } from 'node:tls'

export const LABEL = 'EXPORTER_EAP_TLS_Key_Material'
export const TYPE_CODE = Buffer.from([0x0d])

export class ServerEnd {
  private out: Buffer[] = []
  readonly wire: Duplex
  socket: TLSSocket | undefined
  serverError: Error | undefined

  constructor(server: Server) {
    this.wire = new Duplex({ read() { /* pushed by feed */ }, write: (c: Buffer, _e, cb) => { this.out.push(c); cb() } })
    server.once('secureConnection', (s: TLSSocket) => { this.socket = s; s.write(Buffer.from([0])) })
    server.once('tlsClientError', (e: Error) => { this.serverError = e })
    server.emit('connection', this.wire)
  }

  /** Push the client's records and return what the server wrote within a few turns. */
  async feed(records: Buffer): Promise<Buffer> {
    if (records.length > 0) this.wire.push(records)
    for (let i = 0; i < 6; i++) await new Promise((r) => setImmediate(r))
    const b = Buffer.concat(this.out)
    this.out = []
    return b
  }

  close(): void { this.socket?.destroy(); this.wire.destroy() }
}
