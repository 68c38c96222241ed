// The TLS server of an EAP-TLS conversation: node:tls (OpenSSL) over an in-memory Duplex inside
// the actor (DESIGN.md, request path step 4). Records from the peer are pushed in; whatever the
// server writes is collected until the engine is quiet, then handed to the fragmenter. TLS 1.2
// and 1.3 on one context (minVersion TLSv1.2, RFC 9190 §2.1); sessions resume from the context's
// tickets (RFC 5216 §2.1.2, RFC 9190 §2.1.3; keys: ticket-keys.ts) and, for TLS 1.2 peers without
// tickets, from the session-ID cache installed on the context (tls-session-cache.ts; RFC 5246
// §7.4.1.2): the engine hands node:tls an event emitter as `server` to receive its 'newSession'
// and 'resumeSession' events, and waits for the cache's lookup. Tunnelled methods (EAP-TTLS
// RFC 5281, PEAP) use the same engine with `tunnel: true`: phase 2 runs over it both ways, and no
// client certificate is asked for (RFC 5281 §7.1: the client "may" be authenticated by phase 2).
import { EventEmitter } from 'node:events'
import type { Server } from 'node:net'
import { Duplex } from 'node:stream'
import { TLSSocket, type SecureContext } from 'node:tls'
import { HandshakeType, helloRandom } from '../../../proto/eap/index.js'
import { TLS13_VERSION, clientHelloOffersVersion } from '../../../proto/eap/tls-client-hello.js'
import { peerChainDer } from '../../../proto/eap/tls-peer-chain.js'
import { loopSlices, type LoopSlices } from '../../runtime/loop-slices.js'
import { withTicketBudget } from './ticket-budget.js'
import { sessionCacheOf } from './tls-session-cache.js'

/** Event-loop turns without output after which the engine counts as quiet. */
const QUIET_TURNS = 2
/** Turns to wait for any reaction to input before giving up (OpenSSL answers within one). */
const MAX_TURNS = 50

const turn = (): Promise<void> => new Promise((resolve) => setImmediate(resolve))

export interface TlsEngineOptions {
  /** A tunnel for phase 2: keep the peer's plaintext, request no client certificate. */
  tunnel?: boolean
  /** Where handshake steps take their turn (default: the process's; loop-slices.ts). */
  slices?: LoopSlices
}

export class TlsServerEngine {
  private readonly duplex: Duplex
  private readonly socket: TLSSocket
  private out: Buffer[] = []
  private outLength = 0
  private plain: Buffer[] = []
  private plainLength = 0
  private firstIn: Buffer | undefined
  private firstOut: Buffer | undefined
  /** The peer's first flight (its ClientHello), kept until the session cache has looked at it. */
  private clientHello: Buffer | undefined
  /** A session-cache lookup the handshake waits for (node:tls holds the ClientHello meanwhile). */
  private lookup: Promise<void> | undefined
  private secure = false
  private failure: string | undefined
  private destroyed = false
  private readonly slices: LoopSlices

