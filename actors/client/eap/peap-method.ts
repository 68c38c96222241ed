// PEAPv0 server method with inner EAP-TLS only (draft-josefsson-pppext-eap-tls-eap-10, MS-PEAP;
// requirements §1.5 "PEAP-TLS"): the tunnel of tls-tunnel-method.ts; once the peer ACKs our
// Finished, phase 2 (inner-eap.ts) runs in compressed inner EAP packets; after the inner EAP-TLS
// succeeds the server sends the Result TLV (Success) in an Extensions packet and, when the peer
// echoes Success, the outer EAP-Success. Keys come from the outer tunnel ("client EAP
// encryption"); crypto-binding is not offered (it is optional for PEAPv0 peers).
import { EapType, ResultStatus, decodePeapInner, encodeCompressed, encodeResultRequest } from '../../../proto/eap/index.js'
import type { CertificateAttributes, CertificateValidator } from './certificate-validator.js'
import { InnerEap, type InnerStep } from './inner-eap.js'
import { TlsTunnelMethod, type TunnelOptions } from './tls-tunnel-method.js'
import { TunnelFailure } from './tunnel-failure.js'

export interface PeapOptions extends TunnelOptions {
  validator: CertificateValidator
}

export class PeapMethod extends TlsTunnelMethod {
  readonly type = EapType.Peap
  readonly authType = 'PEAP-TLS'
  protected readonly keyLabel = 'client EAP encryption'
  private readonly inner: InnerEap
  private phase2Started = false
  /** The inner method succeeded; the Result TLV (Success) is out, its echo awaited. */
  private innerPeer: { peer: CertificateAttributes | undefined } | undefined
  private resultId = 0

  constructor(o: PeapOptions) {
    super(o)
    this.inner = new InnerEap({ org: o.org, secureContext: o.secureContext, validator: o.validator, reassemblyLimit: o.reassemblyLimit })
  }

  /** The inner identity the peer gave in phase 2. */
  get innerIdentity(): string | undefined {
    return this.inner.identity
  }

  protected async onTunnelAck(): Promise<void> {
    if (this.phase2Started) return this.fail(TunnelFailure.TUNNEL_PROTOCOL)
    this.phase2Started = true
    await this.apply(this.inner.start())
  }

  protected async onPhase2(data: Buffer): Promise<void> {
    if (!this.phase2Started) return this.fail(TunnelFailure.TUNNEL_PROTOCOL)
    const p = decodePeapInner(data)
    if (p.kind === 'invalid') return this.fail(TunnelFailure.PEAP_INNER_INVALID)
    if (p.kind === 'result') {
      if (this.innerPeer === undefined || p.identifier !== this.resultId) return this.fail(TunnelFailure.PEAP_INNER_INVALID)
      return p.status === ResultStatus.Success ? this.succeed(this.innerPeer.peer) : this.fail(TunnelFailure.PEAP_RESULT_FAILURE)
    }
    if (this.innerPeer !== undefined) return this.fail(TunnelFailure.PEAP_INNER_INVALID)
    await this.apply(await this.inner.respond(p.type, p.data))
  }

  private async apply(step: InnerStep): Promise<void> {
    switch (step.kind) {
      case 'request':
        return this.send(encodeCompressed(step.type, step.data))
      case 'failure':
        return this.fail(step.reason)
      case 'success':
        this.innerPeer = { peer: step.peer }
        this.resultId = Math.floor(Math.random() * 256)
        return this.send(encodeResultRequest(this.resultId, ResultStatus.Success))
    }
  }

  reset(): void {
    super.reset()
    this.inner.reset()
  }
}
