// Salt-encryption of Tunnel-Password (RFC 2868 §3.5) and MS-MPPE-Send/Recv-Key (RFC 2548
// §2.4.2 / §2.4.3): a length octet, the data and NUL padding, XORed with an MD5 stream seeded
// by secret + Request Authenticator + Salt. Dictionaries mark these attributes encrypt=2.
import { randomBytes } from 'node:crypto'
import { DecodeFailure, fail, type Result } from './decode-failure.js'
import { md5Scratch } from './md5.js'

const BLOCK = 16

function xorStream(data: Buffer, secret: Buffer, requestAuthenticator: Buffer, salt: Buffer, decrypt: boolean): Buffer {
  const out = Buffer.alloc(data.length)
  // RFC 2868 §3.5: "b(1) = MD5(S + R + A) c(1) = p(1) xor b(1) ... b(i) = MD5(S + c(i-1))".
  // One-shot digests over a scratch buffer (md5.ts): an MS-MPPE key is 3 blocks, so 3 MD5s per key.
  const s = secret.length
  const r = requestAuthenticator.length
  let b = md5Scratch(s + r + salt.length, (buf) => { secret.copy(buf, 0); requestAuthenticator.copy(buf, s); salt.copy(buf, s + r) })
  for (let off = 0; off < data.length; off += BLOCK) {
    for (let i = 0; i < BLOCK; i++) out[off + i] = (data[off + i] as number) ^ (b[i] as number)
    if (off + BLOCK < data.length) {
      const c = decrypt ? data : out
      b = md5Scratch(s + BLOCK, (buf) => { secret.copy(buf, 0); c.copy(buf, s, off, off + BLOCK) })
    }
  }
  return out
}

/**
 * Encrypt `plain`; returns Salt || ciphertext (no tag octet). `salt` (2 octets) is random by
 * default; RFC 2868 §3.5: "The most significant bit (leftmost) of the Salt field MUST be set (1)",
 * so it is forced on. Throws RangeError for data over 255 octets (the length sub-field).
 */
export function saltEncrypt(plain: Buffer, secret: Buffer, requestAuthenticator: Buffer, salt?: Buffer): Buffer {
  if (plain.length > 255) throw new RangeError('salt-encrypted data longer than 255 octets')
  const s = Buffer.from(salt ?? randomBytes(2))
  if (s.length !== 2) throw new RangeError('salt must be 2 octets')
  s[0] = (s[0] as number) | 0x80
  // RFC 2868 §3.5: the plaintext is "Data-Length" (one octet) + Password + padding to a multiple of 16.
  const padded = Buffer.alloc(Math.ceil((plain.length + 1) / BLOCK) * BLOCK)
  padded[0] = plain.length
  plain.copy(padded, 1)
  return Buffer.concat([s, xorStream(padded, secret, requestAuthenticator, s, false)])
}

/** Decrypt Salt || ciphertext (no tag octet) back to the data. */
export function saltDecrypt(cipher: Buffer, secret: Buffer, requestAuthenticator: Buffer): Result<Buffer> {
  if (cipher.length < 2) return fail(DecodeFailure.SALT_INVALID)
  // RFC 2868 §3.5: "The most significant bit (leftmost) of the Salt field MUST be set (1)."
  if (((cipher[0] as number) & 0x80) === 0) return fail(DecodeFailure.SALT_INVALID)
  const body = cipher.subarray(2)
  if (body.length === 0 || body.length % BLOCK !== 0) return fail(DecodeFailure.ENCRYPTED_LENGTH_INVALID, String(cipher.length))
  const plain = xorStream(body, secret, requestAuthenticator, cipher.subarray(0, 2), true)
  const n = plain[0] as number
  if (n > plain.length - 1) return fail(DecodeFailure.ENCRYPTED_PAYLOAD_INVALID)
  return { ok: true, value: plain.subarray(1, 1 + n) }
}
