// Basic path validation of one built path (RFC 5280 §6.1.3, §6.1.4, §6.1.5) at a given time,
// plus the leaf's usage for EAP client authentication (RFC 5280 §4.2.1.3, §4.2.1.12;
// RFC 5216 §5.3). Signatures were checked while building the path (build-paths.ts).
// Deviations, as OpenSSL does: the trust anchor's validity dates, basicConstraints and pathLen
// are checked too (RFC 5937 allows anchor constraints); policy processing is not done (initial
// policy set any-policy, no explicit policy required), so only critical extensions we process
// are accepted.
import { CertFailure, refuse, type CertRefusal } from './reasons.js'
import { Oid } from './oids.js'
import { namesMatch } from './distinguished-name.js'
import { hasKeyUsageBit, KeyUsageBit, type ParsedCertificate } from './parse-certificate.js'

export type Purpose = 'clientAuth'
const PURPOSE_OIDS: Readonly<Record<Purpose, string>> = { clientAuth: Oid.kpClientAuth }

const isSelfIssued = (c: ParsedCertificate): boolean => namesMatch(c.subjectDer, c.issuerDer)

/** The first failure of `path` (leaf first, anchor last) at `atMs`, or undefined when it is valid. */
export function validatePath(path: ParsedCertificate[], atMs: number, purpose: Purpose): CertRefusal | undefined {
  return checkStructure(path) ?? checkValidity(path, atMs) ?? checkLeafUsage(path, purpose)
}

function label(i: number, n: number): string {
  return i === 0 ? 'client certificate' : i === n - 1 ? 'trusted CA' : `intermediate CA ${i}`
}

function checkStructure(path: ParsedCertificate[]): CertRefusal | undefined {
  const n = path.length
  for (let i = 0; i < n; i++) {
    const c = path[i]
    if (c === undefined) continue
    const what = label(i, n)
    // RFC 5280 §6.1.4(o): "Recognize and process any other critical extension present in the
    // certificate." What we cannot process makes the path fail.
    if (i < n - 1 && c.unhandledCritical.length > 0) {
      return refuse(CertFailure.invalid, `${what} has unsupported critical extension ${c.unhandledCritical.join(', ')}`)
    }
    if (i === 0) continue
    // RFC 5280 §6.1.4(k): "verify that the basicConstraints extension is present and that cA is
    // set to TRUE." A trusted CA without the extension (v1) was accepted out of band by the admin.
    const bc = c.basicConstraints
    if (bc?.cA !== true && !(i === n - 1 && bc === undefined)) {
      return refuse(CertFailure.invalid, `${what} is not a CA (basicConstraints cA is not TRUE)`)
    }
    // RFC 5280 §6.1.4(n): "If a key usage extension is present, verify that the keyCertSign bit is set."
    if (c.keyUsage !== undefined && !hasKeyUsageBit(c.keyUsage, KeyUsageBit.keyCertSign)) {
      return refuse(CertFailure.invalid, `${what} key usage lacks keyCertSign`)
    }
    // RFC 5280 §4.2.1.9: pathLenConstraint "gives the maximum number of non-self-issued
    // intermediate certificates that may follow this certificate in a valid certification path."
    const pathLen = bc?.pathLen
    if (pathLen !== undefined) {
      let below = 0
      for (let j = 1; j < i; j++) { const m = path[j]; if (m !== undefined && !isSelfIssued(m)) below++ }
      if (below > pathLen) return refuse(CertFailure.invalid, `${what} pathLenConstraint ${pathLen} exceeded by ${below} intermediate CA(s) below it`)
    }
  }
  return undefined
}

function checkValidity(path: ParsedCertificate[], atMs: number): CertRefusal | undefined {
  const n = path.length
  for (let i = 0; i < n; i++) {
    const c = path[i]
    if (c === undefined) continue
    // RFC 5280 §6.1.3(a)(2): "The certificate validity period includes the current time."
    if (atMs > c.notAfterMs) return refuse(CertFailure.expired, `${label(i, n)} expired at ${new Date(c.notAfterMs).toISOString()}`)
    if (atMs < c.notBeforeMs) return refuse(CertFailure.notYetValid, `${label(i, n)} not valid before ${new Date(c.notBeforeMs).toISOString()}`)
  }
  return undefined
}

function checkLeafUsage(path: ParsedCertificate[], purpose: Purpose): CertRefusal | undefined {
  const leaf = path[0]
  if (leaf === undefined) return refuse(CertFailure.invalid, 'empty path')
  // RFC 5280 §4.2.1.3: digitalSignature is for verifying signatures "other than signatures on
  // certificates (bit keyCertSign) and CRLs (bit cRLSign)", as the TLS CertificateVerify is.
  if (leaf.keyUsage !== undefined && !hasKeyUsageBit(leaf.keyUsage, KeyUsageBit.digitalSignature)) {
    return refuse(CertFailure.badUsage, 'client certificate key usage lacks digitalSignature')
  }
  // RFC 5280 §4.2.1.12: "If the extension is present, then the certificate MUST only be used for
  // one of the purposes indicated."
  const eku = leaf.extKeyUsage
  const wanted = PURPOSE_OIDS[purpose]
  if (eku !== undefined && !eku.includes(wanted) && !eku.includes(Oid.anyExtendedKeyUsage)) {
    return refuse(CertFailure.badUsage, 'client certificate extended key usage lacks clientAuth')
  }
  return undefined
}
