// The properties of a certificate shown by the API and the CLI (requirements §3.1: "The system
// parses and decodes the imported CA certificate and displays the certificate properties";
// list columns Common Name, Issuer, Valid To), and the split of a PEM text into certificates.
import type { X509Certificate } from 'node:crypto'
import { x509Facts } from './x509-facts.js'

export interface CertificateProperties {
  commonName: string
  subject: string
  issuer: string
  serialNumber: string
  /** ISO 8601. */
  notBefore: string
  notAfter: string
  /** SHA-256 of the DER, lower-case hex without separators (`openssl x509 -fingerprint -sha256`, colons dropped). */
  fingerprintSha256: string
  isCa: boolean
  selfSigned: boolean
  /** SAN dNSNames (the names a supplicant may check). */
  dnsNames: string[]
}

const PEM_BLOCK = /-----BEGIN CERTIFICATE-----[\s\S]*?-----END CERTIFICATE-----/g

/** The PEM certificate blocks of a text, in order (unparsed). */
export function pemCertificates(text: string): string[] {
  return text.match(PEM_BLOCK) ?? []
}

/** Node's multi-line DN text ("O=acme\nCN=Root") as one line, most significant first. */
function oneLine(dn: string): string {
  return dn.split('\n').filter((s) => s !== '').join(', ')
}

/** A SHA-256 fingerprint in the form the API uses: 64 lower-case hex digits. */
export function normaliseFingerprint(text: string): string | undefined {
  const hex = text.replace(/:/g, '').toLowerCase()
  return /^[0-9a-f]{64}$/.test(hex) ? hex : undefined
}

export function certificateProperties(cert: X509Certificate): CertificateProperties {
  const facts = x509Facts(cert.raw)
  const selfSigned = cert.checkIssued(cert) && cert.verify(cert.publicKey)
  return {
    commonName: facts.commonNames[0] ?? '',
    subject: oneLine(cert.subject),
    issuer: oneLine(cert.issuer),
    serialNumber: cert.serialNumber,
    notBefore: new Date(cert.validFrom).toISOString(),
    notAfter: new Date(cert.validTo).toISOString(),
    fingerprintSha256: normaliseFingerprint(cert.fingerprint256) ?? '',
    isCa: cert.ca,
    selfSigned,
    dnsNames: facts.sanDns,
  }
}
