// EAP-TTLSv0 server method with inner PAP only (RFC 5281; requirements §1.3): the tunnel of
// tls-tunnel-method.ts, then one phase 2 message of Diameter AVPs (§10) carrying User-Name and
// User-Password (§11.2.5), verified by the identity provider of the user's realm. MSCHAPv2,
// MSCHAP, CHAP and inner EAP are refused, each with its own reason (requirements §1.11). On
// success the server sends EAP-Success at once (§11.2.5 leaves no further phase 2 exchange).
import { AvpCode, EapCode, EapType, VENDOR_MICROSOFT, decodeAvps, decodeEapPacket, findAvp, papPassword, type Avp } from '../../../proto/eap/index.js'
import type { IdentityProviders, PasswordVerdict } from './identity-provider.js'
import { TlsTunnelMethod, type TunnelOptions } from './tls-tunnel-method.js'
import { TunnelFailure } from './tunnel-failure.js'

export interface TtlsOptions extends TunnelOptions {
  identities: IdentityProviders
}

/** RFC 2865 §5.2: User-Password is at most 128 octets; with NUL padding still 128. */
const MAX_PASSWORD = 128
const MAX_USER_NAME = 253

const VERDICT_FAILURE: Record<Exclude<PasswordVerdict, 'ok'>, TunnelFailure> = {
  'bad-password': TunnelFailure.TTLS_BAD_PASSWORD,
  'unknown-user': TunnelFailure.TTLS_UNKNOWN_USER,
  unavailable: TunnelFailure.TTLS_IDP_UNAVAILABLE,
}

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

  constructor(private readonly t: TtlsOptions) {
    super(t)
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
    if (avps.some((a) => a.mandatory && !KNOWN.some(([code, vendor]) => a.code === code && a.vendorId === vendor))) {
      return this.fail(TunnelFailure.TTLS_UNKNOWN_MANDATORY_AVP)
    }
    const name = findAvp(avps, AvpCode.UserName)?.data
    const pw = findAvp(avps, AvpCode.UserPassword)?.data
    if (name === undefined || pw === undefined || name.length === 0 || name.length > MAX_USER_NAME || pw.length > MAX_PASSWORD) {
      return this.fail(TunnelFailure.TTLS_NO_CREDENTIALS)
    }
    const user = name.toString('utf8')
    const password = Buffer.from(papPassword(pw))
    try {
      const verdict = await this.t.identities.forUser(user).verify(this.o.org, user, password)
      if (verdict !== 'ok') return this.fail(VERDICT_FAILURE[verdict])
    } finally {
      password.fill(0)
    }
    this.innerUser = user
    this.succeed(undefined)
  }
}

/** The reason an inner method other than PAP is refused, or undefined for PAP. */
function refusedInner(avps: readonly Avp[]): TunnelFailure | undefined {
  if (findAvp(avps, AvpCode.MsChap2Response, VENDOR_MICROSOFT) !== undefined) return TunnelFailure.TTLS_MSCHAPV2_UNSUPPORTED
  if (findAvp(avps, AvpCode.MsChapResponse, VENDOR_MICROSOFT) !== undefined) return TunnelFailure.TTLS_MSCHAP_UNSUPPORTED
  if (findAvp(avps, AvpCode.ChapPassword) !== undefined) return TunnelFailure.TTLS_CHAP_UNSUPPORTED
  const eap = findAvp(avps, AvpCode.EapMessage)
  if (eap === undefined) return undefined
  // Inner EAP (RFC 5281 §11.1): an EAP-MSCHAPv2 response, or a Nak asking for it, is the
  // MSCHAPv2 case; any other inner EAP is refused too.
  const p = decodeEapPacket(eap.data)
  if (p.ok && p.value.code === EapCode.Response && 'type' in p.value) {
    if (p.value.type === EapType.MsChapV2 || (p.value.type === EapType.Nak && p.value.data.includes(EapType.MsChapV2))) return TunnelFailure.TTLS_MSCHAPV2_UNSUPPORTED
  }
  return TunnelFailure.TTLS_EAP_UNSUPPORTED
}
