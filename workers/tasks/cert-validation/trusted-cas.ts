// The org's trusted CAs (requirements §3.1), from PEM to parsed certificates, memoised per PEM
// text in the worker so a busy org's anchors are parsed once per thread, not per EAP session.
import { pemCertificatesToDer } from './der-bytes.js'
import { parseCertificate, type ParsedCertificate } from './parse-certificate.js'

const MEMO_LIMIT = 512
const memo = new Map<string, ParsedCertificate[]>()

/** Parsed certificates of one PEM text; malformed blocks are left out (they were refused at upload). */
export function parseTrustedPem(pem: string): ParsedCertificate[] {
  const hit = memo.get(pem)
  if (hit !== undefined) return hit
  const certs: ParsedCertificate[] = []
  for (const der of pemCertificatesToDer(pem)) {
    const r = parseCertificate(der)
    if (r.ok) certs.push(r.cert)
  }
  if (memo.size >= MEMO_LIMIT) memo.delete(memo.keys().next().value ?? '')
  memo.set(pem, certs)
  return certs
}
