// TEAPv1 server method (RFC 7170; draft-ietf-emu-rfc7170bis): the TLS tunnel of
// tls-tunnel-method.ts with TEAP's framing (Start with the O bit and an Authority-ID Outer TLV,
// §4.1, §4.2.2), phase 2 started in the flight that carries the server's Finished, the inner
// machine and user EAP-TLS chain (teap-inner-chain.ts), and the keys of §5 (teap-keys.ts). The
// tunnel is TLS 1.2 (the org's TLS-1.2 context): RFC 7170 defines its key derivation over TLS 1.2,
// and wpa_supplicant 2.10 and Windows offer TEAP over TLS 1.2.
import { createHash } from 'node:crypto'
import type { SecureContext } from 'node:tls'
import { EapType, TEAP_VERSION, authorityIdTlv, encodeTeapStart, splitTeapOuter, type TlsPayload } from '../../../proto/eap/index.js'
import type { CertificateAttributes, CertificateValidator } from './certificate-validator.js'
import type { MethodKeys } from './eap-keys.js'
import type { MethodResponse } from './eap-method.js'
import { TeapFailure } from './teap-failure.js'
import { TeapInnerChain } from './teap-inner-chain.js'
import { initialCompoundKeys, suiteHashes, teapMethodKeys, zeroCompoundKeys } from '../../../proto/eap/teap-keys.js'
import type { TlsServerEngine } from './tls-engine.js'
import { TlsTunnelMethod, type TunnelOptions } from './tls-tunnel-method.js'

/** RFC 7170 §5.1: session_key_seed = TLS-Exporter("EXPORTER: teap session key seed", , 40). */
const SESSION_KEY_SEED_LABEL = 'EXPORTER: teap session key seed'
const SESSION_KEY_SEED_LENGTH = 40

export interface TeapOptions extends TunnelOptions {
  /** The inner EAP-TLS context (the org's usual one: TLS 1.2 and 1.3). */
  innerSecureContext: SecureContext
  validator: CertificateValidator
}

/** §4.2.2 Authority-ID: "a unique identifier for the server"; 16 octets of the org's name digest. */
function authorityId(org: string): Buffer {
  return createHash('sha256').update(`nac teap authority ${org}`).digest().subarray(0, 16)
}

export class TeapMethod extends TlsTunnelMethod {
  readonly type = EapType.Teap
  readonly authType = 'TEAP'
  protected readonly keyLabel = ''
  protected readonly version: number = TEAP_VERSION
  protected readonly phase2WithFinished = true
  private readonly serverOuterTlvs: Buffer
  private peerOuterTlvs: Buffer | undefined
  private peerVersion: number | undefined
  private chain: TeapInnerChain | undefined
  private prf: 'sha256' | 'sha384' = 'sha256'

  constructor(private readonly t: TeapOptions) {
    super(t)
    this.serverOuterTlvs = authorityIdTlv(authorityId(t.org))
  }

  /** The machine's certificate, once its inner EAP-TLS succeeded (the user's is peer()). */
  machinePeer(): CertificateAttributes | undefined {
    return this.result?.ok === true ? this.chain?.peers.machine : undefined
  }

  /** The inner identities the peer gave (user first: it is the one the policy matches). */
  get innerIdentity(): string | undefined {
    return this.chain?.identities.user ?? this.chain?.identities.machine
  }

  protected startData(): Buffer {
    // §3.2: "The EAP server initiates the TEAP conversation with an EAP request containing a
    // TEAP/Start packet", S bit set, version 1, and the Authority-ID in the Outer TLVs.
    return encodeTeapStart(this.serverOuterTlvs)
  }

  protected decodePayload(data: Buffer): TlsPayload | undefined {
    const s = splitTeapOuter(data)
    return s.ok ? s.payload : undefined
  }

  async process(resp: MethodResponse): Promise<void> {
    const s = splitTeapOuter(resp.data)
    if (!s.ok) return this.fail(TeapFailure.OUTER_TLVS)
    if (this.peerVersion === undefined) {
      // §3.1: version negotiation; "version 1 is the first" so a 0 ends the method.
      if (s.version < TEAP_VERSION) return this.fail(TeapFailure.VERSION)
      this.peerVersion = s.version
      this.peerOuterTlvs = s.outerTlvs === undefined ? undefined : Buffer.from(s.outerTlvs)
    } else if (s.outerTlvs !== undefined) {
      return this.fail(TeapFailure.OUTER_TLVS)
    }
    return super.process(resp)
  }

  protected async onTunnelAck(): Promise<void> {
    const tunnel = this.tunnel
    if (this.chain !== undefined || tunnel === undefined) return this.fail(TeapFailure.UNEXPECTED_TLVS)
    const suite = tunnel.cipherSuite()
    if (tunnel.protocol !== 'TLSv1.2' || suite === undefined) return this.fail(TeapFailure.TLS_VERSION)
    const hashes = suiteHashes(suite)
    this.prf = hashes.prf
    const seed = tunnel.exportKeyingMaterial(SESSION_KEY_SEED_LENGTH, SESSION_KEY_SEED_LABEL)
    this.chain = new TeapInnerChain(
      { org: this.t.org, secureContext: this.t.innerSecureContext, validator: this.t.validator, reassemblyLimit: this.t.reassemblyLimit },
      { prf: hashes.prf, mac: hashes.mac, serverOuterTlvs: this.serverOuterTlvs, peerOuterTlvs: this.peerOuterTlvs, peerVersion: this.peerVersion ?? TEAP_VERSION },
      initialCompoundKeys(seed),
    )
    seed.fill(0)
    await this.apply(this.chain.start())
  }

  protected async onPhase2(data: Buffer): Promise<void> {
    const chain = this.chain
    if (chain === undefined) return this.fail(TeapFailure.UNEXPECTED_TLVS)
    await this.apply(await chain.respond(data))
  }

  private async apply(step: Awaited<ReturnType<TeapInnerChain['respond']>>): Promise<void> {
    if (step.kind === 'send') return this.send(step.tlvs)
    if (step.kind === 'failure') return this.fail(step.reason)
    return this.succeed(this.chain?.peers.user)
  }

  protected deriveKeys(tunnel: TlsServerEngine): MethodKeys | undefined {
    const chain = this.chain
    const unique = tunnel.tlsUnique()
    if (chain === undefined || unique === undefined) return undefined
    // RFC 7170 §5.4 (and hostapd): Session-Id = 0x37 || tls-unique of the tunnel.
    return teapMethodKeys(this.prf, chain.keys, Buffer.concat([Buffer.from([EapType.Teap]), unique]))
  }

  reset(): void {
    if (this.chain !== undefined) {
      this.chain.reset()
      zeroCompoundKeys(this.chain.keys)
    }
    this.chain = undefined
    this.peerOuterTlvs = undefined
    this.peerVersion = undefined
    super.reset()
  }
}
