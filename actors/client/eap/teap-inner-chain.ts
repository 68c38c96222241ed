// TEAP phase 2 (RFC 7170 §3.3, draft-ietf-emu-rfc7170bis §3.6): two inner EAP-TLS methods chained
// in one tunnel, the machine first, then the user (requirements §1.4: both mandatory). Each starts
// with Identity-Type and an inner EAP-Request/Identity in EAP-Payload TLVs; after each inner
// method the server sends Intermediate-Result and a Crypto-Binding request over the IMCK chain
// (teap-keys.ts), and the peer must answer with a Crypto-Binding response that verifies; the
// second one goes with the Result TLV. A failed inner method is answered with Result (Failure)
// and Error 1001 (§3.6.3 protected failure), and the conversation ends on the peer's answer.
// The message order follows hostapd's eap_server_teap.c, which wpa_supplicant and Windows accept.
import { randomBytes, timingSafeEqual } from 'node:crypto'
import {
  CryptoBindingFlags, CryptoBindingSubType, EapCode, EapType, TEAP_VERSION, TeapErrorCode, TeapIdentityType, TeapStatus,
  decodeCryptoBinding, decodeEapPacket, decodePeerMessage, eapPayloadTlv, encodeCryptoBinding, encodeEapPacket, errorTlv,
  identityTypeTlv, resultTlv, zeroedMacs, CB_MAC_LENGTH, CB_NONCE_LENGTH, type TeapPeerMessage,
} from '../../../proto/eap/index.js'
import type { SecureContext } from 'node:tls'
import type { CertificateAttributes, CertificateRole, CertificateValidator } from './certificate-validator.js'
import { EapTlsMethod } from './eap-tls-method.js'
import { TeapFailure } from './teap-failure.js'
import { compoundMac, nextCompoundKeys, type CompoundKeys, type TeapHash } from '../../../proto/eap/teap-keys.js'

/** Inner EAP packets ride in TLS records the outer method fragments: no second split (as PEAP). */
const INNER_MAX_EAP_LENGTH = 16_000

export interface TeapChainOptions {
  org: string
  /** The inner EAP-TLS server context (TLS 1.2 and 1.3, client certificate requested). */
  secureContext: SecureContext
  validator: CertificateValidator
  reassemblyLimit: number
}

/** What the tunnel sends next, or how the method ends. */
export type ChainStep =
  | { kind: 'send'; tlvs: Buffer }
  | { kind: 'success' }
  | { kind: 'failure'; reason: string }

export interface TeapBinding {
  prf: 'sha256' | 'sha384'
  mac: TeapHash
  serverOuterTlvs: Buffer
  peerOuterTlvs: Buffer | undefined
  peerVersion: number
}

type Stage = 'identity' | 'method' | 'binding' | 'failing' | 'done'

const ORDER: readonly CertificateRole[] = ['machine', 'user']
const IDENTITY_TYPE: Record<CertificateRole, number> = { machine: TeapIdentityType.Machine, user: TeapIdentityType.User }

export class TeapInnerChain {
  private stage: Stage = 'identity'
  private index = 0
  private innerId = Math.floor(Math.random() * 256)
  private tls: EapTlsMethod | undefined
  private nonce: Buffer | undefined
  private failReason: string | undefined
  readonly peers: Partial<Record<CertificateRole, CertificateAttributes | undefined>> = {}
  readonly identities: Partial<Record<CertificateRole, string>> = {}

  constructor(private readonly o: TeapChainOptions, private readonly binding: TeapBinding, public keys: CompoundKeys) {}

  private get role(): CertificateRole {
    return ORDER[this.index] as CertificateRole
  }

  /** The first phase 2 message: Identity-Type and the inner Identity request for the machine. */
  start(): ChainStep {
    return this.requestIdentity()
  }

  /** The peer's phase 2 TLVs: the next message, or the end. */
  async respond(plain: Buffer): Promise<ChainStep> {
    const decoded = decodePeerMessage(plain)
    if (!decoded.ok) return this.end(TeapFailure.TLVS_INVALID)
    const m = decoded.message
    // §3.6.3: after our protected failure the peer's answer (Result Failure) ends the exchange.
    if (this.stage === 'failing') return this.end(this.failReason ?? TeapFailure.PEER_FAILURE)
    if (m.result === TeapStatus.Failure) return this.end(TeapFailure.PEER_FAILURE)
    if (m.nak !== undefined) return this.end(TeapFailure.PEER_NAK)
    switch (this.stage) {
      case 'identity':
        return this.onIdentity(m)
      case 'method':
        return this.onMethod(m)
      case 'binding':
        return this.onBinding(m)
      default:
        return this.end(TeapFailure.UNEXPECTED_TLVS)
    }
  }

