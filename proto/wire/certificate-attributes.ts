// A client certificate's attributes as the policy matches them and the returned User-Name may
// use them (requirements §1.1, label type "Certificate Attribute": CN, Subject, Serial Number,
// Issuer, SAN; RFC 5280 §4.1.2, §4.2.1.6). Produced by the worker pool, read by the client actor.

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
