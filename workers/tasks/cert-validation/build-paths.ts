// Certification path building: from the presented leaf, through presented intermediates, to
// any of the org's trusted CAs (RFC 5280 §6: "this specification does not assume that the
// certification path is already built"; candidates chosen as in RFC 4158 §3: issuer name, key
// identifiers, signature). A trusted intermediate ends a path as well as a root does
// (requirements §3.1: "a stored intermediate is a valid anchor").
import { bytesEqual } from './der-bytes.js'
import { namesMatch } from './distinguished-name.js'
import { isSignedBy } from './certificate-key.js'
import type { ParsedCertificate } from './parse-certificate.js'

/** A candidate issuer: a presented intermediate, or a trusted CA (an anchor). */
export interface Candidate { cert: ParsedCertificate; trusted: boolean }

export interface BuiltPaths {
  /** Complete paths, leaf first and anchor last, in the order found (shortest first). */
  paths: ParsedCertificate[][]
  /** A name-matching issuer existed whose signature did not verify. */
  badSignature: boolean
}

/** Longest path considered (leaf and anchor included), and most paths kept. */
export const MAX_PATH_LENGTH = 10
const MAX_PATHS = 8

function mayHaveIssued(issuer: ParsedCertificate, subject: ParsedCertificate): boolean {
  if (!namesMatch(issuer.subjectDer, subject.issuerDer)) return false
  // RFC 5280 §4.2.1.1: the AKI "provides a means of identifying the public key corresponding to
  // the private key used to sign a certificate"; a mismatch with the SKI rules the candidate out.
  if (subject.authorityKeyId !== undefined && issuer.subjectKeyId !== undefined) {
    return bytesEqual(subject.authorityKeyId, issuer.subjectKeyId)
  }
  return true
}

/** Every path from `leaf` to a trusted candidate, depth first, anchors tried before intermediates. */
export function buildPaths(leaf: ParsedCertificate, candidates: Candidate[]): BuiltPaths {
  const out: BuiltPaths = { paths: [], badSignature: false }
  const ordered = [...candidates.filter((c) => c.trusted), ...candidates.filter((c) => !c.trusted)]
  const walk = (path: ParsedCertificate[]): void => {
    const current = path[path.length - 1]
    if (current === undefined || out.paths.length >= MAX_PATHS || path.length >= MAX_PATH_LENGTH) return
    for (const cand of ordered) {
      if (path.some((p) => bytesEqual(p.der, cand.cert.der))) continue
      if (!mayHaveIssued(cand.cert, current)) continue
      if (!isSignedBy(current, cand.cert)) { out.badSignature = true; continue }
      if (cand.trusted) out.paths.push([...path, cand.cert])
      else walk([...path, cand.cert])
      if (out.paths.length >= MAX_PATHS) return
    }
  }
  walk([leaf])
  out.paths.sort((a, b) => a.length - b.length)
  return out
}
