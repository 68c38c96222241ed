// Secrets at rest (DESIGN.md: "Secrets ... are stored encrypted and never logged"): AES-256-GCM
// (NIST SP 800-38D) with the 32-byte cluster key; 96-bit random IV, 128-bit tag.
// Format: "sealed:v1:" + base64url(iv | tag | ciphertext). The prefix is authenticated as AAD.
import { createCipheriv, createDecipheriv, randomBytes } from 'node:crypto'
import { UnsealError, UnsealReason } from './secret-errors.js'

const PREFIX = 'sealed:v1:'
const AAD = Buffer.from(PREFIX, 'ascii')
const IV_BYTES = 12
const TAG_BYTES = 16
const KEY_BYTES = 32

function checkKey(key: Buffer): void {
  if (key.length !== KEY_BYTES) throw new RangeError(`cluster key must be ${KEY_BYTES} bytes`)
}

/** Encrypt a secret under the cluster key. */
export function seal(plain: string, key: Buffer): string {
  checkKey(key)
  const iv = randomBytes(IV_BYTES)
  const cipher = createCipheriv('aes-256-gcm', key, iv, { authTagLength: TAG_BYTES })
  cipher.setAAD(AAD)
  const ct = Buffer.concat([cipher.update(plain, 'utf8'), cipher.final()])
  return PREFIX + Buffer.concat([iv, cipher.getAuthTag(), ct]).toString('base64url')
}

/** Does the text look like a sealed secret (prefix only; unseal authenticates it)? */
export function isSealed(text: string): boolean {
  return text.startsWith(PREFIX)
}

/** Decrypt a sealed secret; throws UnsealError (no secret in its message) on any failure. */
export function unseal(text: string, key: Buffer): string {
  checkKey(key)
  if (!isSealed(text)) throw new UnsealError(UnsealReason.notSealed)
  const body = text.slice(PREFIX.length)
  if (!/^[A-Za-z0-9_-]*$/.test(body)) throw new UnsealError(UnsealReason.malformed)
  const raw = Buffer.from(body, 'base64url')
  if (raw.length < IV_BYTES + TAG_BYTES) throw new UnsealError(UnsealReason.malformed)
  const decipher = createDecipheriv('aes-256-gcm', key, raw.subarray(0, IV_BYTES), { authTagLength: TAG_BYTES })
  decipher.setAAD(AAD)
  decipher.setAuthTag(raw.subarray(IV_BYTES, IV_BYTES + TAG_BYTES))
  try {
    return Buffer.concat([decipher.update(raw.subarray(IV_BYTES + TAG_BYTES)), decipher.final()]).toString('utf8')
  } catch {
    // OpenSSL's message says nothing useful and we add no cause: nothing secret may leak.
    throw new UnsealError(UnsealReason.authentication)
  }
}
