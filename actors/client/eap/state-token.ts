// The RADIUS State attribute as an authenticated, unforgeable token (RFC 2865 §5.24: "This
// Attribute is available to be sent by the server to the client in an Access-Challenge and MUST
// be sent unmodified from the client to the server in the new Access-Request reply to that
// challenge"). Layout: version (1) | conversation id (16) | round (4) | expiry, epoch seconds (4)
// | HMAC-SHA256 over the preceding octets, truncated to 16. The key is cluster-wide (derived by
// ops from the cluster key with HKDF, info "nac state v1"), so any node can verify any token.
import { createHmac, timingSafeEqual } from 'node:crypto'

const VERSION = 1
const BODY = 1 + 16 + 4 + 4
const MAC = 16
export const STATE_TOKEN_LENGTH = BODY + MAC

export interface StateToken {
  conversationId: Buffer
  round: number
  /** Epoch seconds after which the token is refused. */
  expiresAt: number
}

export type StateTokenCheck = { ok: true; token: StateToken } | { ok: false; reason: 'MALFORMED' | 'FORGED' | 'EXPIRED' }

export class StateTokenCodec {
  constructor(private readonly key: Buffer) {
    if (key.length < 32) throw new RangeError('state token key must be at least 32 octets')
  }

  mint(t: StateToken): Buffer {
    const out = Buffer.allocUnsafe(STATE_TOKEN_LENGTH)
    out[0] = VERSION
    t.conversationId.copy(out, 1, 0, 16)
    out.writeUInt32BE(t.round >>> 0, 17)
    out.writeUInt32BE(t.expiresAt >>> 0, 21)
    this.mac(out.subarray(0, BODY)).copy(out, BODY)
    return out
  }

  /** Verify a State value at `nowMs`; never throws. */
  verify(value: Buffer, nowMs: number): StateTokenCheck {
    if (value.length !== STATE_TOKEN_LENGTH || value[0] !== VERSION) return { ok: false, reason: 'MALFORMED' }
    if (!timingSafeEqual(this.mac(value.subarray(0, BODY)), value.subarray(BODY))) return { ok: false, reason: 'FORGED' }
    const expiresAt = value.readUInt32BE(21)
    if (expiresAt * 1000 < nowMs) return { ok: false, reason: 'EXPIRED' }
    return { ok: true, token: { conversationId: Buffer.from(value.subarray(1, 17)), round: value.readUInt32BE(17), expiresAt } }
  }

  private mac(body: Buffer): Buffer {
    return createHmac('sha256', this.key).update(body).digest().subarray(0, MAC)
  }
}
