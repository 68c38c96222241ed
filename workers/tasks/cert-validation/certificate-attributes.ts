// The client certificate's attributes the policy matches on (requirements §1.1, label type
// "Certificate Attribute": CN, Subject, Serial Number, Issuer, SAN; RFC 5280 §4.1.2, §4.2.1.6).
import { commonName, nameToString } from './distinguished-name.js'
import type { ParsedCertificate } from './parse-certificate.js'

export interface CertificateAttributes {
  cn: string | undefined
  /** RFC 4514 string of the subject. */
  subject: string
  /** Upper-case hex, as `openssl x509 -serial` prints it. */
  serial: string
  /** RFC 4514 string of the issuer. */
  issuer: string
  sanDns: string[]
  sanEmail: string[]
  /** otherName 1.3.6.1.4.1.311.20.2.3 (Microsoft UPN). */
  sanUpn: string[]
  sanUri: string[]
}

export function certificateAttributes(leaf: ParsedCertificate): CertificateAttributes {
  return {
    cn: commonName(leaf.subjectDer),
    subject: nameToString(leaf.subjectDer),
    serial: leaf.serial,
    issuer: nameToString(leaf.issuerDer),
    sanDns: [...leaf.san.dns],
    sanEmail: [...leaf.san.email],
    sanUpn: [...leaf.san.upn],
    sanUri: [...leaf.san.uri],
  }
}
