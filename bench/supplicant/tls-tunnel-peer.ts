// The peer side of the tunnel methods, EAP-TTLSv0 (RFC 5281 §9) and PEAPv0 (draft-josefsson-
// pppext-eap-tls-eap-10, MS-PEAP): the EAP-TLS framing of RFC 5216 §3.1 with the version in the
// low three Flags bits, a server-authenticated TLS handshake (no client certificate), then phase 2
// over the tunnel, which a Phase2 object runs. The peer answers the server's version with 0 (RFC
// 5281 §9.1: "the client ... sets the Version field to the highest version it supports that is
// no greater than the version proposed by the server"; PEAPv0 likewise). The MSK comes from the
// tunnel once phase 2 completed (msk.ts).
import type { SecureContext } from 'node:tls'
import {
  EapCode, EapType, TlsFlag, TlsReassembler, decodeTlsPayload, encodeEapPacket, encodeTlsPayload, fragmentTlsMessage,
  type EapPacket, type TlsPayload,
} from '../../proto/eap/index.js'
import { deriveMethodMsk } from './msk.js'
import { TlsPipe } from './tls-pipe.js'

/** Phase 2 of one tunnel method, over the established tunnel. */
export interface Phase2 {
  /** The tunnel is up (the server's Finished arrived): plaintext to send at once (TTLS), or undefined to ACK (PEAP). */
  established(): Promise<Buffer | undefined>
  /** Plaintext from the server: the plaintext answer, or undefined when there is nothing to say (ACK). */
  receive(plain: Buffer): Promise<Buffer | undefined>
  /** Phase 2 did all it had to; the outer EAP-Success may come. */
  readonly complete: boolean
  /** Why phase 2 cannot succeed. */
  readonly failure: string | undefined
  close(): void
}

export interface TlsTunnelPeerOptions {
  /** EapType.Ttls or EapType.Peap. */
  type: number
  identity: string
  /** TLS 1.2 without a client certificate (credentials.ts). */
  secureContext: SecureContext
  servername: string
  maxEapLength: number
  /** The TLS 1.2 exporter label of the method's keys (msk.ts). */
  keyLabel: string
  phase2: Phase2
}

/** Our version: 0, the low three Flags bits (RFC 5281 §9.1). */
const VERSION = 0
const ACK: TlsPayload = { flags: VERSION, totalLength: undefined, data: Buffer.alloc(0) }

export class TlsTunnelPeer {
  private tls: TlsPipe | undefined
  private readonly inbound = new TlsReassembler()
  private outbound: TlsPayload[] = []
  private up = false
  /** Why the conversation cannot succeed (TLS alert, bad fragment, phase 2 failure). */
  private ownFailure: string | undefined

  constructor(private readonly o: TlsTunnelPeerOptions) {}

  get failure(): string | undefined {
    return this.ownFailure ?? this.o.phase2.failure
  }

  identityResponse(identifier = 0): Buffer {
    return encodeEapPacket({ code: EapCode.Response, identifier, type: EapType.Identity, data: Buffer.from(this.o.identity) })
  }

  async respond(req: Extract<EapPacket, { code: 1 | 2 }>): Promise<Buffer> {
    const reply = (payload: TlsPayload): Buffer => encodeEapPacket({ code: EapCode.Response, identifier: req.identifier, type: this.o.type, data: encodeTlsPayload(payload) })
    if (req.type === EapType.Identity) return this.identityResponse(req.identifier)
    // RFC 3748 §5.3.1: a Nak names the method the peer wants.
    if (req.type !== this.o.type) return encodeEapPacket({ code: EapCode.Response, identifier: req.identifier, type: EapType.Nak, data: Buffer.from([this.o.type]) })
    const p = decodeTlsPayload(req.data)
    if (!p.ok) { this.ownFailure ??= `tunnel header: ${p.reason}`; return reply(ACK) }
    const payload = p.value
    if ((payload.flags & TlsFlag.S) !== 0) {
      this.tls?.destroy()
      this.tls = new TlsPipe({ secureContext: this.o.secureContext, servername: this.o.servername })
      this.up = false
      return reply(this.queue(await this.tls.exchange()))
    }
    if (payload.data.length === 0 && this.outbound.length > 0) return reply(this.outbound.shift() as TlsPayload)
    const step = this.inbound.push({ ...payload, flags: payload.flags & ~0x07 })
    if (step.kind === 'failed') { this.ownFailure ??= `reassembly: ${step.reason}`; return reply(ACK) }
    if (step.kind === 'more') return reply(ACK)
    const tls = this.tls
    if (tls === undefined) { this.ownFailure ??= 'TLS data before Start'; return reply(ACK) }
    let out = await tls.exchange(step.message)
    if (tls.error !== undefined) { this.ownFailure ??= `TLS: ${tls.error.message}`; return reply(out.length === 0 ? ACK : this.queue(out)) }
    const plain = tls.takeAppData()
    let answer: Buffer | undefined
    if (plain.length > 0) answer = await this.o.phase2.receive(plain)
    else if (tls.secure && !this.up) answer = await this.o.phase2.established()
    this.up ||= tls.secure
    if (answer !== undefined) out = Buffer.concat([out, await tls.write(answer)])
    return reply(out.length === 0 ? ACK : this.queue(out))
  }

  private queue(records: Buffer): TlsPayload {
    const frags = fragmentTlsMessage(records, this.o.maxEapLength, VERSION)
    this.outbound = frags.slice(1)
    return frags[0] as TlsPayload
  }

  /** The tunnel's MSK, once the handshake is done and phase 2 completed. */
  msk(): Buffer | undefined {
    const tls = this.tls
    if (tls === undefined || !tls.secure || tls.error !== undefined || !this.o.phase2.complete) return undefined
    return deriveMethodMsk(tls, tls.protocol === 'TLSv1.3' ? '1.3' : '1.2', this.o.type, this.o.keyLabel)
  }

  get protocol(): string | null {
    return this.tls?.protocol ?? null
  }

  close(): void {
    this.tls?.destroy()
    this.tls = undefined
    this.o.phase2.close()
  }
}
