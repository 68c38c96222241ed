// ops/pki public surface: the demo/embedded PKI on disk and NAS certificate issuance.
export { ensureOrgPki, ensureRadsecServerPki, OrgPkiFiles, RadsecServerPkiFiles } from './demo-pki.js'
export type { OrgPki, OrgPkiOptions, RadsecServerPki } from './demo-pki.js'
export { issueNasCertificate } from './issue-nas-certificate.js'
export type { IssueNasCertificateInput } from './issue-nas-certificate.js'
export type { PemPair, PemPairNames } from './pem-files.js'
export { RENEWAL_MARGIN_DAYS } from './certificate-reuse.js'
export { ensureEapPki, EapPkiFiles, type EapPki, type EapPkiOptions, type EapKeyType } from './eap-pki.js'
