// A TLS client over an in-memory duplex: node:tls (OpenSSL) runs the handshake, and the EAP layer
// carries its records (RFC 5216 §2.1, RFC 9190 §2.1: "the TLS records are encapsulated in
// EAP-TLS"; RFC 5281 §9.2 and PEAPv0 carry the tunnel's records the same way). `exchange` hands
// the client the server's records and returns the records the client wrote in answer (its next
// flight, an alert, or nothing); `write` sends tunnel plaintext (phase 2) and returns its records.
// A session from an earlier handshake (`session`) is offered for resumption (RFC 5077 ticket or
// session ID in TLS 1.2, a PSK ticket in TLS 1.3, RFC 8446 §2.2); `session` after the handshake
// is the latest one the server gave.
import { setImmediate as nextTurn } from 'node:timers/promises'
import { Duplex } from 'node:stream'
import { connect, type SecureContext, type TLSSocket } from 'node:tls'
import { peerChainDer } from '../../proto/eap/tls-peer-chain.js'
import { serverTrustOf } from './server-trust.js'

class Wire extends Duplex {
  written: Buffer[] = []
  override _read(): void { /* inbound records are pushed by TlsPipe.exchange */ }
  override _write(chunk: Buffer, _enc: BufferEncoding, cb: (err?: Error | null) => void): void {
    this.written.push(chunk)
    cb()
  }
  takeWritten(): Buffer {
    const out = this.written.length === 1 ? (this.written[0] as Buffer) : Buffer.concat(this.written)
    this.written = []
    return out
  }
}

export interface TlsPipeOptions {
  /** Carries the TLS versions allowed (node:tls ignores minVersion/maxVersion beside it). */
  secureContext: SecureContext
  /** Name checked against the server certificate (and sent as SNI). */
  servername: string
  /** A session kept from an earlier handshake with the same server, offered for resumption. */
  session?: Buffer
  /**
   * Keep the sessions the server gives (default true). Without a 'session' listener node:tls does
   * not serialise each NewSessionTicket's session (i2d_SSL_SESSION and a Buffer per ticket), which
   * a client that never resumes does not need.
   */
  keepSession?: boolean
}

export class TlsPipe {
  private readonly wire = new Wire()
  readonly socket: TLSSocket
  /** The handshake finished and the server certificate was verified. */
  secure = false
  error: Error | undefined
  /** Application data the server sent (TLS 1.3 EAP-TLS: the commitment; tunnels: phase 2), not yet taken. */
  readonly appData: Buffer[] = []
  /** The latest session the server gave (TLS 1.3: one per NewSessionTicket), to resume with next time. */
  session: Buffer | undefined

  constructor(o: TlsPipeOptions) {
    // The server's chain and name: by the TrustStore registered for the context (server-trust.ts:
    // cached per chain, dates checked each time), or else by OpenSSL against the context's CA with
    // the name checked on the X509Certificate (RFC 5216 §5.2). node:tls would first convert the
    // whole peer chain to a legacy JS object (getPeerCertificate(true)) for its default check: 11 %
    // of the harness's CPU per session in a profile, so that conversion is skipped.
    const trust = serverTrustOf(o.secureContext)
    const socket: TLSSocket = connect({
      socket: this.wire, secureContext: o.secureContext, servername: o.servername, rejectUnauthorized: trust === undefined,
      ...(o.session === undefined ? {} : { session: o.session }),
      checkServerIdentity: (host: string): Error | undefined => (socket.getPeerX509Certificate()?.checkHost(host) === undefined ? new Error(`server certificate is not for ${host}`) : undefined),
    })
    socket.getPeerCertificate = (() => ({})) as unknown as TLSSocket['getPeerCertificate']
    this.socket = socket
    this.socket.on('secureConnect', () => {
      // A resumed session exchanges no certificates; the harness keeps only sessions of
      // conversations that succeeded, so their server was checked then.
      if (trust !== undefined && !socket.isSessionReused()) {
        const v = trust.verify(peerChainDer(socket.getPeerX509Certificate()), o.servername)
        if (!v.ok) {
          this.error ??= new Error(`${v.reason}: ${v.detail}`)
          socket.destroy()
          return
        }
      }
      this.secure = true
    })
    this.socket.on('error', (e: Error) => { this.error ??= e })
    this.socket.on('data', (d: Buffer) => { this.appData.push(d) })
    if (o.keepSession !== false) this.socket.on('session', (s: Buffer) => { this.session = s })
  }

  /** Records the client writes after `records` from the server (none: the ClientHello). */
  async exchange(records?: Buffer): Promise<Buffer> {
    if (records !== undefined && records.length > 0) this.wire.push(records)
    return this.settle()
  }

  /** Tunnel plaintext (phase 2) out: the records that carry it. */
  async write(plain: Buffer): Promise<Buffer> {
    this.socket.write(plain)
    return this.settle()
  }

  /** The application data received since the last call, joined. */
  takeAppData(): Buffer {
    const out = this.appData.length === 1 ? (this.appData[0] as Buffer) : Buffer.concat(this.appData)
    this.appData.length = 0
    return out
  }

  private async settle(): Promise<Buffer> {
    // OpenSSL works synchronously on what it is given; its output reaches the wire within the
    // same turn or the next. Wait until a turn passes without new output.
    let seen = -1
    for (let i = 0; i < 8; i++) {
      await nextTurn()
      const n = this.wire.written.length
      if (n === seen && (n > 0 || i >= 2)) break
      seen = n
    }
    return this.wire.takeWritten()
  }

  /** RFC 5705 / RFC 8446 §7.5 exporter; undefined before the handshake is done. */
  exportKeyingMaterial(length: number, label: string, context?: Buffer): Buffer | undefined {
    if (!this.secure) return undefined
    // Without a context (RFC 5705 §4: use_context false), which @types/node does not describe.
    const exporter = this.socket.exportKeyingMaterial.bind(this.socket) as (length: number, label: string, context?: Buffer) => Buffer
    return context === undefined ? exporter(length, label) : exporter(length, label, context)
  }

  /** The handshake resumed the offered session (no certificates exchanged). */
  get resumed(): boolean {
    return this.secure && this.socket.isSessionReused()
  }

  get protocol(): string | null {
    return this.socket.getProtocol()
  }

  destroy(): void {
    this.socket.destroy()
    this.wire.destroy()
  }
}
