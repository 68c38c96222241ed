// The TLS server of a tunnelled method (EAP-TTLS RFC 5281, PEAP): node:tls over an in-memory
// Duplex like tls-engine.ts, but the tunnel carries phase 2 both ways, so the peer's application
// data is kept (TlsServerEngine drops it) and plaintext can be written. No client certificate is
// asked for in the outer tunnel (RFC 5281 §7.1: the client "may" be authenticated by phase 2).
import { Duplex } from 'node:stream'
import { TLSSocket, type SecureContext } from 'node:tls'
import { HandshakeType, helloRandom } from '../../../proto/eap/index.js'

/** Event-loop turns without change after which the tunnel counts as quiet. */
const QUIET_TURNS = 2
/** Turns to wait for a reaction before giving up (OpenSSL answers within one). */
const MAX_TURNS = 50

const turn = (): Promise<void> => new Promise((resolve) => setImmediate(resolve))

export class TlsTunnel {
  private readonly duplex: Duplex
  private readonly socket: TLSSocket
  private out: Buffer[] = []
  private outLength = 0
  private plain: Buffer[] = []
  private plainLength = 0
  private firstIn: Buffer | undefined
  private firstOut: Buffer | undefined
  private secure = false
  private failure: string | undefined

  constructor(secureContext: SecureContext) {
    this.duplex = new Duplex({
      read() {},
      write: (chunk: Buffer, _enc, cb) => {
        this.firstOut ??= Buffer.from(chunk.subarray(0, 64))
        this.out.push(Buffer.from(chunk))
        this.outLength += chunk.length
        cb()
      },
    })
    this.socket = new TLSSocket(this.duplex, { isServer: true, secureContext, requestCert: false, rejectUnauthorized: false })
    this.socket.on('secure', () => { this.secure = true })
    this.socket.on('error', (err: Error) => { this.failure ??= err.message })
    this.socket.on('data', (d: Buffer) => {
      this.plain.push(d)
      this.plainLength += d.length
    })
  }

  get handshakeDone(): boolean {
    return this.secure
  }

  get error(): string | undefined {
    return this.failure
  }

  get protocol(): string | null {
    return this.socket.getProtocol()
  }

  /** Push the peer's records and wait until the server has written (and read) all it will. */
  async feed(records: Buffer): Promise<void> {
    this.firstIn ??= Buffer.from(records.subarray(0, 64))
    this.duplex.push(records)
    await this.settle()
  }

  /** Write phase 2 plaintext and wait for its records. */
  async write(data: Buffer): Promise<void> {
    this.socket.write(data)
    await this.settle()
  }

  /** Octets of TLS records waiting to be taken. */
  get pendingOutput(): number {
    return this.outLength
  }

  /** TLS records written since the last call. */
  takeOutput(): Buffer {
    const b = this.out.length === 1 ? (this.out[0] as Buffer) : Buffer.concat(this.out, this.outLength)
    this.out = []
    this.outLength = 0
    return b
  }

  /** Phase 2 plaintext received since the last call. */
  takePlaintext(): Buffer {
    const b = this.plain.length === 1 ? (this.plain[0] as Buffer) : Buffer.concat(this.plain, this.plainLength)
    this.plain = []
    this.plainLength = 0
    return b
  }

  exportKeyingMaterial(length: number, label: string, context?: Buffer): Buffer {
    if (context !== undefined) return this.socket.exportKeyingMaterial(length, label, context)
    // RFC 5705 §4: "no context" differs from an empty one; node:tls takes a missing argument.
    const noContext = this.socket.exportKeyingMaterial as unknown as (this: TLSSocket, l: number, lab: string) => Buffer
    return noContext.call(this.socket, length, label)
  }

  clientRandom(): Buffer | undefined {
    return this.firstIn === undefined ? undefined : helloRandom(this.firstIn, HandshakeType.ClientHello)
  }

  serverRandom(): Buffer | undefined {
    return this.firstOut === undefined ? undefined : helloRandom(this.firstOut, HandshakeType.ServerHello)
  }

  destroy(): void {
    this.plain = []
    this.socket.destroy()
    this.duplex.destroy()
  }

  private async settle(): Promise<void> {
    let quiet = 0
    let reacted = false
    for (let i = 0; i < MAX_TURNS; i++) {
      const before = this.mark()
      await turn()
      if (this.mark() !== before) {
        reacted = true
        quiet = 0
      } else if (reacted && ++quiet >= QUIET_TURNS) return
    }
  }

  private mark(): number {
    return this.outLength + this.plainLength + (this.secure ? 1 : 0) + (this.failure === undefined ? 0 : 1)
  }
}
