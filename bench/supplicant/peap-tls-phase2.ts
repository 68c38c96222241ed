// Phase 2 of PEAPv0 with inner EAP-TLS (MS-PEAP; draft-josefsson-pppext-eap-tls-eap-10): the
// peer ACKs the server's Finished and waits; inner EAP requests arrive without their
// Code/Identifier/Length header ("compressed": Type, Type-Data), and are answered the same way:
// the Identity, then EAP-TLS (RFC 5216) by an EapTlsPeer with its own TLS handshake inside the
// tunnel. Only the Extensions request (EAP Type 33) keeps its full header; it carries the Result
// TLV, which the peer echoes (Success only once its inner handshake completed). Told apart as
// wpa_supplicant's eap_peap_process_phase2 does: a Request whose Length equals the data and whose
// Type is 33 is a full packet, anything else compressed.
import type { SecureContext } from 'node:tls'
import { EAP_TYPE_EXTENSIONS, EapCode, ResultStatus, decodeEapPacket, peapResultStatus } from '../../proto/eap/index.js'
import { EapTlsPeer } from './eap-tls-peer.js'
import type { Phase2 } from './tls-tunnel-peer.js'

export interface PeapTlsPhase2Options {
  identity: string
  /** The inner EAP-TLS context (client certificate; TLS 1.2, as wpa_supplicant's phase 2 by default). */
  secureContext: SecureContext
  servername: string
  /** Inner fragment size (see INNER_MTU_MARGIN). */
  maxEapLength: number
}

/**
 * wpa_supplicant (eap_tls_common.c, eap_peer_tls_ssl_init): "Limit the fragment size in the inner
 * TLS authentication since the outer authentication with EAP-PEAP does not yet support
 * fragmentation": its inner fragments are 100 octets under the outer ones. The harness does the same.
 */
export const INNER_MTU_MARGIN = 100

/** Result TLV (MS-PEAP 2.2.8.1): M bit | Type 3, Length 2, Status. */
const TLV_RESULT = 3

export class PeapTlsPhase2 implements Phase2 {
  private readonly inner: EapTlsPeer
  private echoed = false
  private ownFailure: string | undefined

  constructor(o: PeapTlsPhase2Options) {
    this.inner = new EapTlsPeer({ version: '1.2', identity: o.identity, secureContext: o.secureContext, servername: o.servername, maxEapLength: o.maxEapLength })
  }

  get complete(): boolean {
    return this.echoed
  }

  get failure(): string | undefined {
    return this.ownFailure ?? (this.inner.failure === undefined ? undefined : `inner EAP-TLS: ${this.inner.failure}`)
  }

  async established(): Promise<Buffer | undefined> {
    return undefined
  }

  async receive(plain: Buffer): Promise<Buffer | undefined> {
    if (plain.length >= 5 && plain[0] === EapCode.Request && plain.readUInt16BE(2) === plain.length && plain[4] === EAP_TYPE_EXTENSIONS) {
      return this.result(plain[1] as number, plain.subarray(5))
    }
    if (plain.length < 1) { this.ownFailure ??= 'empty inner request'; return undefined }
    const type = plain[0] as number
    // Re-framed as a full request for EapTlsPeer; the identifier is not on the wire (compressed).
    const answer = await this.inner.respond({ code: EapCode.Request, identifier: 0, type, data: plain.subarray(1) })
    const d = decodeEapPacket(answer)
    if (!d.ok || !('type' in d.value)) { this.ownFailure ??= 'inner answer did not encode'; return undefined }
    // Compressed: Type and Type-Data.
    return answer.subarray(4)
  }

  /** Echo the Result TLV: Success when the inner handshake completed, Failure otherwise. */
  private result(identifier: number, tlvs: Buffer): Buffer {
    const status = peapResultStatus(tlvs)
    const ok = status === ResultStatus.Success && this.inner.established
    if (status !== ResultStatus.Success) this.ownFailure ??= `Result TLV status ${status ?? 'missing'}`
    else if (!ok) this.ownFailure ??= 'Result TLV Success before the inner EAP-TLS handshake completed'
    this.echoed = ok
    const mine = ok ? ResultStatus.Success : ResultStatus.Failure
    // Code 2, Identifier, Length 11, Type 33, TLV: M|Type 3, Length 2, Status.
    return Buffer.from([EapCode.Response, identifier, 0, 11, EAP_TYPE_EXTENSIONS, 0x80, TLV_RESULT, 0, 2, 0, mine])
  }

  close(): void {
    this.inner.close()
  }
}