  reset(): void {
    this.tls?.reset()
    this.tls = undefined
    this.stage = 'done'
  }

  private requestIdentity(): ChainStep {
    this.stage = 'identity'
    this.innerId = (this.innerId + 1) & 0xff
    const identityRequest = encodeEapPacket({ code: EapCode.Request, identifier: this.innerId, type: EapType.Identity, data: Buffer.alloc(0) })
    return { kind: 'send', tlvs: Buffer.concat([eapPayloadTlv(identityRequest), identityTypeTlv(IDENTITY_TYPE[this.role] as 1 | 2)]) }
  }

  /** The inner EAP response, when it answers the last inner request. */
  private innerResponse(m: TeapPeerMessage): { type: number; data: Buffer } | undefined {
    if (m.eapPayload === undefined) return undefined
    const p = decodeEapPacket(m.eapPayload)
    if (!p.ok || p.value.code !== EapCode.Response || p.value.identifier !== this.innerId || !('type' in p.value)) return undefined
    return { type: p.value.type, data: p.value.data }
  }

  private onIdentity(m: TeapPeerMessage): ChainStep {
    // §4.2.3: the peer answers with the Identity-Type it uses; another than asked is refused
    // (hostapd eap_teap_valid_id_type for "require user and machine").
    if (m.identityType !== undefined && m.identityType !== IDENTITY_TYPE[this.role]) return this.protectedFailure(TeapFailure.IDENTITY_TYPE)
    const r = this.innerResponse(m)
    if (r === undefined || r.type !== EapType.Identity) return this.end(TeapFailure.INNER_EAP_INVALID)
    this.identities[this.role] = r.data.subarray(0, 253).toString('utf8')
    const role = this.role
    const validator: CertificateValidator = { validate: (input) => this.o.validator.validate({ ...input, role }) }
    this.tls = new EapTlsMethod({ org: this.o.org, secureContext: this.o.secureContext, validator, reassemblyLimit: this.o.reassemblyLimit })
    this.stage = 'method'
    return this.innerRequest(this.tls)
  }

  private innerRequest(tls: EapTlsMethod): ChainStep {
    this.innerId = (this.innerId + 1) & 0xff
    const req = encodeEapPacket({ code: EapCode.Request, identifier: this.innerId, type: EapType.Tls, data: tls.buildReq() })
    return { kind: 'send', tlvs: eapPayloadTlv(req) }
  }

  /** An inner EAP-TLS round (TLS and the certificate check may wait). */
  private async onMethod(m: TeapPeerMessage): Promise<ChainStep> {
    const tls = this.tls
    if (tls === undefined) return this.end(TeapFailure.UNEXPECTED_TLVS)
    const r = this.innerResponse(m)
    if (r === undefined) return this.end(TeapFailure.INNER_EAP_INVALID)
    if (r.type === EapType.Nak) return this.protectedFailure(TeapFailure.INNER_NAK)
    const resp = { type: r.type, data: r.data, maxEapLength: INNER_MAX_EAP_LENGTH }
    if (!tls.check(resp)) return this.end(TeapFailure.INNER_EAP_INVALID)
    await tls.process(resp)
    if (!tls.isDone()) return this.innerRequest(tls)
    if (!tls.succeeded()) return this.protectedFailure(`teap_${this.role}_${tls.failureReason() ?? 'failed'}`)
    this.peers[this.role] = tls.peer()
    const k = tls.getKey()
    const next = nextCompoundKeys(this.binding.prf, this.keys, { msk: k?.msk, emsk: k?.emsk })
    tls.reset()
    this.tls = undefined
    this.keys = next
    return this.bindingRequest()
  }

  private get last(): boolean {
    return this.index === ORDER.length - 1
  }

