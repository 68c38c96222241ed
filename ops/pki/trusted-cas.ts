// An org's trusted client CAs (requirements §3.1): "Paste your CA certificate ... The text must
// include the --BEGIN CERTIFICATE-- and --END CERTIFICATE-- lines" (L3793); roots and
// intermediates alike ("We recommend that you add your Root CA, as well as all your intermediate
// CAs", L3795). Stored one PEM certificate per entry of OrgPkiConfig.trustedCas.
import { X509Certificate } from 'node:crypto'
import { pemCertificates } from './certificate-properties.js'
import { PkiInputError, type Checked } from './pki-errors.js'

/** An org trusts at most this many CA certificates (the validator tries each as an anchor). */
export const MAX_TRUSTED_CAS = 100

/** Parse the CA certificates of a PEM text; any block that does not parse or is not a CA refuses all. */
export function parseTrustedCas(pem: string, path = 'pem'): Checked<X509Certificate[]> {
  const blocks = pemCertificates(pem)
  if (blocks.length === 0) return { ok: false, errors: [new PkiInputError('NAC_ERR_TRUSTED_CA_PEM', path, 'no PEM certificate ("-----BEGIN CERTIFICATE-----")')] }
  if (blocks.length > MAX_TRUSTED_CAS) return { ok: false, errors: [new PkiInputError('NAC_ERR_TRUSTED_CA_TOO_MANY', path, `${blocks.length} certificates; at most ${MAX_TRUSTED_CAS}`)] }
  const errors: PkiInputError[] = []
  const certs: X509Certificate[] = []
  blocks.forEach((block, i) => {
    let cert: X509Certificate
    try {
      cert = new X509Certificate(block)
    } catch {
      errors.push(new PkiInputError('NAC_ERR_TRUSTED_CA_PEM', `${path}[${i}]`, `certificate ${i} does not parse`))
      return
    }
    // RFC 5280 §4.2.1.9: only a certificate with cA TRUE may sign certificates; a leaf is no anchor.
    if (!cert.ca) errors.push(new PkiInputError('NAC_ERR_TRUSTED_CA_NOT_CA', `${path}[${i}]`, `certificate ${i} (${cert.subject.split('\n').join(', ')}) is not a CA certificate`))
    certs.push(cert)
  })
  return errors.length > 0 ? { ok: false, errors } : { ok: true, value: certs }
}

/** The stored list, one certificate per item (an entry written from YAML may hold several). */
export function trustedCaCertificates(stored: readonly string[]): X509Certificate[] {
  return stored.flatMap((pem) => pemCertificates(pem)).map((p) => new X509Certificate(p))
}
