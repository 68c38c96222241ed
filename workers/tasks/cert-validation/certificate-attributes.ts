// The client certificate's attributes the policy matches on (requirements §1.1, label type
// "Certificate Attribute": CN, Subject, Serial Number, Issuer, SAN; RFC 5280 §4.1.2, §4.2.1.6).
import { commonName, nameToString } from './distinguished-name.js'
import type { ParsedCertificate } from './parse-certificate.js'
import type { CertificateAttributes } from '../../../proto/wire/certificate-attributes.js'

export type { CertificateAttributes }

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
