// Byte helpers for DER handling: hex, PEM armour, exact comparison. No ASN.1 here.

export function toHex(bytes: Uint8Array): string {
  return Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength).toString('hex')
}

export function bytesEqual(a: Uint8Array, b: Uint8Array): boolean {
  if (a.byteLength !== b.byteLength) return false
  for (let i = 0; i < a.byteLength; i++) if (a[i] !== b[i]) return false
  return true
}

/** A copy that owns its ArrayBuffer (asn1js and pkijs read `.buffer`). */
export function ownBytes(bytes: Uint8Array): Uint8Array<ArrayBuffer> {
  const out = new Uint8Array(bytes.byteLength)
  out.set(bytes)
  return out
}

/**
 * Serial number as upper-case hex of the INTEGER's magnitude, without the sign-padding zero byte,
 * as node:crypto's X509Certificate.serialNumber and `openssl x509 -serial` print it.
 */
export function serialHex(contents: Uint8Array): string {
  let start = 0
  while (start < contents.byteLength - 1 && contents[start] === 0) start++
  return toHex(contents.subarray(start)).toUpperCase()
}

const PEM_CERT = /-----BEGIN CERTIFICATE-----([A-Za-z0-9+/=\s]*?)-----END CERTIFICATE-----/g

/** Every CERTIFICATE block of a PEM text, as DER; other blocks are ignored. */
export function pemCertificatesToDer(pem: string): Uint8Array[] {
  const out: Uint8Array[] = []
  for (const m of pem.matchAll(PEM_CERT)) {
    const body = (m[1] ?? '').replace(/\s+/g, '')
    if (body.length > 0) out.push(new Uint8Array(Buffer.from(body, 'base64')))
  }
  return out
}
