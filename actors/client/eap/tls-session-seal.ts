// A TLS session state sealed for the shared session cache (tls-session-cache.ts). An SSL_SESSION
// (i2d_SSL_SESSION, what node:tls hands to 'newSession') holds the master secret (RFC 5246 §8.1),
// so it never leaves the node in clear (DESIGN.md: secrets stored encrypted): AES-256-GCM (NIST
// SP 800-38D) under a per-org key, HKDF-SHA256(cache master, "", "nac tls session v1" ‖ 0 ‖ org),
// with org and session ID as additional data, so a sealed state copied under another key or org
// does not open. Format: version (1) | IV (12) | tag (16) | ciphertext.
import { createCipheriv, createDecipheriv, hkdfSync, randomBytes } from 'node:crypto'

const VERSION = 1
const IV_BYTES = 12
const TAG_BYTES = 16
const HEADER = 1 + IV_BYTES + TAG_BYTES
const INFO = 'nac tls session v1\0'

/** The org's sealing key (32 octets) from the cache master. */
export function sessionSealKey(master: Buffer, org: string): Buffer {
  return Buffer.from(hkdfSync('sha256', master, Buffer.alloc(0), `${INFO}${org}`, 32))
}

function aad(org: string, id: Buffer): Buffer {
  return Buffer.concat([Buffer.from(`${org}\0`, 'utf8'), id])
}

export function sealSession(key: Buffer, org: string, id: Buffer, state: Buffer): Buffer {
  const iv = randomBytes(IV_BYTES)
  const c = createCipheriv('aes-256-gcm', key, iv, { authTagLength: TAG_BYTES })
  c.setAAD(aad(org, id))
  const ct = Buffer.concat([c.update(state), c.final()])
  return Buffer.concat([Buffer.from([VERSION]), iv, c.getAuthTag(), ct])
}

/** The session state, or undefined when the box is malformed, forged, or for another org or ID. */
export function openSession(key: Buffer, org: string, id: Buffer, sealed: Uint8Array): Buffer | undefined {
  const box = Buffer.from(sealed.buffer, sealed.byteOffset, sealed.byteLength)
  if (box.length <= HEADER || box[0] !== VERSION) return undefined
  const d = createDecipheriv('aes-256-gcm', key, box.subarray(1, 1 + IV_BYTES), { authTagLength: TAG_BYTES })
  d.setAAD(aad(org, id))
  d.setAuthTag(box.subarray(1 + IV_BYTES, HEADER))
  try {
    return Buffer.concat([d.update(box.subarray(HEADER)), d.final()])
  } catch {
    return undefined
  }
}
