// Key derivation functions of IEEE 802.11-2020: the HMAC-SHA1 PRF (12.7.1.2, PRF-384/512 for
// AKMs 00-0F-AC:1/2) and the HMAC-SHA256 KDF (12.7.1.7.2, for AKM 00-0F-AC:6 PSK-SHA256 and SAE).
import { createHmac } from 'node:crypto'

/**
 * PRF-n (12.7.1.2): for i = 0.. : HMAC-SHA-1(K, A || Y || B || i), Y a single zero octet, i one
 * octet; the output truncated to `bits`.
 */
export function prfSha1(key: Uint8Array, label: string, data: Uint8Array, bits: number): Buffer {
  const octets = Math.ceil(bits / 8)
  const blocks: Buffer[] = []
  const a = Buffer.from(label, 'latin1')
  for (let i = 0; blocks.length * 20 < octets; i++) {
    blocks.push(createHmac('sha1', key).update(a).update(Buffer.of(0)).update(data).update(Buffer.of(i)).digest())
  }
  return Buffer.concat(blocks).subarray(0, octets)
}

/**
 * KDF-Hash-Length (12.7.1.7.2) with SHA-256: for i = 1.. : HMAC-SHA-256(K, i || Label || Context
 * || Length), i and Length 16-bit little-endian, Length in bits.
 */
export function kdfSha256(key: Uint8Array, label: string, context: Uint8Array, bits: number): Buffer {
  const octets = Math.ceil(bits / 8)
  const blocks: Buffer[] = []
  const length = Buffer.alloc(2)
  length.writeUInt16LE(bits)
  for (let i = 1; (i - 1) * 32 < octets; i++) {
    const counter = Buffer.alloc(2)
    counter.writeUInt16LE(i)
    blocks.push(createHmac('sha256', key).update(counter).update(label, 'latin1').update(context).update(length).digest())
  }
  return Buffer.concat(blocks).subarray(0, octets)
}
