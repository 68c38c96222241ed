// Counter names of revocation checking and client-certificate validation (one catalogue, so
// dashboards and tests name the same things). Only names: no serials, URLs or subjects.

export const RevocationCounter = {
  crlFetched: 'revocation.crl.fetched',
  crlNotModified: 'revocation.crl.not_modified',
  crlFetchFailed: 'revocation.crl.fetch_failed',
  crlInvalid: 'revocation.crl.invalid',
  crlOlderIgnored: 'revocation.crl.older_ignored',
  crlStale: 'revocation.crl.stale',
  ocspGood: 'revocation.ocsp.good',
  ocspRevoked: 'revocation.ocsp.revoked',
  ocspUnknown: 'revocation.ocsp.unknown',
  ocspCacheHit: 'revocation.ocsp.cache_hit',
  ocspFailed: 'revocation.ocsp.failed',
  ocspInvalid: 'revocation.ocsp.invalid',
  noSource: 'revocation.no_source',
  intermediateSkipped: 'revocation.intermediate_skipped',
  softFailAllowed: 'revocation.soft_fail_allowed',
  hardFailRefused: 'revocation.hard_fail_refused',
  validationOk: 'cert_validation.ok',
  validationRefused: 'cert_validation.refused',
  pathMemoHit: 'cert_validation.path_memo_hit',
} as const
export type RevocationCounter = (typeof RevocationCounter)[keyof typeof RevocationCounter]
