// EAP-TLS server method (RFC 5216; TLS 1.3 per RFC 9190 and RFC 9427): Start with the S bit,
// reassembly of the peer's fragments (ACKing each), the server's flights fragmented to the NAS's
// Framed-MTU (ACKed by the peer), the client certificate checked by the CertificateValidator once
// the handshake completes and before anything says success, the TLS 1.3 commitment message, and
// MSK/EMSK/Session-Id from the exporter. A resumed session (RFC 5216 §2.1.2, RFC 9190 §2.1.3)
// carries no client certificate: the leaf kept in the session state (the ticket, or the shared
// session-ID cache of tls-session-cache.ts) is checked again (chain, validity, revocation) before
// the policy sees its attributes.
import type { SecureContext } from 'node:tls'
import {
  EapType, TlsFlag, TlsReassembler, decodeTlsPayload, encodeTlsPayload, fragmentTlsMessage, type TlsPayload,
} from '../../../proto/eap/index.js'
import type { CertificateAttributes, CertificateValidator } from './certificate-validator.js'
import { deriveEapTlsKeys } from './eap-keys.js'
import type { MethodResponse } from './eap-method.js'
import { ConcludingMethod } from './concluding-method.js'
import { TlsServerEngine } from './tls-engine.js'

/** RFC 9190 §2.5: "the commitment message ... a single byte of value 0x00". */
const COMMITMENT_MESSAGE = Buffer.from([0x00])

export interface EapTlsOptions {
  org: string
  secureContext: SecureContext
  validator: CertificateValidator
  reassemblyLimit: number
}

export class EapTlsMethod extends ConcludingMethod {
  readonly type = EapType.Tls
  readonly authType = 'EAP-TLS'
  private started = false
  private engine: TlsServerEngine | undefined
  private reassembler: TlsReassembler
  private pending: TlsPayload[] = []
  /** The server's last flight is out: the peer's ACK of it ends the method. */
  private finalFlightSent = false
  /** How the handshake ended, kept after the engine is gone. */
  private handshake: { resumed: boolean; version: string | null } | undefined

  constructor(private readonly o: EapTlsOptions) {
    super()
    this.reassembler = new TlsReassembler(o.reassemblyLimit)
  }

  /** The handshake resumed a session (a ticket or a session ID). */
  get resumed(): boolean {
    return this.handshake?.resumed === true
  }

  /** Which TLS version the handshake settled on, once it did. */
  get tlsVersion(): string | null | undefined {
    return this.handshake?.version ?? this.engine?.protocol
  }

  buildReq(): Buffer {
    if (!this.started) {
      this.started = true
      // RFC 5216 §2.1.1: "the EAP server will then respond with an EAP-TLS/Start packet, which is
      // an EAP-Request packet with EAP-Type=EAP-TLS, the Start (S) bit set, and no data."
      return encodeTlsPayload({ flags: TlsFlag.S, totalLength: undefined, data: Buffer.alloc(0) })
    }
    const next = this.pending.shift()
    // RFC 5216 §3.1: a fragment from the peer is acknowledged by "an EAP-Request packet with
    // EAP-Type=EAP-TLS, no data".
    return encodeTlsPayload(next ?? { flags: 0, totalLength: undefined, data: Buffer.alloc(0) })
  }

  check(resp: MethodResponse): boolean {
    return resp.type === EapType.Tls && decodeTlsPayload(resp.data).ok
  }

  async process(resp: MethodResponse): Promise<void> {
    const decoded = decodeTlsPayload(resp.data)
    if (!decoded.ok) return this.fail(`decode_${decoded.reason.toLowerCase()}`)
    const p = decoded.value
    if (this.pending.length > 0) {
      // RFC 5216 §3.1: while the server fragments, "the EAP peer MUST respond with an EAP-Response
      // packet with EAP-Type=EAP-TLS and no data" to each fragment.
      if (p.data.length !== 0) return this.fail('data_during_fragments')
      return
    }
    const step = this.reassembler.push(p)
    if (step.kind === 'failed') return this.fail(`reassembly_${step.reason.toLowerCase()}`)
    if (step.kind === 'more') return
    const engine = (this.engine ??= new TlsServerEngine(this.o.secureContext))
    if (step.message.length === 0) {
      // An ACK of our final flight: the peer has all it needs.
      if (!this.finalFlightSent || this.result !== undefined) return this.fail('unexpected_ack')
      return this.finish(engine)
    }
    if (this.finalFlightSent) return this.fail('data_after_handshake')
    await engine.feed(step.message)
    if (engine.error !== undefined) return this.fail('tls_error')
    if (engine.handshakeDone) {
      this.handshake = { resumed: engine.resumed, version: engine.protocol }
      const peer = await this.validatePeer(engine)
      if (peer === undefined) return
      if (engine.protocol === 'TLSv1.3') await engine.writeApplicationData(COMMITMENT_MESSAGE)
      if (engine.error !== undefined) return this.fail('tls_error')
      this.peerAttributes = peer
      this.finalFlightSent = true
      // RFC 5216 §2.1.2: in a resumed TLS 1.2 handshake the peer's ChangeCipherSpec and Finished
      // come last; "the EAP server will then send an EAP-Success" (nothing more for TLS to say).
      if (engine.resumed && engine.protocol !== 'TLSv1.3' && engine.pendingOutput === 0) return this.finish(engine)
    }
    const out = engine.takeOutput()
    if (out.length === 0) return this.fail('tls_no_output')
    this.pending = fragmentTlsMessage(out, resp.maxEapLength)
  }

  private peerAttributes: CertificateAttributes | undefined

  private async validatePeer(engine: TlsServerEngine): Promise<CertificateAttributes | undefined> {
    const chainDer = engine.peerChainDer()
    // RFC 5216 §5.3: the server "MUST" authenticate the peer; no certificate is a failure.
    if (chainDer.length === 0) {
      this.fail('no_client_certificate')
      return undefined
    }
    const v = await this.o.validator.validate({ org: this.o.org, chainDer, purpose: 'clientAuth' })
    if (!v.ok) {
      this.fail(`cert_${v.reason.toLowerCase()}`)
      return undefined
    }
    return v.attributes
  }

  private finish(engine: TlsServerEngine): void {
    const keys = deriveEapTlsKeys(engine)
    if (keys === undefined || this.peerAttributes === undefined) return this.fail('no_keys')
    this.result = { ok: true, keys, peer: this.peerAttributes }
    engine.destroy()
  }

  private fail(reason: string): void {
    this.result ??= { ok: false, reason }
    this.pending = []
    this.engine?.destroy()
  }

  reset(): void {
    this.clearResult()
    this.engine?.destroy()
    this.engine = undefined
    this.pending = []
    this.started = false
    this.finalFlightSent = false
    this.handshake = undefined
    this.reassembler = new TlsReassembler(this.o.reassemblyLimit)
  }
}
