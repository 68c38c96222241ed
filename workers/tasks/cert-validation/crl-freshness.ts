// Is a CRL current enough to decide a certificate's status? RFC 5280 §5.1.2.5: nextUpdate
// "indicates the date by which the next CRL will be issued"; §6.3.3(a)(1): "If the current time
// is after the value of the CRL next update field, then ... obtain a current CRL". A grace period
// after nextUpdate tolerates a CA that publishes late; beyond it the CRL says nothing.

export type CrlFreshness = 'current' | 'stale' | 'not-yet-valid'

export interface CrlTimes { thisUpdateMs: number; nextUpdateMs: number | undefined }

export interface FreshnessPolicy {
  /** Tolerance after nextUpdate. */
  graceMs: number
  /** Age limit when the CRL has no nextUpdate (RFC 5280 §5.1.2.5: issuers "MUST include" it). */
  maxAgeWithoutNextUpdateMs: number
  /** Tolerated clock difference for thisUpdate in the future. */
  clockSkewMs: number
}

export function crlFreshness(crl: CrlTimes, atMs: number, policy: FreshnessPolicy): CrlFreshness {
  if (crl.thisUpdateMs > atMs + policy.clockSkewMs) return 'not-yet-valid'
  const expires = crl.nextUpdateMs ?? crl.thisUpdateMs + policy.maxAgeWithoutNextUpdateMs
  return atMs > expires + policy.graceMs ? 'stale' : 'current'
}
