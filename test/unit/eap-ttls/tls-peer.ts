// An in-process EAP-TLS-family peer for method tests: a node:tls client over an in-memory Duplex
// that speaks the RFC 5216 §3.1 framing (S, L, M bits; ACKs of fragments) the way wpa_supplicant
// does, with hooks for phase 2. Test-only: the interop tests use the real eapol_test.
import { Duplex } from 'node:stream'
import { connect, type ConnectionOptions, type TLSSocket } from 'node:tls'
import { TlsFlag, decodeTlsPayload, encodeTlsPayload } from '../../../proto/eap/index.js'

/** Phase 2 of the peer: the server's plaintext (empty when the tunnel just came up) to the reply. */
export type Phase2 = (plain: Buffer, tunnelUp: boolean) => Promise<Buffer | undefined>

const turn = (): Promise<void> => new Promise((resolve) => setImmediate(resolve))

export class TlsPeer {
  readonly socket: TLSSocket
  private readonly duplex: Duplex
  private out: Buffer[] = []
  plain: Buffer[] = []
  private inbound: Buffer[] = []
  secure = false
  error: Error | undefined

  constructor(opts: ConnectionOptions) {
    this.duplex = new Duplex({ read() {}, write: (c: Buffer, _e, cb) => { this.out.push(Buffer.from(c)); cb() } })
    this.socket = connect({ ...opts, socket: this.duplex })
    this.socket.on('secureConnect', () => { this.secure = true })
    this.socket.on('error', (e: Error) => { this.error ??= e })
    this.socket.on('data', (d: Buffer) => { this.plain.push(d) })
  }

  /** The handshake starts on connect; wait for the ClientHello. */
  async start(): Promise<void> {
    await settle()
  }

  /**
   * Answer one request's Type-Data (flags and TLS data): an ACK while the server fragments,
   * else the peer's records (or an empty ACK when it has nothing to say).
   */
  async answer(typeData: Buffer, phase2: Phase2 = async () => undefined, versionBits = 0): Promise<Buffer> {
    const d = decodeTlsPayload(typeData)
    if (!d.ok) throw new Error(`bad request: ${d.reason}`)
    const p = d.value
    if ((p.flags & TlsFlag.S) !== 0) await this.start()
    else {
      this.inbound.push(Buffer.from(p.data))
      if ((p.flags & TlsFlag.M) !== 0) return encodeTlsPayload({ flags: versionBits, totalLength: undefined, data: Buffer.alloc(0) })
      const records = Buffer.concat(this.inbound)
      this.inbound = []
      const wasSecure = this.secure
      if (records.length > 0) {
        this.duplex.push(records)
        await settle()
      }
      const plain = this.takePlain()
      if (this.secure && (!wasSecure || plain.length > 0)) {
        const reply = await phase2(plain, !wasSecure)
        if (reply !== undefined) await this.write(reply)
      }
    }
    return encodeTlsPayload({ flags: versionBits, totalLength: undefined, data: this.takeOutput() })
  }

  /** Write phase 2 plaintext; its records go with the next answer. */
  async write(data: Buffer): Promise<void> {
    this.socket.write(data)
    await settle()
  }

  takeOutput(): Buffer {
    const b = Buffer.concat(this.out)
    this.out = []
    return b
  }

  takePlain(): Buffer {
    const b = Buffer.concat(this.plain)
    this.plain = []
    return b
  }

  destroy(): void {
    this.socket.destroy()
    this.duplex.destroy()
  }
}

async function settle(): Promise<void> {
  for (let i = 0; i < 10; i++) await turn()
}
