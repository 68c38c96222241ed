// Validity period (RFC 5280 §4.1.2.5): notBefore back-dated a little for clock skew between
// the issuer and relying parties; notAfter validDays later.

const SKEW_MS = 5 * 60 * 1000
const DAY_MS = 24 * 60 * 60 * 1000

/** Throws on a non-positive or fractional day count: a task input error, not a default. */
export function validityPeriod(validDays: number, now = Date.now()): { notBefore: Date; notAfter: Date } {
  if (!Number.isInteger(validDays) || validDays < 1 || validDays > 36_500) {
    throw new RangeError(`validDays must be an integer in 1..36500, got ${String(validDays)}`)
  }
  return { notBefore: new Date(now - SKEW_MS), notAfter: new Date(now + validDays * DAY_MS) }
}
