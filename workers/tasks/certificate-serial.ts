// Certificate serial numbers (RFC 5280 §4.1.2.2): positive, unique per CA, at most 20 octets.
// 16 random bytes, top bit cleared so the DER INTEGER stays positive without a leading 0x00.
import { randomBytes } from 'node:crypto'

/** A random serial as the hex string forge expects. */
export function randomSerialHex(): string {
  const bytes = randomBytes(16)
  // Top bit cleared: positive. A zero first byte would be a non-minimal DER INTEGER once forge
  // copies the bytes verbatim (X.690 §8.3.2), which OpenSSL rejects; make it non-zero.
  bytes[0] = (bytes[0]! & 0x7f) || 0x01
  return bytes.toString('hex')
}
