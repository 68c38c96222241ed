// TEAP phase 2 on the peer side (RFC 7170 §3.3, §3.6; draft-ietf-emu-rfc7170bis §3.6), as
// wpa_supplicant 2.10's eap_teap_process_decrypted does it with machine and user credentials, each
// by inner EAP-TLS (RFC 5216, TLS 1.2): the server's EAP-Payload TLV carries a whole inner
// EAP-Request (§4.2.10), answered with an EAP-Payload TLV holding the inner EAP-Response; an
// Identity-Type TLV (§4.2.3, 1 user, 2 machine) picks the credential and is echoed; an inner
// Identity request starts a new inner method. After each inner method the server sends
// Intermediate-Result (Success) and a Crypto-Binding request (teap-crypto-binding.ts), after the
// last one also Result (Success); the peer answers Intermediate-Result (Success), [Result
// (Success)], Crypto-Binding response, in wpa_supplicant's order. The MSK comes from the last
// S-IMCK (§5.4). The harness demands both identities: Result (Success) before the machine and the
// user both authenticated is a failure (the scenario is "machine and user").
import type { SecureContext } from 'node:tls'
import {
  EapCode, EapType, TeapErrorCode, TeapIdentityType, TeapStatus, decodeEapPacket, decodePeerMessage, eapPayloadTlv, errorTlv,
  identityTypeTlv, initialCompoundKeys, resultTlv, suiteHashes, teapMethodKeys, zeroCompoundKeys, type CompoundKeys,
} from '../../proto/eap/index.js'
import { EapTlsPeer } from './eap-tls-peer.js'
import { answerCryptoBinding, type TeapBindingContext } from './teap-crypto-binding.js'

export type TeapRole = 'machine' | 'user'

export interface TeapCredential {
  /** The inner EAP Identity (wpa_supplicant's machine_identity / identity). */
  identity: string
  /** Inner EAP-TLS client context (credentials.ts: TLS 1.2, no session ticket). */
  secureContext: SecureContext
}

export interface TeapPhase2Options {
  machine: TeapCredential
  user: TeapCredential
  servername: string
  /** Inner EAP-TLS fragment size (the outer one less INNER_MTU_MARGIN, as wpa_supplicant). */
  maxEapLength: number
}

/** What the tunnel gives phase 2 once it is up. */
export interface TeapTunnelFacts {
  /** RFC 7170 §5.1: TLS-Exporter("EXPORTER: teap session key seed", no context, 40) = S-IMCK[0]. */
  sessionKeySeed: Buffer
  /** The tunnel's cipher suite (IANA name): its PRF and MAC hashes. */
  cipherSuite: string
  serverOuterTlvs: Buffer
  receivedVersion: number
  /** §5.4 Session-Id: 0x37 || tls-unique. */
  sessionId: Buffer
}

/** Zero the keys of IMCK[j-1] that IMCK[j] does not carry on (the EMSK chain stays when a method gave no EMSK). */
function zeroReplaced(prev: CompoundKeys, next: CompoundKeys): void {
  prev.simckMsk.fill(0)
  prev.cmkMsk.fill(0)
  if (prev.simckEmsk !== next.simckEmsk) prev.simckEmsk.fill(0)
  if (prev.cmkEmsk !== next.cmkEmsk) prev.cmkEmsk?.fill(0)
}

const ROLE_OF: Record<number, TeapRole> = { [TeapIdentityType.Machine]: 'machine', [TeapIdentityType.User]: 'user' }

export class TeapPhase2 {
  private binding: TeapBindingContext | undefined
  private keys: CompoundKeys | undefined
  private sessionId: Buffer | undefined
  private inner: EapTlsPeer | undefined
  private role: TeapRole | undefined
  /** The identities whose inner method ended with a verified Crypto-Binding. */
  readonly authenticated = new Set<TeapRole>()
  private finalMsk: Buffer | undefined
  private ownFailure: string | undefined

  constructor(private readonly o: TeapPhase2Options) {}

  get started(): boolean {
    return this.binding !== undefined
  }

  /** The tunnel is up: the IMCK chain starts from the session key seed. */
  begin(t: TeapTunnelFacts): void {
    const h = suiteHashes(t.cipherSuite)
    this.binding = { prf: h.prf, mac: h.mac, serverOuterTlvs: t.serverOuterTlvs, receivedVersion: t.receivedVersion }
    this.keys = initialCompoundKeys(t.sessionKeySeed)
    this.sessionId = t.sessionId
  }

  /** Result (Success) came with a verified Crypto-Binding after both identities. */
  get complete(): boolean {
    return this.finalMsk !== undefined
  }

  get failure(): string | undefined {
    const f = this.inner?.failure
    return this.ownFailure ?? (f === undefined ? undefined : `inner EAP-TLS (${this.role ?? '-'}): ${f}`)
  }

  /** §5.4: the TEAP MSK, once complete. */
  msk(): Buffer | undefined {
    return this.finalMsk
  }

