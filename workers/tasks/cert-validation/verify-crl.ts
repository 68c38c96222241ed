// Task: verify a CRL against the certificate of its issuer and list its entries (RFC 5280 §5,
// §6.3.3 steps (b), (f), (g)). Run once per download in the pool; status lookups then use the
// returned serials. Not supported, so the CRL is refused (and the status stays unknown): delta
// CRLs, indirect CRLs, CRLs partitioned by reason (RFC 5280 §5.2.4, §5.2.5). Deviation: the
// issuingDistributionPoint name is not compared with the distribution point fetched.
import { createHash } from 'node:crypto'
import * as asn1js from 'asn1js'
import * as pkijs from 'pkijs'
import { ownBytes, serialHex, toHex } from './der-bytes.js'
import { namesMatch } from './distinguished-name.js'
import { certificateKey } from './certificate-key.js'
import { Oid } from './oids.js'
import { hasKeyUsageBit, KeyUsageBit, parseCertificate } from './parse-certificate.js'
import { crlReasonName } from './reasons.js'
import { verifySignature } from './verify-signature.js'

export interface VerifyCrlInput {
  crlDer: Uint8Array
  /** The certificate of the CA that should have issued the CRL. */
  issuerDer: Uint8Array
}

export interface CrlEntry {
  /** Upper-case hex, as in CertificateAttributes.serial. */
  serial: string
  revokedAtMs: number
  /** RFC 5280 §5.3.1 reason name; "unspecified" when the entry has none. */
  reason: string
}

export interface VerifiedCrl {
  ok: true
  /** SHA-256 of the issuer's SubjectPublicKeyInfo: which CA this CRL speaks for. */
  issuerKeyId: string
  thisUpdateMs: number
  nextUpdateMs: number | undefined
  crlNumber: string | undefined
  /** RFC 5280 §5.2.5 issuingDistributionPoint scope. */
  scope: 'all' | 'user-certs' | 'ca-certs'
  entries: CrlEntry[]
}

export type VerifyCrlOutput = VerifiedCrl | { ok: false; message: string }

const fail = (message: string): { ok: false; message: string } => ({ ok: false, message })

/** SHA-256 hex of a SubjectPublicKeyInfo: the key identity CRLs and cache entries are matched by. */
export function spkiKeyId(spkiDer: Uint8Array): string {
  return createHash('sha256').update(spkiDer).digest('hex')
}

export function verifyCrl(input: VerifyCrlInput): VerifyCrlOutput {
  try {
    return run(input)
  } catch (err) {
    return fail(`malformed CRL: ${err instanceof Error ? err.message : String(err)}`)
  }
}

