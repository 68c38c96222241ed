// User-Password hiding (RFC 2865 §5.2): MD5 stream of the shared secret chained from the
// Request Authenticator over NUL-padded 16-octet blocks.
import { createHash } from 'node:crypto'
import { DecodeFailure, fail, type Result } from './decode-failure.js'

const BLOCK = 16
const MAX_HIDDEN = 128

/** Hide a password for an Access-Request. Throws RangeError above 128 octets (RFC 2865 §5.2). */
export function hideUserPassword(password: Buffer, secret: Buffer, requestAuthenticator: Buffer): Buffer {
  if (password.length > MAX_HIDDEN) throw new RangeError('User-Password longer than 128 octets (RFC 2865 §5.2)')
  // RFC 2865 §5.2: "The password is first padded at the end with nulls to a multiple of 16
  // octets"; the String field "is between 16 and 128 octets long", so empty becomes one block.
  const length = Math.max(BLOCK, Math.ceil(password.length / BLOCK) * BLOCK)
  const out = Buffer.alloc(length)
  password.copy(out)
  let chain = requestAuthenticator
  for (let off = 0; off < length; off += BLOCK) {
    const b = createHash('md5').update(secret).update(chain).digest()
    for (let i = 0; i < BLOCK; i++) out[off + i] = (out[off + i] as number) ^ (b[i] as number)
    chain = out.subarray(off, off + BLOCK)
  }
  return out
}

/** Reveal a hidden User-Password; trailing NULs (the padding) are stripped. */
export function revealUserPassword(hidden: Buffer, secret: Buffer, requestAuthenticator: Buffer): Result<Buffer> {
  // RFC 2865 §5.2: "The String field is between 16 and 128 octets long, inclusive."
  if (hidden.length === 0 || hidden.length % BLOCK !== 0 || hidden.length > MAX_HIDDEN) {
    return fail(DecodeFailure.PASSWORD_LENGTH_INVALID, String(hidden.length))
  }
  const out = Buffer.alloc(hidden.length)
  let chain = requestAuthenticator
  for (let off = 0; off < hidden.length; off += BLOCK) {
    const b = createHash('md5').update(secret).update(chain).digest()
    for (let i = 0; i < BLOCK; i++) out[off + i] = (hidden[off + i] as number) ^ (b[i] as number)
    chain = hidden.subarray(off, off + BLOCK)
  }
  let end = out.length
  while (end > 0 && out[end - 1] === 0) end--
  return { ok: true, value: out.subarray(0, end) }
}