  constructor(secureContext: SecureContext, o: TlsEngineOptions = {}) {
    this.duplex = new Duplex({
      read() {},
      write: (chunk: Buffer, _enc, cb) => {
        this.firstOut ??= Buffer.from(chunk.subarray(0, 64))
        this.out.push(Buffer.from(chunk))
        this.outLength += chunk.length
        cb()
      },
    })
    const tunnel = o.tunnel === true
    this.slices = o.slices ?? loopSlices
    const server = this.sessionEvents(secureContext)
    this.socket = new TLSSocket(this.duplex, { isServer: true, secureContext, requestCert: !tunnel, rejectUnauthorized: false, ...(server === undefined ? {} : { server }) })
    this.socket.on('secure', () => {
      this.secure = true
      this.clientHello = undefined
    })
    this.socket.on('error', (err: Error) => { this.failure ??= err.message })
    // EAP-TLS expects no application data from the peer: it is read and dropped. A tunnel keeps it.
    this.socket.on('data', tunnel
      ? (d: Buffer) => {
          this.plain.push(d)
          this.plainLength += d.length
        }
      : () => {})
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

  /** The handshake resumed a session (a ticket, or a session ID): no client certificate was sent this time. */
  get resumed(): boolean {
    return this.socket.isSessionReused()
  }

  /** Push the peer's records and wait until the server has written all it will write. */
  async feed(records: Buffer): Promise<void> {
    if (this.firstIn === undefined) {
      this.firstIn = Buffer.from(records.subarray(0, 64))
      this.clientHello = records
    }
    // One session ticket per step: OpenSSL writes its TLS 1.3 tickets synchronously within this
    // push of the client's Finished flight (RFC 9190 §2.1.2; ticket-budget.ts). The push is the
    // handshake step's CPU (OpenSSL runs it within): it takes its turn in the loop's slices.
    await this.slices.run(() => {
      if (!this.destroyed) withTicketBudget(1, () => this.duplex.push(records))
    })
    await this.settle()
  }

  /** Write application data (the TLS 1.3 commitment message, phase 2) and wait for its records. */
  async writeApplicationData(data: Buffer): Promise<void> {
    this.socket.write(data)
    await this.settle()
  }

  /** Phase 2 plaintext received since the last call (tunnels only). */
  takePlaintext(): Buffer {
    const b = this.plain.length === 1 ? (this.plain[0] as Buffer) : Buffer.concat(this.plain, this.plainLength)
    this.plain = []
    this.plainLength = 0
    return b
  }

  /** Octets written and not yet taken. */
  get pendingOutput(): number {
    return this.outLength
  }

  /** Everything written since the last call. */
  takeOutput(): Buffer {
    const b = this.out.length === 1 ? (this.out[0] as Buffer) : Buffer.concat(this.out, this.outLength)
    this.out = []
    this.outLength = 0
    return b
  }

  /**
   * The peer's certificates, DER, leaf first, as presented. After resumption only the leaf, which
   * OpenSSL keeps in the session (the ticket): the rest of the chain is not stored.
   */
  peerChainDer(): Buffer[] {
    // proto/eap/tls-peer-chain.ts: the chain as sent, without getPeerCertificate(true)'s legacy
    // objects (3 % of the actor node's main thread under EAP-TLS load, bench/README.md).
    return peerChainDer(this.socket.getPeerX509Certificate())
  }

  exportKeyingMaterial(length: number, label: string, context?: Buffer): Buffer {
    if (context !== undefined) return this.socket.exportKeyingMaterial(length, label, context)
    // No context at all (RFC 5705 §4 "no context" differs from an empty one): @types/node wants a
    // third argument, node:tls does not.
    const noContext = this.socket.exportKeyingMaterial as unknown as (this: TLSSocket, l: number, lab: string) => Buffer
    return noContext.call(this.socket, length, label)
  }

  clientRandom(): Buffer | undefined {
    return this.firstIn === undefined ? undefined : helloRandom(this.firstIn, HandshakeType.ClientHello)
  }

  serverRandom(): Buffer | undefined {
    return this.firstOut === undefined ? undefined : helloRandom(this.firstOut, HandshakeType.ServerHello)
  }

  /** IANA name of the negotiated cipher suite (TEAP picks its PRF and MAC from it, RFC 7170 §5). */
  cipherSuite(): string | undefined {
    return this.socket.getCipher()?.standardName
  }

  /**
   * RFC 5929 §3.1 tls-unique: the first Finished message of the latest handshake, the client's in
   * a full handshake and the server's in an abbreviated (resumed) one.
   */
  tlsUnique(): Buffer | undefined {
    return this.socket.isSessionReused() ? this.socket.getFinished() : this.socket.getPeerFinished()
  }

  destroy(): void {
    this.destroyed = true
    this.clientHello = undefined
    this.plain = []
    this.socket.destroy()
    this.duplex.destroy()
  }

  private async settle(): Promise<void> {
    let quiet = 0
    let reacted = false
    for (let i = 0; i < MAX_TURNS; i++) {
      if (this.lookup !== undefined) {
        // The handshake is held until the session cache answers (bounded by its own timeout).
        const l = this.lookup
        await l
        if (this.lookup === l) this.lookup = undefined
        quiet = 0
        reacted = false
        continue
      }
      const before = this.mark()
      await turn()
      if (this.mark() !== before) {
        reacted = true
        quiet = 0
      } else if (reacted && ++quiet >= QUIET_TURNS) return
    }
  }

  /**
   * node:tls's session events for the context's session-ID cache, or undefined without one.
   * 'newSession' stores TLS 1.2 sessions only (TLS 1.3 resumes by PSK from a ticket, RFC 8446
   * §2.2; OpenSSL still reports its ticket sessions here). 'resumeSession' comes for every
   * ClientHello with a session ID and no ticket; a TLS 1.3 ClientHello's legacy_session_id is
   * never resumed by a server that speaks 1.3 (RFC 8446 §4.1.2), so it is not looked up.
   */
  private sessionEvents(ctx: SecureContext): Server | undefined {
    const installed = sessionCacheOf(ctx)
    if (installed === undefined) return undefined
    const { cache, org } = installed
    const events = new EventEmitter()
    events.on('newSession', (id: Buffer, state: Buffer, done: () => void) => {
      if (this.socket.getProtocol() === 'TLSv1.2') cache.remember(org, id, state)
      done()
    })
    events.on('resumeSession', (id: Buffer, answer: (err: Error | null, state: Buffer | null) => void) => {
      const hello = this.clientHello
      if (hello !== undefined && clientHelloOffersVersion(hello, TLS13_VERSION)) return answer(null, null)
      this.lookup = cache.recall(org, id).then((state) => {
        if (!this.destroyed) answer(null, state ?? null)
      })
    })
    // node:tls only calls emit and listenerCount on it (lib/_tls_wrap.js); no net.Server is needed.
    return events as unknown as Server
  }

  private mark(): number {
    return this.outLength + this.plainLength + (this.secure ? 1 : 0) + (this.failure === undefined ? 0 : 1)
  }
}
