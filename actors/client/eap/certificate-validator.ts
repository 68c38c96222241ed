// The client-certificate check of EAP-TLS (RFC 5216 §5.3, requirements §3.1): chain to the
// org's trusted CAs, validity, key usage and EKU clientAuth, revocation. An interface, so the
// worker-pool implementation with CRL/OCSP (workers/tasks, ops/revocation) replaces the first one
// (x509-chain-validator.ts) by wiring alone.
import type { CertificateAttributes } from '../../../proto/wire/certificate-attributes.js'

/** Certificate attributes that reach the policy and the returned User-Name (requirements §1.1). */
export type { CertificateAttributes }

export type CertificateRejection = 'UNKNOWN_CA' | 'EXPIRED' | 'NOT_YET_VALID' | 'REVOKED' | 'BAD_USAGE' | 'REVOCATION_UNKNOWN' | 'INVALID'

export type CertificateRole = 'machine' | 'user'

export type CertificateValidation =
  | { ok: true; attributes: CertificateAttributes }
  | { ok: false; reason: CertificateRejection; message: string }

export interface CertificateValidator {
  validate(input: {
    org: string
    /** DER, leaf first, as the peer presented them. */
    chainDer: Uint8Array[]
    purpose: 'clientAuth'
    /** Whose certificate: TEAP's inner methods authenticate a machine, then a user (RFC 7170 §3.3.5). */
    role?: CertificateRole | undefined
  }): Promise<CertificateValidation>
}