function run(input: VerifyCrlInput): VerifyCrlOutput {
  const issuerParsed = parseCertificate(input.issuerDer)
  if (!issuerParsed.ok) return fail(`issuer: ${issuerParsed.message}`)
  const issuer = issuerParsed.cert
  const der = ownBytes(input.crlDer)
  const top = asn1js.fromBER(der)
  if (top.offset === -1 || top.offset !== der.byteLength) return fail('malformed CRL: not one DER value')
  const crl = new pkijs.CertificateRevocationList({ schema: top.result })
  // RFC 5280 §5.1.1.2: "This field MUST contain the same algorithm identifier as the signature
  // field in the sequence tbsCertList (Section 5.1.2.2)."
  if (!Buffer.from(crl.signature.toSchema().toBER(false)).equals(Buffer.from(crl.signatureAlgorithm.toSchema().toBER(false)))) {
    return fail('signatureAlgorithm differs from tbsCertList.signature')
  }
  // RFC 5280 §6.3.3(b)(1): "verify that the issuer of the CRL matches the issuer of the certificate"
  // (here: the subject of the CA we were given for it).
  if (!namesMatch(new Uint8Array(crl.issuer.valueBeforeDecode), issuer.subjectDer)) return fail('CRL issuer name is not the CA subject')
  // RFC 5280 §6.3.3(f): "If a key usage extension is present in the CRL issuer's certificate,
  // verify that the cRLSign bit is set."
  if (issuer.keyUsage !== undefined && !hasKeyUsageBit(issuer.keyUsage, KeyUsageBit.cRLSign)) return fail('CA key usage lacks cRLSign')
  // RFC 5280 §6.3.3(g): "Validate the signature on the complete CRL using the public key validated in step (f)."
  const key = certificateKey(issuer)
  if (key === undefined || !verifySignature(crl.signatureAlgorithm, crl.tbsView, crl.signatureValue.valueBlock.valueHexView, key)) {
    return fail('CRL signature does not verify with the CA key')
  }
  const ext = readCrlExtensions(crl.crlExtensions?.extensions ?? [])
  if (typeof ext === 'string') return fail(ext)
  const entries: CrlEntry[] = []
  for (const rc of crl.revokedCertificates ?? []) {
    const entry = readEntry(rc)
    if (typeof entry === 'string') return fail(entry)
    entries.push(entry)
  }
  const thisUpdateMs = crl.thisUpdate.value.getTime()
  const nextUpdateMs = crl.nextUpdate?.value.getTime()
  if (Number.isNaN(thisUpdateMs) || (nextUpdateMs !== undefined && Number.isNaN(nextUpdateMs))) return fail('malformed CRL dates')
  return { ok: true, issuerKeyId: spkiKeyId(issuer.spkiDer), thisUpdateMs, nextUpdateMs, crlNumber: ext.crlNumber, scope: ext.scope, entries }
}

type CrlExtensions = { crlNumber: string | undefined; scope: VerifiedCrl['scope'] }

function readCrlExtensions(exts: pkijs.Extension[]): CrlExtensions | string {
  const out: CrlExtensions = { crlNumber: undefined, scope: 'all' }
  for (const e of exts) {
    switch (e.extnID) {
      case Oid.crlNumber:
        if (e.parsedValue instanceof asn1js.Integer) out.crlNumber = toHex(e.parsedValue.valueBlock.valueHexView)
        break
      case Oid.authorityKeyIdentifier:
        break
      case Oid.deltaCrlIndicator:
        return 'delta CRLs are not supported'
      case Oid.issuingDistributionPoint: {
        const idp: unknown = e.parsedValue
        if (!(idp instanceof pkijs.IssuingDistributionPoint)) return 'malformed issuingDistributionPoint'
        if (idp.indirectCRL === true) return 'indirect CRLs are not supported'
        if (idp.onlySomeReasons !== undefined) return 'CRLs partitioned by reason are not supported'
        if (idp.onlyContainsAttributeCerts === true) return 'attribute-certificate CRL'
        out.scope = idp.onlyContainsUserCerts === true ? 'user-certs' : idp.onlyContainsCACerts === true ? 'ca-certs' : 'all'
        break
      }
      default:
        // RFC 5280 §5.2: "If a CRL contains a critical extension that the application cannot
        // process, then the application MUST NOT use that CRL to determine the status of certificates."
        if (e.critical) return `unsupported critical CRL extension ${e.extnID}`
    }
  }
  return out
}

function readEntry(rc: pkijs.RevokedCertificate): CrlEntry | string {
  let reason: number | undefined
  for (const e of rc.crlEntryExtensions?.extensions ?? []) {
    if (e.extnID === Oid.crlReason) {
      const v: unknown = e.parsedValue
      if (v instanceof asn1js.Enumerated) reason = v.valueBlock.valueDec
    } else if (e.extnID === Oid.certificateIssuer) {
      return 'indirect CRL entries (certificateIssuer) are not supported'
    } else if (e.critical && e.extnID !== Oid.invalidityDate) {
      // RFC 5280 §5.3: "If a CRL contains a critical CRL entry extension that the application
      // cannot process, then the application MUST NOT use that CRL to determine the status of any certificates."
      return `unsupported critical CRL entry extension ${e.extnID}`
    }
  }
  return { serial: serialHex(rc.userCertificate.valueBlock.valueHexView), revokedAtMs: rc.revocationDate.value.getTime(), reason: crlReasonName(reason) }
}
