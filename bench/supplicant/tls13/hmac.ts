// HMAC (RFC 2104) for the key schedule as two one-shot node:crypto hash() calls over scratch
// buffers: no Hmac object (a native BaseObject with a weak handle that the GC must finalise)
// per call, of which a handshake makes about twenty (HKDF-Extract, HKDF-Expand-Label, Finished).
// Same technique as proto/radius/md5.ts for the RADIUS authenticators.
import { hash } from 'node:crypto'
import type { HashName } from './key-schedule.js'

// RFC 2104 §2: B, the hash's block size (64 octets for SHA-256, 128 for SHA-384, RFC 6234), and
// L, its output; ipad = 0x36 and opad = 0x5C repeated B times.
const BLOCK: Readonly<Record<HashName, number>> = { sha256: 64, sha384: 128 }
const OUT: Readonly<Record<HashName, number>> = { sha256: 32, sha384: 48 }
const IPAD = 0x36
const OPAD = 0x5c
// The largest message the scratch holds; longer ones (none in a handshake: HkdfLabel is at most
// 2 + 256 + 256 octets) get a buffer of their own.
const SCRATCH_MESSAGE = 1024

const inner = Buffer.allocUnsafe(128 + SCRATCH_MESSAGE)
const outer = Buffer.allocUnsafe(128 + 48)

function pad(key: Buffer, block: number, target: Buffer, value: number): void {
  for (let i = 0; i < block; i++) target[i] = (i < key.length ? (key[i] as number) : 0) ^ value
}

/** HMAC-`h`(key, parts joined). */
export function hmac(h: HashName, key: Buffer, ...parts: Buffer[]): Buffer {
  const block = BLOCK[h]
  // RFC 2104 §2: "Applications that use keys longer than B bytes will first hash the key".
  const k = key.length > block ? hash(h, key, 'buffer') : key
  let length = 0
  for (const p of parts) length += p.length
  const buf = length <= SCRATCH_MESSAGE ? inner : Buffer.allocUnsafe(block + length)
  pad(k, block, buf, IPAD)
  let at = block
  for (const p of parts) { p.copy(buf, at); at += p.length }
  const ih = hash(h, buf.subarray(0, at), 'buffer')
  pad(k, block, outer, OPAD)
  ih.copy(outer, block)
  const mac = hash(h, outer.subarray(0, block + OUT[h]), 'buffer')
  // STYLE.md: key material is zeroed after use; the scratch held the padded key.
  buf.fill(0, 0, at)
  outer.fill(0)
  ih.fill(0)
  return mac
}
