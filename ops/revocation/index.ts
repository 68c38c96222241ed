// Revocation checking for client certificates (RFC 5280 §5 CRLs, RFC 6960 OCSP): the I/O half
// (HTTP, caches, refresh timers) beside the pure pool tasks of workers/tasks/cert-validation.
export { PoolCertificateValidator } from './pool-certificate-validator.js'
export type { OrgCertificateSettings, PoolCertificateValidatorOptions } from './pool-certificate-validator.js'
export { DEFAULT_CRL_TUNING } from './crl-cache.js'
export type { CrlCacheTuning } from './crl-cache.js'
export { DEFAULT_OCSP_TUNING } from './ocsp-client.js'
export type { OcspTuning } from './ocsp-client.js'
export { RevocationCounter } from './revocation-counters.js'
export { fetchBytes, FetchFailure, isFetchableUrl } from './fetch-bytes.js'
