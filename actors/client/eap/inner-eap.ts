// Phase 2 of PEAPv0 (requirements §1.5): inner Identity, then inner EAP-TLS (RFC 5216) run by
// the same EapTlsMethod as the outer EAP-TLS, a second TLS handshake whose records travel inside
// the tunnel; the only inner method offered. A Nak asking for EAP-MSCHAPv2 is refused with its
// own reason (§1.11: "PEAP with EAP-MSCHAP v2 is not supported"). Inner packets are PEAPv0
// compressed (Type, Type-Data); the method decides, the caller frames.
import type { SecureContext } from 'node:tls'
import { EapType } from '../../../proto/eap/index.js'
import type { CertificateAttributes, CertificateValidator } from './certificate-validator.js'
import { EapTlsMethod } from './eap-tls-method.js'
import { TunnelFailure } from './tunnel-failure.js'

export interface InnerEapOptions {
  org: string
  secureContext: SecureContext
  validator: CertificateValidator
  reassemblyLimit: number
}

/** What phase 2 does next: send an inner request, or end. */
export type InnerStep =
  | { kind: 'request'; type: number; data: Buffer }
  | { kind: 'success'; peer: CertificateAttributes | undefined }
  | { kind: 'failure'; reason: string }

/**
 * Inner EAP packets may be large: they ride in TLS records that the outer method fragments to
 * Framed-MTU anyway, so the inner EAP-TLS flight is not split twice (one inner round trip less
 * per 1400 octets of certificates). 16 KiB minus room for headers stays in one TLS record.
 */
const INNER_MAX_EAP_LENGTH = 16_000

export class InnerEap {
  private stage: 'identity' | 'method' | 'done' = 'identity'
  private tls: EapTlsMethod | undefined
  identity: string | undefined

  constructor(private readonly o: InnerEapOptions) {}

  /** The first inner request: Identity (RFC 3748 §5.1), no data. */
  start(): InnerStep {
    return { kind: 'request', type: EapType.Identity, data: Buffer.alloc(0) }
  }

  /** The peer's inner response (compressed: Type and Type-Data). */
  async respond(type: number, data: Buffer): Promise<InnerStep> {
    if (this.stage === 'identity') {
      if (type !== EapType.Identity) return this.fail(TunnelFailure.PEAP_INNER_INVALID)
      this.identity = data.subarray(0, 253).toString('utf8')
      this.stage = 'method'
      this.tls = new EapTlsMethod({ org: this.o.org, secureContext: this.o.secureContext, validator: this.o.validator, reassemblyLimit: this.o.reassemblyLimit })
      return this.request(this.tls)
    }
    const tls = this.tls
    if (this.stage !== 'method' || tls === undefined) return this.fail(TunnelFailure.PEAP_INNER_INVALID)
    if (type === EapType.Nak) {
      // RFC 3748 §5.3.1: the Nak lists the types the peer desires.
      return this.fail(data.includes(EapType.MsChapV2) ? TunnelFailure.PEAP_MSCHAPV2_UNSUPPORTED : TunnelFailure.PEAP_INNER_NAK)
    }
    const resp = { type, data, maxEapLength: INNER_MAX_EAP_LENGTH }
    if (!tls.check(resp)) return this.fail(TunnelFailure.PEAP_INNER_INVALID)
    await tls.process(resp)
    if (!tls.isDone()) return this.request(tls)
    if (!tls.succeeded()) return this.fail(`peap_inner_${tls.failureReason() ?? 'failed'}`)
    const peer = tls.peer()
    this.stage = 'done'
    // The inner keys are not used: PEAPv0 without crypto-binding keys from the outer tunnel.
    tls.reset()
    return { kind: 'success', peer }
  }

  reset(): void {
    this.tls?.reset()
    this.stage = 'done'
  }

  private request(m: EapTlsMethod): InnerStep {
    return { kind: 'request', type: EapType.Tls, data: m.buildReq() }
  }

  private fail(reason: string): InnerStep {
    this.reset()
    return { kind: 'failure', reason }
  }
}
