// OCSP CertID (RFC 6960 §4.1.1): "issuerNameHash is the hash of the issuer's distinguished name
// (DN). The hash shall be calculated over the DER encoding of the issuer's name field in the
// certificate being checked." "issuerKeyHash is the hash of the issuer's public key. The hash
// shall be calculated over the value (excluding tag and length) of the subject public key field
// in the issuer's certificate." SHA-1 for requests, as responders expect (RFC 5019 §2.1.1).
import { createHash } from 'node:crypto'
import type { ParsedCertificate } from './parse-certificate.js'
import { Oid } from './oids.js'

export interface CertIdValues {
  hashOid: string
  issuerNameHash: Uint8Array
  issuerKeyHash: Uint8Array
  serialBytes: Uint8Array
}

const HASHES: Readonly<Record<string, string>> = {
  [Oid.sha1]: 'sha1',
  '2.16.840.1.101.3.4.2.1': 'sha256',
  '2.16.840.1.101.3.4.2.2': 'sha384',
  '2.16.840.1.101.3.4.2.3': 'sha512',
}

/** The CertID of `cert` issued by `issuer` under the hash `hashOid`; undefined for an unknown hash. */
export function certIdFor(cert: ParsedCertificate, issuer: ParsedCertificate, hashOid: string = Oid.sha1): CertIdValues | undefined {
  const hash = HASHES[hashOid]
  if (hash === undefined) return undefined
  return {
    hashOid,
    issuerNameHash: createHash(hash).update(cert.issuerDer).digest(),
    issuerKeyHash: createHash(hash).update(issuer.publicKeyBits).digest(),
    serialBytes: cert.serialBytes,
  }
}

/** SHA-1 of a public key's bits: the ResponderID byKey form (RFC 6960 §4.2.1). */
export function keyHashSha1(cert: ParsedCertificate): Uint8Array {
  return createHash('sha1').update(cert.publicKeyBits).digest()
}
