// The pairwise transient key of the 4-way handshake (IEEE 802.11-2020 12.7.1.3): PTK = PRF-384
// (or KDF-SHA256-384 for key descriptor version 3 / AKM 00-0F-AC:6) of the PMK over
// "Pairwise key expansion", Min(AA,SPA) || Max(AA,SPA) || Min(ANonce,SNonce) || Max(ANonce,SNonce).
// KCK = PTK bits 0-127 (12.7.1.3), the MIC key.
import { kdfSha256, prfSha1 } from './prf.js'

const LABEL = 'Pairwise key expansion'
/** CCMP-128 PTK: KCK 128 + KEK 128 + TK 128 bits (12.7.1.3, Table 12-8). */
export const PTK_BITS_CCMP = 384

function ordered(a: Uint8Array, b: Uint8Array): [Uint8Array, Uint8Array] {
  return Buffer.compare(a, b) <= 0 ? [a, b] : [b, a]
}

/** The PRF input B of 12.7.1.3. */
export function ptkContext(aa: Uint8Array, spa: Uint8Array, anonce: Uint8Array, snonce: Uint8Array): Buffer {
  return Buffer.concat([...ordered(aa, spa), ...ordered(anonce, snonce)])
}

/** The PTK for key descriptor version 2 (PRF-SHA1) or 3 (KDF-SHA256). */
export function derivePtk(pmk: Uint8Array, context: Uint8Array, version: number, bits: number = PTK_BITS_CCMP): Buffer {
  if (version === 2) return prfSha1(pmk, LABEL, context, bits)
  if (version === 3) return kdfSha256(pmk, LABEL, context, bits)
  throw new RangeError(`key descriptor version ${version} is not supported (2: HMAC-SHA1, 3: AES-CMAC)`)
}

/** The KCK alone. For PRF-SHA1 the first HMAC block already holds it (blocks are independent). */
export function deriveKck(pmk: Uint8Array, context: Uint8Array, version: number): Buffer {
  return derivePtk(pmk, context, version, version === 2 ? 128 : PTK_BITS_CCMP).subarray(0, 16)
}
