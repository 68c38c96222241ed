// The TLS peer's certificates as DER, leaf first, in the order the peer sent them (RFC 5246
// §7.4.2, RFC 8446 §4.4.2), from the X509Certificate node:tls builds of them
// (getPeerX509Certificate, whose issuerCertificate links follow the sent chain): used by the EAP
// server for the client's chain and by the bench's node:tls client for the server's. Cheaper than
// getPeerCertificate(true), which decodes every field of every certificate into a legacy object.
import type { X509Certificate } from 'node:crypto'

/** Most certificates taken (a longer chain is cut, and refused by path validation as incomplete). */
export const MAX_PEER_CHAIN = 10

/** `first` and its issuers, DER; a certificate seen before (a self-signed one is its own issuer) ends the walk. */
export function peerChainDer(first: X509Certificate | undefined): Buffer[] {
  const out: Buffer[] = []
  let c = first
  while (c !== undefined && out.length < MAX_PEER_CHAIN) {
    const raw = c.raw
    if (out.some((d) => d.equals(raw))) break
    out.push(raw)
    c = c.issuerCertificate
  }
  return out
}
