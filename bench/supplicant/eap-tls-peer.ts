// The peer side of EAP-TLS (RFC 5216 for TLS 1.2, RFC 9190 for TLS 1.3): answers each EAP-Request
// with one EAP-Response. It starts TLS on the EAP-TLS Start (S flag), reassembles the server's
// fragments and acknowledges each (RFC 5216 §3.1: "the EAP peer MUST respond with an EAP-Response
// packet of EAP-Type=EAP-TLS and no data"), sends its own flights in fragments that fit the EAP
// MTU, and derives the MSK when the handshake is done. Given a session from an earlier
// authentication it offers it (RFC 5216 §2.1.2 resumption; RFC 9190 §2.1.3 with a PSK ticket),
// and keeps the server's newest session for the next one. PEAP-TLS runs it as its inner method.
// TLS 1.3 runs on the lean client (tls13/: RFC 8446 on node:crypto, about a third of node:tls's
// CPU per handshake, bench/tools/tls-client-cpu.ts), with its own sessions (Tls13Session: a
// ticket and its PSK); TLS 1.2, a node:tls session (a Buffer) offered, and `tlsClient: 'node'` run
// on node:tls (TlsPipe).
import type { SecureContext } from 'node:tls'
import {
  EapCode, EapType, TlsReassembler, decodeTlsPayload, encodeEapPacket, encodeTlsPayload, fragmentTlsMessage,
  type EapPacket, type TlsPayload,
} from '../../proto/eap/index.js'
import type { LeanTlsCredentials } from './credentials.js'
import { deriveEmsk, deriveMsk, type EapTlsVersion } from './msk.js'
import { Tls13Client, isTls13Session, type Tls13Session } from './tls13/index.js'
import { TlsPipe } from './tls-pipe.js'

/** Which TLS client runs EAP-TLS 1.3: node:tls (OpenSSL) or the lean one of tls13/. */
export type TlsClientKind = 'node' | 'lean'

/** What the peer needs of a TLS client: TlsPipe's surface, which Tls13Client has too. */
interface TlsClient {
  exchange(records?: Buffer): Promise<Buffer>
  readonly secure: boolean
  readonly error: Error | undefined
  readonly appData: Buffer[]
  exportKeyingMaterial(length: number, label: string, context?: Buffer): Buffer | undefined
  readonly resumed: boolean
  readonly session: Buffer | Tls13Session | undefined
  readonly protocol: string | null
  destroy(): void
}

export interface EapTlsPeerOptions {
  version: EapTlsVersion
  identity: string
  /** Made for this version only (credentials.ts). */
  secureContext: SecureContext
  servername: string
  /** Largest EAP packet the peer sends (the link MTU; the bench uses Framed-MTU). */
  maxEapLength: number
  /** A session kept from this client's previous authentication, offered for resumption (node:tls's Buffer, or the lean client's). */
  session?: Buffer | Tls13Session
  /** Keep the server's newest session for `session` (default true; false when nothing resumes). */
  keepSession?: boolean
  /** TLS 1.3 client (default lean when `lean` is given); a node:tls session (Buffer) offered runs node:tls again. */
  tlsClient?: TlsClientKind
  /** Credentials of the lean client (credentials.ts). */
  lean?: LeanTlsCredentials
}

const ACK: TlsPayload = { flags: 0, totalLength: undefined, data: Buffer.alloc(0) }

// A module function, not a closure per request (tsx names each closure it creates: a defineProperty per call).
const reply = (identifier: number, type: number, data: Buffer): Buffer => encodeEapPacket({ code: EapCode.Response, identifier, type, data })

export class EapTlsPeer {
  private tls: TlsClient | undefined
  private readonly inbound = new TlsReassembler()
  private outbound: TlsPayload[] = []
  /** Why the conversation cannot succeed (TLS alert, bad fragment, unexpected request). */
  failure: string | undefined

  constructor(private readonly o: EapTlsPeerOptions) {}

  /** RFC 3748 §5.1: the Identity Response the NAS forwards in the first Access-Request. */
  identityResponse(identifier = 0): Buffer {
    return encodeEapPacket({ code: EapCode.Response, identifier, type: EapType.Identity, data: Buffer.from(this.o.identity) })
  }

