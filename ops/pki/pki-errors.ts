// The refusals of the org PKI's inputs (requirements auth-policy-edge-monitoring.md §3.1, §3.3):
// one stable code per broken rule of a custom EAP server certificate, and of a trusted CA.
// Every broken rule is its own error, and all of them are reported at once.
import { NacError } from '../../proto/nac-error.js'

/** A custom EAP server certificate's rules: code -> what it enforces. */
export const ServerCertRule = {
  NAC_ERR_SERVER_CERT_PEM: 'the chain is one or more PEM certificates, leaf first',
  NAC_ERR_SERVER_CERT_TOO_LONG: 'the chain holds at most 10 certificates',
  NAC_ERR_SERVER_CERT_KEY_PEM: 'the key is one PEM private key (PKCS#1, SEC 1 or PKCS#8)',
  NAC_ERR_SERVER_CERT_PASSPHRASE_REQUIRED: 'an encrypted key comes with its passphrase',
  NAC_ERR_SERVER_CERT_WRONG_PASSPHRASE: 'the passphrase decrypts the key',
  NAC_ERR_SERVER_CERT_KEY_MISMATCH: 'the key belongs to the first certificate of the chain',
  NAC_ERR_SERVER_CERT_LEGACY_VERSION: 'every certificate is X.509 version 3',
  NAC_ERR_SERVER_CERT_WILDCARD: 'no wildcard in the leaf CN or SAN',
  NAC_ERR_SERVER_CERT_NO_SAN_DNS: 'the leaf has a SAN with at least one DNS name',
  NAC_ERR_SERVER_CERT_NO_SERVER_AUTH: 'the leaf EKU contains serverAuth',
  NAC_ERR_SERVER_CERT_KEY_USAGE: 'a leaf KeyUsage, when present, allows digitalSignature',
  NAC_ERR_SERVER_CERT_LEAF_IS_CA: 'the leaf is not a CA certificate',
  NAC_ERR_SERVER_CERT_KEY_TYPE: 'the leaf key is RSA of 2048 bits or more, or EC P-256 or P-384',
  NAC_ERR_SERVER_CERT_WEAK_SIGNATURE: 'every signature, except a self-signed root\'s own, is SHA-256 or better',
  NAC_ERR_SERVER_CERT_CHAIN_BROKEN: 'each certificate is issued and signed by the next one',
  NAC_ERR_SERVER_CERT_ISSUER_NOT_CA: 'each issuer in the chain is a CA certificate',
  NAC_ERR_SERVER_CERT_CHAIN_INCOMPLETE: 'the chain ends at its self-signed root',
  NAC_ERR_SERVER_CERT_EXPIRED: 'no certificate of the chain has expired',
  NAC_ERR_SERVER_CERT_NOT_YET_VALID: 'every certificate of the chain is valid already',
} as const
export type ServerCertCode = keyof typeof ServerCertRule

/** A trusted client CA's rules. */
export const TrustedCaRule = {
  NAC_ERR_TRUSTED_CA_PEM: 'the text is one or more PEM certificates',
  NAC_ERR_TRUSTED_CA_NOT_CA: 'each certificate is a CA certificate (basicConstraints cA)',
  NAC_ERR_TRUSTED_CA_TOO_MANY: 'an org trusts at most 100 CA certificates',
} as const
export type TrustedCaCode = keyof typeof TrustedCaRule

export type PkiInputCode = ServerCertCode | TrustedCaCode

/** One broken rule: its code, where (e.g. "chainPem[1]", "keyPem") and what is wrong. */
export class PkiInputError extends NacError<PkiInputCode> {
  constructor(code: PkiInputCode, readonly path: string, message: string) {
    super(code, message)
  }
}

export type Checked<T> = { ok: true; value: T } | { ok: false; errors: PkiInputError[] }
