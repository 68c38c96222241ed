// MD5 and HMAC-MD5 (RFC 1321, RFC 2104) for the RADIUS authenticators, as one-shot node:crypto
// hash() calls over a reused contiguous buffer: no Hash/Hmac object and one native call per digest,
// where createHmac/createHash cost about 3 µs each in object creation (bench/micro/authenticators.bench.ts).
import { hash } from 'node:crypto'
import { MAX_PACKET_LENGTH } from './packet.js'

const BLOCK = 64
// RFC 2104 §2: ipad = 0x36, opad = 0x5C repeated B (64 for MD5) times.
const IPAD = 0x36
const OPAD = 0x5c

// Layout: [K ^ ipad (64)][message (≤ 4096 + secret)] for the inner hash; the outer hash reuses
// a separate [K ^ opad (64)][inner digest (16)] buffer. Secrets longer than 64 octets are
// hashed first (RFC 2104 §2); a RADIUS secret plus a packet always fits the message area.
const inner = Buffer.allocUnsafe(BLOCK + MAX_PACKET_LENGTH + 256)
const outer = Buffer.alloc(BLOCK + 16)

/** The scratch area for an HMAC-MD5 message of `length` octets: write it at `buf[at..]`, then call hmacMd5Finish. */
export function hmacMd5Scratch(length: number): { buf: Buffer; at: number } {
  if (length > inner.length - BLOCK) throw new RangeError('message too long for the HMAC scratch buffer')
  return SCRATCH
}
const SCRATCH = { buf: inner, at: BLOCK }

function padKey(secret: Buffer, target: Buffer, pad: number): void {
  const key = secret.length > BLOCK ? hash('md5', secret, 'buffer') : secret
  for (let i = 0; i < BLOCK; i++) target[i] = (i < key.length ? (key[i] as number) : 0) ^ pad
}

/** HMAC-MD5(secret, the `length` octets written into the scratch area). */
export function hmacMd5Finish(secret: Buffer, length: number): Buffer {
  padKey(secret, inner, IPAD)
  const ih = hash('md5', inner.subarray(0, BLOCK + length), 'buffer')
  padKey(secret, outer, OPAD)
  ih.copy(outer, BLOCK)
  return hash('md5', outer, 'buffer')
}

const plain = Buffer.allocUnsafe(MAX_PACKET_LENGTH + 256)

/** MD5 of `length` octets that `fill` writes into a scratch buffer (longer input gets its own buffer). */
export function md5Scratch(length: number, fill: (buf: Buffer) => void): Buffer {
  const buf = length <= plain.length ? plain : Buffer.allocUnsafe(length)
  fill(buf)
  return hash('md5', buf.subarray(0, length), 'buffer')
}