  /** The EAP-Response to one EAP-Request. */
  async respond(req: Extract<EapPacket, { code: 1 | 2 }>): Promise<Buffer> {
    const id = req.identifier
    if (req.type === EapType.Identity) return this.identityResponse(id)
    // RFC 3748 §5.3.1: a Nak names the method the peer wants.
    if (req.type !== EapType.Tls) return reply(id, EapType.Nak, Buffer.from([EapType.Tls]))
    const p = decodeTlsPayload(req.data)
    if (!p.ok) { this.failure ??= `EAP-TLS header: ${p.reason}`; return reply(id, EapType.Tls, encodeTlsPayload(ACK)) }
    const payload = p.value
    if ((payload.flags & 0x20) !== 0) {
      // RFC 5216 §2.1.1: the Start carries no data; the peer answers with its ClientHello.
      this.tls?.destroy()
      this.tls = this.newTlsClient()
      return reply(id, EapType.Tls, encodeTlsPayload(this.queue(await this.tls.exchange())))
    }
    // An empty request while we hold fragments is the server's ACK: send the next one.
    if (payload.data.length === 0 && this.outbound.length > 0) return reply(id, EapType.Tls, encodeTlsPayload(this.outbound.shift() as TlsPayload))
    const step = this.inbound.push(payload)
    if (step.kind === 'failed') { this.failure ??= `reassembly: ${step.reason}`; return reply(id, EapType.Tls, encodeTlsPayload(ACK)) }
    if (step.kind === 'more') return reply(id, EapType.Tls, encodeTlsPayload(ACK))
    if (this.tls === undefined) { this.failure ??= 'TLS data before EAP-TLS Start'; return reply(id, EapType.Tls, encodeTlsPayload(ACK)) }
    const out = await this.tls.exchange(step.message)
    if (this.tls.error !== undefined) this.failure ??= `TLS: ${this.tls.error.message}`
    // Nothing to say (TLS 1.2 after the server's Finished, TLS 1.3 after its commitment): ACK.
    return reply(id, EapType.Tls, encodeTlsPayload(out.length === 0 ? ACK : this.queue(out)))
  }

  private newTlsClient(): TlsClient {
    const o = this.o
    const session = o.session
    const lean = o.version === '1.3' && o.tlsClient !== 'node' && o.lean !== undefined && !Buffer.isBuffer(session)
    if (lean) {
      const c = o.lean as LeanTlsCredentials
      return new Tls13Client({
        servername: o.servername, trust: c.trust, clientKey: c.clientKey, clientChain: c.clientChain, keepSession: o.keepSession !== false,
        ...(isTls13Session(session) ? { session } : {}),
      })
    }
    return new TlsPipe({
      secureContext: o.secureContext, servername: o.servername, keepSession: o.keepSession !== false,
      ...(Buffer.isBuffer(session) ? { session } : {}),
    })
  }

  /** The TLS client runs on the lean client (tls13/) rather than node:tls. */
  get lean(): boolean {
    return this.tls instanceof Tls13Client
  }

  private queue(records: Buffer): TlsPayload {
    const frags = fragmentTlsMessage(records, this.o.maxEapLength)
    this.outbound = frags.slice(1)
    return frags[0] as TlsPayload
  }

  /** The handshake completed and the server certificate was verified. */
  get established(): boolean {
    return this.tls?.secure === true && this.tls.error === undefined
  }

  /** RFC 5216 §2.3 / RFC 9190 §2.3: the 64-octet MSK, once established. */
  msk(): Buffer | undefined {
    return this.tls === undefined || !this.established ? undefined : deriveMsk(this.tls, this.o.version)
  }

  /** RFC 5216 §2.3 / RFC 9190 §2.3: the 64-octet EMSK, once established (TEAP's inner-method binding). */
  emsk(): Buffer | undefined {
    return this.tls === undefined || !this.established ? undefined : deriveEmsk(this.tls, this.o.version)
  }

  /** TLS 1.3: did the server send its commitment (one octet 0x00 of application data, RFC 9190 §2.5)? */
  get committed(): boolean {
    return this.tls?.appData.some((d) => d.includes(0)) === true
  }

  /** The handshake resumed the offered session. */
  get resumed(): boolean {
    return this.tls?.resumed === true
  }

  /** The newest session the server gave (to resume with next time). */
  get session(): Buffer | Tls13Session | undefined {
    return this.tls?.session
  }

  get protocol(): string | null {
    return this.tls?.protocol ?? null
  }

  close(): void {
    this.tls?.destroy()
    this.tls = undefined
  }
}
