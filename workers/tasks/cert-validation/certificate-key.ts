// The public key of a parsed certificate as a node:crypto KeyObject, loaded once per certificate,
// and the signature check "was `subject` signed by `issuer`'s key" (RFC 5280 §6.1.3(a)(1)).
import type { KeyObject } from 'node:crypto'
import type { ParsedCertificate } from './parse-certificate.js'
import { publicKeyFromSpki, verifySignature } from './verify-signature.js'

const keys = new WeakMap<ParsedCertificate, KeyObject | null>()

export function certificateKey(cert: ParsedCertificate): KeyObject | undefined {
  let key = keys.get(cert)
  if (key === undefined) {
    key = publicKeyFromSpki(cert.spkiDer) ?? null
    keys.set(cert, key)
  }
  return key ?? undefined
}

/** RFC 5280 §6.1.3(a)(1): "The signature on the certificate can be verified using working_public_key_algorithm, the working_public_key, and the working_public_key_parameters." */
export function isSignedBy(subject: ParsedCertificate, issuer: ParsedCertificate): boolean {
  const key = certificateKey(issuer)
  return key !== undefined && verifySignature(subject.signatureAlgorithm, subject.tbs, subject.signature, key)
}
