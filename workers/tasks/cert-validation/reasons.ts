// The closed sets of outcomes of client-certificate validation (RFC 5280 §6.1 path validation,
// §6.3 CRL processing, RFC 6960 OCSP): what the EAP layer maps to NAC events.

/** Why a client certificate is refused; the same names as the EAP engineer's CertificateValidator. */
export const CertFailure = {
  unknownCa: 'UNKNOWN_CA',
  expired: 'EXPIRED',
  notYetValid: 'NOT_YET_VALID',
  revoked: 'REVOKED',
  badUsage: 'BAD_USAGE',
  revocationUnknown: 'REVOCATION_UNKNOWN',
  invalid: 'INVALID',
} as const
export type CertFailure = (typeof CertFailure)[keyof typeof CertFailure]

/** A refusal with its reason from the closed set and a message for people (no secrets in it). */
export interface CertRefusal {
  ok: false
  reason: CertFailure
  message: string
}

export const refuse = (reason: CertFailure, message: string): CertRefusal => ({ ok: false, reason, message })

/**
 * RFC 5280 §5.3.1 CRLReason names, by code; also used for OCSP's revocationReason
 * (RFC 6960 §4.2.1 refers to the same enumeration). Code 7 is not assigned.
 */
export const CRL_REASONS: Readonly<Record<number, string>> = {
  0: 'unspecified',
  1: 'keyCompromise',
  2: 'cACompromise',
  3: 'affiliationChanged',
  4: 'superseded',
  5: 'cessationOfOperation',
  6: 'certificateHold',
  8: 'removeFromCRL',
  9: 'privilegeWithdrawn',
  10: 'aACompromise',
}

export function crlReasonName(code: number | undefined): string {
  if (code === undefined) return 'unspecified'
  return CRL_REASONS[code] ?? `reason-${code}`
}
