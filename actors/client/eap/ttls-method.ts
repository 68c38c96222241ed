// EAP-TTLSv0 server method with inner PAP only (RFC 5281; requirements §1.3): the tunnel of
// tls-tunnel-method.ts, then one phase 2 message of Diameter AVPs (§10) carrying User-Name and
// User-Password (§11.2.5), verified by the identity provider of the user's realm. MSCHAPv2,
// MSCHAP, CHAP and inner EAP (EAP-MSCHAPv2 told apart) are refused, each with its own reason (requirements §1.11). On
// success the server sends EAP-Success at once (§11.2.5 leaves no further phase 2 exchange).
// A provider that cannot answer leaves the method waiting (awaiting() = 'idp_unavailable'): the
// authenticator sends nothing, and the NAS's retransmission of the same response (its TLS records
// cannot be decrypted twice) retries the kept credentials, as hostapd's METHOD_PENDING_WAIT does.
import {
  AvpCode, EapCode, EapType, TlsFlag, VENDOR_MICROSOFT, decodeAvps, decodeEapPacket, encodeAvp, encodeEapPacket, findAvp, papPassword, type Avp,
} from '../../../proto/eap/index.js'
import type { IdentityProviders, PasswordVerdict } from './identity-provider.js'
import type { MethodResponse } from './eap-method.js'
import { TlsTunnelMethod, type TunnelOptions } from './tls-tunnel-method.js'
import { TunnelFailure } from './tunnel-failure.js'

export interface TtlsOptions extends TunnelOptions {
  identities: IdentityProviders
}

/** RFC 2865 §5.2: User-Password is at most 128 octets; with NUL padding still 128. */
const MAX_PASSWORD = 128
const MAX_USER_NAME = 253

const VERDICT_FAILURE: Record<Exclude<PasswordVerdict, 'ok' | 'unavailable'>, TunnelFailure> = {
  'bad-password': TunnelFailure.TTLS_BAD_PASSWORD,
  'unknown-user': TunnelFailure.TTLS_UNKNOWN_USER,
}

/** What a waiting method reports: the identity provider could not answer. */
export const IDP_UNAVAILABLE = 'idp_unavailable'

/** The AVPs this server understands; any other with the M bit fails (RFC 5281 §10.1). */
const KNOWN: ReadonlyArray<[number, number]> = [
  [AvpCode.UserName, 0], [AvpCode.UserPassword, 0], [AvpCode.ChapPassword, 0], [AvpCode.ChapChallenge, 0], [AvpCode.EapMessage, 0],
  [AvpCode.MsChapResponse, VENDOR_MICROSOFT], [AvpCode.MsChapChallenge, VENDOR_MICROSOFT], [AvpCode.MsChap2Response, VENDOR_MICROSOFT],
]

export class TtlsMethod extends TlsTunnelMethod {
  readonly type = EapType.Ttls
  readonly authType = 'EAP-TTLS'
  protected readonly keyLabel = 'ttls keying material'
  /** The inner User-Name of a successful authentication. */
  innerUser: string | undefined
  /** An inner EAP-TLS Start went out to learn which inner EAP method the peer wants. */
  private probed = false
  /** Credentials kept while the provider could not answer, with the response that carried them. */
  private held: { user: string; password: Buffer; response: Buffer | undefined } | undefined

  constructor(private readonly t: TtlsOptions) {
    super(t)
  }

  /** Why the method can neither answer nor end yet (the authenticator then sends nothing). */
  awaiting(): string | undefined {
    return this.held === undefined ? undefined : IDP_UNAVAILABLE
  }

  /** The inner User-Name the peer sent in phase 2 (RFC 5281 §11.2.5), once known. */
  get innerIdentity(): string | undefined {
    return this.innerName
  }

  private innerName: string | undefined

  async process(resp: MethodResponse): Promise<void> {
    const held = this.held
    if (held === undefined) {
      await super.process(resp)
      if (this.held !== undefined) this.held.response = Buffer.from(resp.data)
      return
    }
    this.held = undefined
    // Only a retransmission of the response that carried the credentials may retry them.
    if (held.response === undefined || !held.response.equals(resp.data)) {
      held.password.fill(0)
      return this.fail(TunnelFailure.TUNNEL_PROTOCOL)
    }
    await this.verify(held.user, held.password, held.response)
  }

