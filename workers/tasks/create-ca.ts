// Task: a self-signed CA certificate and key. Profile per RFC 5280: basicConstraints cA=TRUE,
// critical (§4.2.1.9: "Conforming CAs MUST include this extension in all CA certificates that
// contain public keys used to validate digital signatures on certificates and MUST mark the
// extension as critical"), keyUsage keyCertSign+cRLSign, critical (§4.2.1.3), and
// subjectKeyIdentifier (§4.2.1.2), SHA-256 with RSA signature (RFC 4055).
import forge from 'node-forge'
import type { CertificateAndKey, CreateCaInput } from './certificate-types.js'
import { newCertificate } from './new-certificate.js'

/** Create a self-signed CA. Pure apart from randomness: no I/O, no logging. */
export function createCa(input: CreateCaInput): CertificateAndKey {
  if (input.commonName.length === 0) throw new TypeError('commonName must not be empty')
  const { cert, keys, subject } = newCertificate(input.validDays, { O: input.organization, CN: input.commonName })
  cert.setIssuer(subject)
  cert.setExtensions([
    { name: 'basicConstraints', cA: true, critical: true },
    { name: 'keyUsage', keyCertSign: true, cRLSign: true, critical: true },
    { name: 'subjectKeyIdentifier' },
  ])
  cert.sign(keys.privateKey, forge.md.sha256.create())
  return { certPem: forge.pki.certificateToPem(cert), keyPem: keys.privateKeyPem }
}
