// Plain-data inputs and outputs of the certificate tasks: what crosses the worker boundary
// (structured clone), PEM strings only. Profile: RFC 5280 §4.1 and §4.2.

/** Input of createCa: a self-signed CA for a device or server hierarchy. */
export interface CreateCaInput {
  commonName: string
  organization?: string
  validDays: number
}

/** Subject of an issued certificate (RFC 5280 §4.1.2.6), written in the order O, OU, CN. */
export interface CertificateSubject {
  CN: string
  O?: string
  OU?: string
}

/** subjectAltName entries (RFC 5280 §4.2.1.6): dNSName, iPAddress, uniformResourceIdentifier, rfc822Name. */
export interface SubjectAltNames {
  dns?: string[]
  /** rfc822Name: a user certificate's mail address (TEAP's user identity in the demo). */
  email?: string[]
  ip?: string[]
  uri?: string[]
}

/** extKeyUsage of a leaf (RFC 5280 §4.2.1.12): id-kp-serverAuth, id-kp-clientAuth or both. */
export type CertificateUsage = 'server' | 'client' | 'server+client'

/** Input of issueCertificate: a leaf signed by the given CA. */
export interface IssueCertificateInput {
  caCertPem: string
  caKeyPem: string
  subject: CertificateSubject
  sans: SubjectAltNames
  usage: CertificateUsage
  validDays: number
}

/** A certificate and its private key (PKCS#8), both PEM. */
export interface CertificateAndKey {
  certPem: string
  keyPem: string
}