  /** The server's phase 2 TLVs in, the peer's TLVs out. */
  async receive(plain: Buffer): Promise<Buffer> {
    const d = decodePeerMessage(plain)
    if (!d.ok) return this.fail(`server TLVs: ${d.reason}`, false, TeapErrorCode.UnexpectedTlvsExchanged)
    const m = d.message
    // §3.6.3: the server's Result (Failure) is answered with Result (Failure); the exchange ends.
    if (m.result === TeapStatus.Failure) return this.fail(`the server sent Result (Failure)${m.errorCode === undefined ? '' : `, Error ${m.errorCode}`}`, false)
    const iresult = m.intermediateResult !== undefined
    if (m.intermediateResult === TeapStatus.Success && m.cryptoBinding === undefined) return this.fail('Intermediate-Result (Success) without a Crypto-Binding', iresult, TeapErrorCode.TunnelCompromiseError)
    if (m.result === TeapStatus.Success && m.cryptoBinding === undefined) return this.fail('Result (Success) without a Crypto-Binding', iresult, TeapErrorCode.TunnelCompromiseError)
    if (m.intermediateResult === TeapStatus.Failure) return this.fail('the server sent Intermediate-Result (Failure)', iresult)
    const parts: Buffer[] = []
    if (m.eapPayload !== undefined) {
      const answer = await this.innerEap(m.eapPayload, m.identityType)
      if (answer === undefined) return this.fail(this.ownFailure ?? 'inner EAP', iresult)
      parts.push(eapPayloadTlv(answer))
      if (m.identityType !== undefined) parts.push(identityTypeTlv(m.identityType as TeapIdentityType))
    }
    if (m.cryptoBinding !== undefined) {
      const binding = this.binding
      const inner = this.inner
      const role = this.role
      if (binding === undefined || this.keys === undefined) return this.fail('Crypto-Binding before the tunnel was up', iresult, TeapErrorCode.UnexpectedTlvsExchanged)
      if (m.intermediateResult !== TeapStatus.Success) return this.fail('Crypto-Binding without Intermediate-Result (Success)', iresult, TeapErrorCode.UnexpectedTlvsExchanged)
      if (inner === undefined || role === undefined || !inner.established) return this.fail('Intermediate-Result (Success) before the inner EAP-TLS handshake completed', iresult)
      const a = answerCryptoBinding(binding, this.keys, { msk: inner.msk(), emsk: inner.emsk() }, m.cryptoBinding)
      if (!a.ok) return this.fail(a.reason, iresult, TeapErrorCode.TunnelCompromiseError)
      zeroReplaced(this.keys, a.keys)
      this.keys = a.keys
      this.authenticated.add(role)
      inner.close()
      this.inner = undefined
      parts.push(resultTlv(TeapStatus.Success, true))
      if (m.result === TeapStatus.Success) {
        if (!this.authenticated.has('machine') || !this.authenticated.has('user')) {
          return this.fail(`Result (Success) after only ${[...this.authenticated].join(' and ')}`, false)
        }
        parts.push(resultTlv(TeapStatus.Success, false))
        this.finalMsk = teapMethodKeys(binding.prf, a.keys, this.sessionId ?? Buffer.alloc(0)).msk
      }
      parts.push(a.response)
    }
    if (parts.length === 0) return this.fail('no TLV the peer acts on', iresult, TeapErrorCode.UnexpectedTlvsExchanged)
    return Buffer.concat(parts)
  }

  /** One inner EAP request: a new inner EAP-TLS on an Identity request, else the current one's next step. */
  private async innerEap(payload: Buffer, identityType: number | undefined): Promise<Buffer | undefined> {
    const p = decodeEapPacket(payload)
    if (!p.ok || p.value.code !== EapCode.Request) { this.ownFailure ??= 'EAP-Payload holds no inner EAP-Request'; return undefined }
    const req = p.value
    if (identityType !== undefined) {
      const role = ROLE_OF[identityType]
      if (role === undefined) { this.ownFailure ??= `Identity-Type ${identityType}`; return undefined }
      this.role = role
    }
    if (req.type === EapType.Identity) {
      // wpa_supplicant: the user's credentials unless the server asked for the machine.
      const role = (this.role ??= 'user')
      this.inner?.close()
      const c = this.o[role]
      this.inner = new EapTlsPeer({ version: '1.2', identity: c.identity, secureContext: c.secureContext, servername: this.o.servername, maxEapLength: this.o.maxEapLength })
    }
    if (this.inner === undefined) { this.ownFailure ??= `inner EAP type ${req.type} before an inner Identity request`; return undefined }
    return this.inner.respond(req)
  }

  /** §3.6: the peer's failure answer, as wpa_supplicant's: [Intermediate-Result (Failure)], [Error], Result (Failure). */
  private fail(reason: string, intermediate: boolean, error?: number): Buffer {
    this.ownFailure ??= reason
    this.finalMsk = undefined
    return Buffer.concat([
      ...(intermediate ? [resultTlv(TeapStatus.Failure, true)] : []),
      ...(error === undefined ? [] : [errorTlv(error)]),
      resultTlv(TeapStatus.Failure, false),
    ])
  }

  close(): void {
    this.inner?.close()
    this.inner = undefined
    if (this.keys !== undefined) zeroCompoundKeys(this.keys)
    this.keys = undefined
  }
}
