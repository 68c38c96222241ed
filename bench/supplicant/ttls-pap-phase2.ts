// Phase 2 of EAP-TTLS with PAP (RFC 5281 §11.2.5): once the tunnel is up, the client sends
// User-Name and User-Password as Diameter AVPs (§10) in its first tunnelled message, without
// waiting for a request (§11.1: "the client ... sends the first phase 2 message"). The password
// "is padded with NUL characters to a multiple of 16 octets" (§11.2.5). The server answers with
// the outer EAP-Success or -Failure; any tunnelled data from it (an inner EAP request, a
// challenge) is outside PAP and fails the conversation.
import { AvpCode, encodeAvp } from '../../proto/eap/index.js'
import type { Phase2 } from './tls-tunnel-peer.js'

export interface TtlsPapCredentials {
  user: string
  password: string
}

/** RFC 2865 §5.2: User-Password is at most 128 octets. */
const MAX_PASSWORD = 128

export function papAvps(c: TtlsPapCredentials): Buffer {
  const pw = Buffer.from(c.password, 'utf8')
  if (pw.length > MAX_PASSWORD) throw new RangeError(`TTLS password of ${pw.length} octets (RFC 2865 §5.2: at most ${MAX_PASSWORD})`)
  const padded = Buffer.alloc(Math.max(16, Math.ceil(pw.length / 16) * 16))
  pw.copy(padded)
  // RFC 5281 §10.1: the M bit set on AVPs the server must understand.
  return Buffer.concat([
    encodeAvp({ code: AvpCode.UserName, vendorId: 0, mandatory: true, data: Buffer.from(c.user, 'utf8') }),
    encodeAvp({ code: AvpCode.UserPassword, vendorId: 0, mandatory: true, data: padded }),
  ])
}

export class TtlsPapPhase2 implements Phase2 {
  complete = false
  failure: string | undefined

  constructor(private readonly c: TtlsPapCredentials) {}

  async established(): Promise<Buffer | undefined> {
    this.complete = true
    return papAvps(this.c)
  }

  async receive(plain: Buffer): Promise<Buffer | undefined> {
    this.failure ??= `the server sent ${plain.length} octets of phase 2 data to a PAP client`
    this.complete = false
    return undefined
  }

  close(): void { /* nothing held */ }
}
