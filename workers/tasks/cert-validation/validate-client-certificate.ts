// Task: validate an EAP client's certificate chain against the org's trusted CAs (RFC 5280 §6.1
// basic path validation; RFC 5216 §5.3 for EAP-TLS peers) and return its attributes and what
// revocation checking needs (CRL distribution points RFC 5280 §4.2.1.13, AIA OCSP §4.2.2.1).
// Pure: no I/O, no logging; never throws.
import { bytesEqual } from './der-bytes.js'
import { buildPaths, MAX_PATH_LENGTH, type Candidate } from './build-paths.js'
import { certificateAttributes, type CertificateAttributes } from './certificate-attributes.js'
import { parseCertificateMemo } from './parse-certificate.js'
import { CertFailure, refuse, type CertRefusal } from './reasons.js'
import { parseTrustedPem } from './trusted-cas.js'
import { validatePath, type Purpose } from './validate-path.js'

export interface ValidateClientCertificateInput {
  /** DER certificates as the client presented them, leaf first. */
  chainDer: Uint8Array[]
  /** The org's trusted CAs (roots and intermediates), PEM. */
  trustedCasPem: string[]
  /** Validation time, ms since the epoch. */
  atMs: number
  purpose: Purpose
}

/** One certificate of the validated path, with where its revocation status can be asked. */
export interface PathCertificate {
  der: Uint8Array
  serial: string
  /** URIs of its CRL distribution points (any scheme; ops keeps http). */
  crlUrls: string[]
  /** URIs of its AIA id-ad-ocsp entries. */
  ocspUrls: string[]
  /** Its validity period (RFC 5280 §4.1.2.5), ms since the epoch: the one part of the path's validity that depends on the time. */
  notBeforeMs: number
  notAfterMs: number
}

export interface ValidatedChain {
  ok: true
  attributes: CertificateAttributes
  /** Leaf first, the trusted CA last; each certificate's issuer is the next one. */
  path: PathCertificate[]
}

export type ValidateClientCertificateOutput = ValidatedChain | CertRefusal

/** Most certificates a client may present (EAP-TLS chains are short; this bounds the work). */
export const MAX_PRESENTED = MAX_PATH_LENGTH

export function validateClientCertificate(input: ValidateClientCertificateInput): ValidateClientCertificateOutput {
  try {
    return run(input)
  } catch (err) {
    return refuse(CertFailure.invalid, `validation failed: ${err instanceof Error ? err.message : String(err)}`)
  }
}

function run(input: ValidateClientCertificateInput): ValidateClientCertificateOutput {
  const { chainDer } = input
  if (!Array.isArray(chainDer) || chainDer.length === 0) return refuse(CertFailure.invalid, 'no client certificate presented')
  if (chainDer.length > MAX_PRESENTED) return refuse(CertFailure.invalid, `more than ${MAX_PRESENTED} certificates presented`)
  const presented = []
  for (const [i, der] of chainDer.entries()) {
    if (!(der instanceof Uint8Array)) return refuse(CertFailure.invalid, `presented certificate ${i} is not bytes`)
    const r = parseCertificateMemo(der)
    if (!r.ok) return refuse(CertFailure.invalid, `presented certificate ${i}: ${r.message}`)
    presented.push(r.cert)
  }
  const [leaf, ...rest] = presented
  if (leaf === undefined) return refuse(CertFailure.invalid, 'no client certificate presented')
  const trusted = input.trustedCasPem.flatMap((pem) => parseTrustedPem(pem))
  if (trusted.length === 0) return refuse(CertFailure.unknownCa, 'the organisation has no trusted CA')
  const candidates: Candidate[] = [
    ...trusted.map((cert) => ({ cert, trusted: true })),
    ...rest.filter((c) => !trusted.some((t) => bytesEqual(t.der, c.der))).map((cert) => ({ cert, trusted: false })),
  ]
  const built = buildPaths(leaf, candidates)
  if (built.paths.length === 0) {
    return built.badSignature
      ? refuse(CertFailure.invalid, 'certificate signature does not verify with its issuer key')
      : refuse(CertFailure.unknownCa, 'no path to a trusted CA of the organisation')
  }
  let first: CertRefusal | undefined
  for (const path of built.paths) {
    const failure = validatePath(path, input.atMs, input.purpose)
    if (failure === undefined) {
      return {
        ok: true,
        attributes: certificateAttributes(leaf),
        path: path.map((c) => ({ der: c.der, serial: c.serial, crlUrls: [...c.crlUrls], ocspUrls: [...c.ocspUrls], notBeforeMs: c.notBeforeMs, notAfterMs: c.notAfterMs })),
      }
    }
    first ??= failure
  }
  return first ?? refuse(CertFailure.invalid, 'no valid path')
}
