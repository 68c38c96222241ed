// Whether certificate files on disk can be reused instead of issued again: they parse, the key
// belongs to the certificate, it is a CA (or not) as expected, it chains to the expected issuer,
// its subject is the expected one, and it is valid now and for at least the renewal margin.
import { X509Certificate, createPrivateKey } from 'node:crypto'
import type { PemPair } from './pem-files.js'

/** Certificates expiring within this margin are renewed (30 days). */
export const RENEWAL_MARGIN_DAYS = 30

export interface ReuseExpectations {
  ca: boolean
  /** Node's X509Certificate.subject text, e.g. "O=demo\nCN=demo device CA". */
  subject: string
  /** The issuer it must chain to; omitted for a self-signed CA. */
  issuer?: X509Certificate
  now?: number
}

/** The parsed certificate when the pair is reusable, else undefined. */
export function reusableCertificate(pair: PemPair | undefined, expect: ReuseExpectations): X509Certificate | undefined {
  if (pair === undefined) return undefined
  try {
    const cert = new X509Certificate(pair.certPem)
    const now = expect.now ?? Date.now()
    const issuer = expect.issuer ?? cert
    const ok =
      cert.ca === expect.ca &&
      cert.subject === expect.subject &&
      cert.checkPrivateKey(createPrivateKey(pair.keyPem)) &&
      cert.checkIssued(issuer) &&
      cert.verify(issuer.publicKey) &&
      Date.parse(cert.validFrom) <= now &&
      Date.parse(cert.validTo) > now + RENEWAL_MARGIN_DAYS * 86_400_000
    return ok ? cert : undefined
  } catch {
    return undefined
  }
}