  protected async onTunnelAck(): Promise<void> {
    // RFC 5281 §11.1: with a non-EAP inner method the client sends its phase 2 AVPs with its
    // first tunnelled message; an empty reply to our Finished leaves nothing to authenticate.
    this.fail(TunnelFailure.TTLS_NO_CREDENTIALS)
  }

  protected async onPhase2(data: Buffer): Promise<void> {
    const decoded = decodeAvps(data)
    if (!decoded.ok) return this.fail(TunnelFailure.TTLS_AVP_INVALID)
    const avps = decoded.value
    const refused = refusedInner(avps)
    if (refused !== undefined) return this.fail(refused)
    const eap = findAvp(avps, AvpCode.EapMessage)
    if (eap !== undefined) return this.innerEap(eap.data)
    if (avps.some((a) => a.mandatory && !KNOWN.some(([code, vendor]) => a.code === code && a.vendorId === vendor))) {
      return this.fail(TunnelFailure.TTLS_UNKNOWN_MANDATORY_AVP)
    }
    const name = findAvp(avps, AvpCode.UserName)?.data
    const pw = findAvp(avps, AvpCode.UserPassword)?.data
    if (name === undefined || pw === undefined || name.length === 0 || name.length > MAX_USER_NAME || pw.length > MAX_PASSWORD) {
      return this.fail(TunnelFailure.TTLS_NO_CREDENTIALS)
    }
    const user = name.toString('utf8')
    this.innerName = user
    await this.verify(user, Buffer.from(papPassword(pw)), undefined)
  }

  /** Ask the provider; `password` is ours: zeroed once a verdict is in, kept while none is. */
  private async verify(user: string, password: Buffer, response: Buffer | undefined): Promise<void> {
    const verdict = await this.t.identities.verify(this.o.org, user, password)
    if (verdict === 'unavailable') {
      this.held = { user, password, response }
      return
    }
    password.fill(0)
    if (verdict !== 'ok') return this.fail(VERDICT_FAILURE[verdict])
    this.innerUser = user
    this.succeed(undefined)
  }

  reset(): void {
    this.held?.password.fill(0)
    this.held = undefined
    this.innerName = undefined
    super.reset()
  }

  /**
   * Inner EAP (RFC 5281 §11.1) is refused, but only once the peer said which method it wants:
   * its Identity is answered with an EAP-TLS Start in an EAP-Message AVP, and the Nak that
   * follows names the method (EAP-MSCHAPv2 gets its own reason, requirements §1.11). Whatever
   * comes back, the method fails: TTLS here is inner PAP only.
   */
  private async innerEap(data: Buffer): Promise<void> {
    const p = decodeEapPacket(data)
    if (!p.ok || p.value.code !== EapCode.Response || !('type' in p.value)) return this.fail(TunnelFailure.TTLS_EAP_UNSUPPORTED)
    const { type, identifier } = p.value
    if (type === EapType.MsChapV2 || (type === EapType.Nak && p.value.data.includes(EapType.MsChapV2))) return this.fail(TunnelFailure.TTLS_MSCHAPV2_UNSUPPORTED)
    if (type !== EapType.Identity || this.probed) return this.fail(TunnelFailure.TTLS_EAP_UNSUPPORTED)
    this.probed = true
    const start = encodeEapPacket({ code: EapCode.Request, identifier: (identifier + 1) & 0xff, type: EapType.Tls, data: Buffer.from([TlsFlag.S]) })
    await this.send(encodeAvp({ code: AvpCode.EapMessage, vendorId: 0, mandatory: true, data: start }))
  }
}

/** The reason an inner method other than PAP is refused, or undefined for PAP. */
function refusedInner(avps: readonly Avp[]): TunnelFailure | undefined {
  if (findAvp(avps, AvpCode.MsChap2Response, VENDOR_MICROSOFT) !== undefined) return TunnelFailure.TTLS_MSCHAPV2_UNSUPPORTED
  if (findAvp(avps, AvpCode.MsChapResponse, VENDOR_MICROSOFT) !== undefined) return TunnelFailure.TTLS_MSCHAP_UNSUPPORTED
  if (findAvp(avps, AvpCode.ChapPassword) !== undefined) return TunnelFailure.TTLS_CHAP_UNSUPPORTED
  return undefined
}