  /** Intermediate-Result (Success), the Result (Success) after the last method, and a Crypto-Binding request. */
  private bindingRequest(): ChainStep {
    this.stage = 'binding'
    const nonce = randomBytes(CB_NONCE_LENGTH)
    // §4.2.13: "the least significant bit of the last octet of the Nonce ... set to 0" in a request.
    nonce[CB_NONCE_LENGTH - 1] = (nonce[CB_NONCE_LENGTH - 1] as number) & 0xfe
    this.nonce = nonce
    const emsk = this.keys.cmkEmsk !== undefined
    const draft = encodeCryptoBinding({
      version: TEAP_VERSION, receivedVersion: this.binding.peerVersion, flags: emsk ? CryptoBindingFlags.Both : CryptoBindingFlags.Msk,
      subType: CryptoBindingSubType.Request, nonce, emskMac: Buffer.alloc(CB_MAC_LENGTH), mskMac: Buffer.alloc(CB_MAC_LENGTH),
    })
    const mskMac = this.mac(this.keys.cmkMsk, draft)
    const emskMac = this.keys.cmkEmsk === undefined ? Buffer.alloc(CB_MAC_LENGTH) : this.mac(this.keys.cmkEmsk, draft)
    const cb = encodeCryptoBinding({ ...decodeCryptoBinding(draft), nonce, emskMac, mskMac })
    const parts = [resultTlv(TeapStatus.Success, true)]
    if (this.last) parts.push(resultTlv(TeapStatus.Success, false))
    parts.push(cb)
    return { kind: 'send', tlvs: Buffer.concat(parts) }
  }

  private mac(cmk: Buffer, binding: Buffer): Buffer {
    return compoundMac(this.binding.mac, cmk, zeroedMacs(binding), this.binding.serverOuterTlvs, this.binding.peerOuterTlvs)
  }

  private onBinding(m: TeapPeerMessage): ChainStep {
    if (m.cryptoBinding === undefined || m.intermediateResult !== TeapStatus.Success) return this.end(TeapFailure.CRYPTO_BINDING)
    if (this.last && m.result !== TeapStatus.Success) return this.end(TeapFailure.CRYPTO_BINDING)
    if (!this.bindingVerifies(m.cryptoBinding)) return this.end(TeapFailure.CRYPTO_BINDING)
    if (this.last) {
      this.stage = 'done'
      return { kind: 'success' }
    }
    this.index++
    return this.requestIdentity()
  }

  /** §4.2.13 and §5.3, checked as hostapd's eap_teap_validate_crypto_binding does. */
  private bindingVerifies(tlv: Buffer): boolean {
    const cb = decodeCryptoBinding(tlv)
    const nonce = this.nonce
    if (nonce === undefined || cb.version !== TEAP_VERSION || cb.receivedVersion !== this.binding.peerVersion) return false
    if (cb.subType !== CryptoBindingSubType.Response || cb.flags < CryptoBindingFlags.Emsk || cb.flags > CryptoBindingFlags.Both) return false
    // The response echoes the request's nonce with the last bit set.
    const expected = Buffer.from(nonce)
    expected[CB_NONCE_LENGTH - 1] = (expected[CB_NONCE_LENGTH - 1] as number) | 0x01
    if (!timingSafeEqual(expected, cb.nonce)) return false
    const hasMsk = cb.flags === CryptoBindingFlags.Msk || cb.flags === CryptoBindingFlags.Both
    const hasEmsk = cb.flags === CryptoBindingFlags.Emsk || cb.flags === CryptoBindingFlags.Both
    if (hasMsk && !timingSafeEqual(this.mac(this.keys.cmkMsk, tlv), cb.mskMac)) return false
    if (hasEmsk) {
      if (this.keys.cmkEmsk === undefined) return cb.flags === CryptoBindingFlags.Both
      if (!timingSafeEqual(this.mac(this.keys.cmkEmsk, tlv), cb.emskMac)) return false
    }
    return true
  }

  /** §3.6.3: Result (Failure) with Error 1001 inside the tunnel; the peer's answer ends it. */
  private protectedFailure(reason: string): ChainStep {
    this.tls?.reset()
    this.tls = undefined
    this.stage = 'failing'
    this.failReason = reason
    return { kind: 'send', tlvs: Buffer.concat([resultTlv(TeapStatus.Failure, false), errorTlv(TeapErrorCode.InnerMethodError)]) }
  }

  private end(reason: string): ChainStep {
    this.reset()
    return { kind: 'failure', reason }
  }
}
