// A first CertificateValidator on node:crypto X509Certificate (RFC 5280 §6.1, simplified): each
// link's signature and issuer name, validity of every certificate on the path, cA on every
// issuer, EKU clientAuth on the leaf, and a path ending at one of the org's trusted CAs (a stored
// intermediate is an anchor too, requirements §3.1). No revocation: the worker-pool validator
// with CRL/OCSP replaces this one.
import { X509Certificate } from 'node:crypto'
import type { CertificateAttributes, CertificateValidation, CertificateValidator } from './certificate-validator.js'

const EKU_CLIENT_AUTH = '1.3.6.1.5.5.7.3.2'
const EKU_ANY = '2.5.29.37.0'
const MAX_DEPTH = 8

export class X509ChainValidator implements CertificateValidator {
  constructor(
    private readonly trustedCas: (org: string) => readonly X509Certificate[],
    private readonly now: () => number = Date.now,
  ) {}

  async validate(input: { org: string; chainDer: Uint8Array[]; purpose: 'clientAuth' }): Promise<CertificateValidation> {
    let chain: X509Certificate[]
    try {
      chain = input.chainDer.map((d) => new X509Certificate(Buffer.from(d.buffer, d.byteOffset, d.byteLength)))
    } catch {
      return { ok: false, reason: 'INVALID', message: 'a presented certificate does not parse' }
    }
    const leaf = chain[0]
    if (leaf === undefined) return { ok: false, reason: 'INVALID', message: 'no client certificate' }
    const anchors = this.trustedCas(input.org)
    const issues = (child: X509Certificate, parent: X509Certificate): boolean => {
      try {
        return child.checkIssued(parent) && child.verify(parent.publicKey)
      } catch {
        return false
      }
    }
    const path: X509Certificate[] = [leaf]
    let anchor: X509Certificate | undefined
    for (let cur = leaf; path.length <= MAX_DEPTH;) {
      anchor = anchors.find((a) => issues(cur, a))
      if (anchor !== undefined) break
      const next = chain.slice(1).find((c) => !path.includes(c) && issues(cur, c))
      if (next === undefined) break
      path.push(next)
      cur = next
    }
    if (anchor === undefined) return { ok: false, reason: 'UNKNOWN_CA', message: `no path from "${leaf.subject.replace(/\n/g, ', ')}" to a trusted CA of the org` }
    const now = this.now()
    for (const c of [...path, anchor]) {
      // RFC 5280 §6.1.3 (a)(2): "The certificate validity period includes the current time."
      if (Date.parse(c.validFrom) > now) return { ok: false, reason: 'NOT_YET_VALID', message: `not valid before ${c.validFrom}` }
      if (Date.parse(c.validTo) < now) return { ok: false, reason: 'EXPIRED', message: `expired ${c.validTo}` }
    }
    // RFC 5280 §4.2.1.9: "If the cA boolean is not asserted, then the keyCertSign bit in the key
    // usage extension MUST NOT be asserted" — an issuer must be a CA.
    for (const c of [...path.slice(1), anchor]) {
      if (!c.ca) return { ok: false, reason: 'BAD_USAGE', message: `issuer "${c.subject.replace(/\n/g, ', ')}" is not a CA` }
    }
    // RFC 5280 §4.2.1.12: "If the extension is present, then the certificate MUST only be used for
    // one of the purposes indicated." Absent: any purpose.
    const eku = leaf.keyUsage
    if (eku !== undefined && eku.length > 0 && !eku.includes(EKU_CLIENT_AUTH) && !eku.includes(EKU_ANY)) {
      return { ok: false, reason: 'BAD_USAGE', message: 'extended key usage lacks clientAuth' }
    }
    return { ok: true, attributes: certificateAttributes(leaf) }
  }
}

/** Split Node's subjectAltName text ("DNS:a, email:b, ...", values JSON-quoted when needed). */
function sanEntries(text: string | undefined): Array<[string, string]> {
  if (text === undefined) return []
  const out: Array<[string, string]> = []
  const re = /([A-Za-z ]+):("(?:[^"\\]|\\.)*"|[^,]*)(?:, |$)/g
  for (let m = re.exec(text); m !== null && m[0] !== ''; m = re.exec(text)) {
    const raw = m[2] ?? ''
    let value = raw
    if (raw.startsWith('"')) {
      try {
        value = JSON.parse(raw) as string
      } catch {
        value = raw
      }
    }
    out.push([m[1] ?? '', value])
  }
  return out
}

export function certificateAttributes(cert: X509Certificate): CertificateAttributes {
  const cn = /(?:^|\n)CN=([^\n]*)/.exec(cert.subject)?.[1]
  const a: CertificateAttributes = {
    cn, subject: cert.subject.replace(/\n/g, ', '), serial: cert.serialNumber, issuer: cert.issuer.replace(/\n/g, ', '),
    sanDns: [], sanEmail: [], sanUpn: [], sanUri: [],
  }
  for (const [kind, value] of sanEntries(cert.subjectAltName)) {
    if (kind === 'DNS') a.sanDns.push(value)
    else if (kind === 'email') a.sanEmail.push(value)
    else if (kind === 'URI') a.sanUri.push(value)
    else if (kind === 'othername' && value.startsWith('UPN:')) a.sanUpn.push(value.replace(/^UPN::?/, ''))
  }
  return a
}
