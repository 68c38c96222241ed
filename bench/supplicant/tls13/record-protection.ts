// One direction's record protection in TLS 1.3 (RFC 8446 §5.2-§5.3): AEAD over TLSInnerPlaintext
// (content, ContentType, zero padding), the additional data being the record header, the nonce the
// write IV XOR the 64-bit sequence number left-padded to the IV length. The sequence number starts
// at 0 for each key and increases by one per record.
import { createCipheriv, createDecipheriv, type CipherGCMTypes } from 'node:crypto'
import { CipherSuite, ContentType, MAX_PLAINTEXT } from './constants.js'
import { fail, Tls13Reason, type Decoded } from './failure.js'
import type { HashName } from './key-schedule.js'

export interface SuiteParams {
  code: number
  hash: HashName
  cipher: CipherGCMTypes | 'chacha20-poly1305'
  keyLength: number
}

/** RFC 8446 B.4: the suites the lean client offers, in preference order. */
export const SUITES: readonly SuiteParams[] = [
  { code: CipherSuite.Aes128GcmSha256, hash: 'sha256', cipher: 'aes-128-gcm', keyLength: 16 },
  { code: CipherSuite.Aes256GcmSha384, hash: 'sha384', cipher: 'aes-256-gcm', keyLength: 32 },
  { code: CipherSuite.Chacha20Poly1305Sha256, hash: 'sha256', cipher: 'chacha20-poly1305', keyLength: 32 },
]

const TAG = 16

export interface InnerPlaintext { type: number; content: Buffer }

export class RecordProtection {
  /** Records under this key so far; a number is exact far beyond any handshake's record count (2^53). */
  private seq = 0

  constructor(private readonly suite: SuiteParams, private readonly key: Buffer, private readonly iv: Buffer) {}

  private nonce(): Buffer {
    // RFC 8446 §5.3: "the 64-bit record sequence number is encoded in network byte order and
    // padded to the left with zeros to iv_length", then XORed with the static IV.
    const n = Buffer.allocUnsafe(this.iv.length)
    this.iv.copy(n)
    const s = this.seq++
    const hi = Math.floor(s / 0x1_0000_0000)
    const lo = s >>> 0
    n.writeUInt32BE((n.readUInt32BE(4) ^ hi) >>> 0, 4)
    n.writeUInt32BE((n.readUInt32BE(8) ^ lo) >>> 0, 8)
    return n
  }

  /** One TLSCiphertext record (header included) carrying `content` of `type` (≤ 2^14 octets). */
  seal(type: number, content: Buffer): Buffer {
    const inner = Buffer.allocUnsafe(content.length + 1)
    content.copy(inner, 0)
    inner[content.length] = type
    const length = inner.length + TAG
    const header = Buffer.from([ContentType.ApplicationData, 3, 3, length >> 8, length & 0xff])
    const c = createCipheriv(this.suite.cipher as CipherGCMTypes, this.key, this.nonce(), { authTagLength: TAG })
    c.setAAD(header)
    const body = c.update(inner)
    c.final()
    return Buffer.concat([header, body, c.getAuthTag()])
  }

  /** Opens one record's body (`header` is its 5 octets); a forged or damaged record is bad_record_mac. */
  open(header: Buffer, body: Buffer): Decoded<InnerPlaintext> {
    if (body.length < TAG + 1) return fail(Tls13Reason.BAD_RECORD_MAC, 'protected record shorter than its tag')
    let inner: Buffer
    try {
      const d = createDecipheriv(this.suite.cipher as CipherGCMTypes, this.key, this.nonce(), { authTagLength: TAG })
      d.setAAD(header)
      d.setAuthTag(body.subarray(body.length - TAG))
      inner = d.update(body.subarray(0, body.length - TAG))
      d.final()
    } catch {
      // RFC 8446 §5.2: "If the decryption fails, the receiver MUST terminate the connection with a bad_record_mac alert."
      return fail(Tls13Reason.BAD_RECORD_MAC, 'record authentication failed')
    }
    // RFC 8446 §5.4: the type is the last non-zero octet; "If a receiving implementation does not
    // find a non-zero octet in the cleartext, it MUST terminate the connection with an
    // unexpected_message alert."
    let i = inner.length - 1
    while (i >= 0 && inner[i] === 0) i--
    if (i < 0) return fail(Tls13Reason.UNEXPECTED_MESSAGE, 'protected record without a content type')
    // RFC 8446 §5.2: "The length MUST NOT exceed 2^14 octets" for TLSInnerPlaintext content; else record_overflow.
    if (i > MAX_PLAINTEXT) return fail(Tls13Reason.RECORD_OVERFLOW, 'protected record content over 2^14 octets')
    return { ok: true, value: { type: inner[i] as number, content: inner.subarray(0, i) } }
  }
}
