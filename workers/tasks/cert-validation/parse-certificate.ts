// One X.509 certificate parsed into the plain facts path validation needs (RFC 5280 §4.1 and
// §4.2). ASN.1 by pkijs/asn1js; names kept as their DER bytes for exact comparison.
import * as asn1js from 'asn1js'
import * as pkijs from 'pkijs'
import { ownBytes, serialHex } from './der-bytes.js'
import { Oid } from './oids.js'

/** RFC 5280 §4.2.1.3 KeyUsage bit numbers. */
export const KeyUsageBit = { digitalSignature: 0, keyCertSign: 5, cRLSign: 6 } as const

export interface SubjectAltNameValues {
  dns: string[]
  email: string[]
  upn: string[]
  uri: string[]
}

export interface ParsedCertificate {
  der: Uint8Array
  tbs: Uint8Array
  signatureAlgorithm: pkijs.AlgorithmIdentifier
  signature: Uint8Array
  serial: string
  /** The serialNumber INTEGER's content octets, as OCSP's CertID carries them. */
  serialBytes: Uint8Array
  issuerDer: Uint8Array
  subjectDer: Uint8Array
  notBeforeMs: number
  notAfterMs: number
  spkiDer: Uint8Array
  /** The subjectPublicKey BIT STRING's contents: what OCSP's issuerKeyHash hashes (RFC 6960 §4.1.1). */
  publicKeyBits: Uint8Array
  basicConstraints: { cA: boolean; pathLen: number | undefined } | undefined
  /** KeyUsage BIT STRING contents, or undefined when the extension is absent. */
  keyUsage: Uint8Array | undefined
  extKeyUsage: string[] | undefined
  subjectKeyId: Uint8Array | undefined
  authorityKeyId: Uint8Array | undefined
  san: SubjectAltNameValues
  crlUrls: string[]
  ocspUrls: string[]
  /** Critical extensions this validator does not process (RFC 5280 §6.1.4(o)). */
  unhandledCritical: string[]
}

export type ParseResult = { ok: true; cert: ParsedCertificate } | { ok: false; message: string }

// Extensions whose semantics we process, or which carry no constraint on the path (key ids,
// policies with the initial policy set any-policy and no explicit-policy requirement).
const HANDLED = new Set<string>([
  Oid.basicConstraints, Oid.keyUsage, Oid.extKeyUsage, Oid.subjectAltName, Oid.issuerAltName,
  Oid.subjectKeyIdentifier, Oid.authorityKeyIdentifier, Oid.crlDistributionPoints,
  Oid.authorityInfoAccess, Oid.certificatePolicies, Oid.freshestCrl,
])

/** Does the KeyUsage contents have `bit` set? (Bit 0 is the first byte's most significant bit.) */
export function hasKeyUsageBit(keyUsage: Uint8Array, bit: number): boolean {
  const byte = keyUsage[bit >> 3]
  return byte !== undefined && (byte & (0x80 >> (bit & 7))) !== 0
}

/** Parse one DER certificate; never throws. */
export function parseCertificate(der: Uint8Array): ParseResult {
  try {
    return parseOrThrow(der)
  } catch (err) {
    return { ok: false, message: `malformed certificate: ${err instanceof Error ? err.message : String(err)}` }
  }
}

function parseOrThrow(input: Uint8Array): ParseResult {
  const der = ownBytes(input)
  const top = asn1js.fromBER(der)
  if (top.offset === -1 || top.offset !== der.byteLength) return { ok: false, message: 'malformed certificate: not one DER value' }
  const c = new pkijs.Certificate({ schema: top.result })
  if (!algorithmsEqual(c.signature, c.signatureAlgorithm)) {
    // RFC 5280 §4.1.1.2: "This field MUST contain the same algorithm identifier as the
    // signature field in the sequence tbsCertificate (Section 4.1.2.3)."
    return { ok: false, message: 'signatureAlgorithm differs from tbsCertificate.signature' }
  }
  const cert: ParsedCertificate = {
    der,
    tbs: c.tbsView,
    signatureAlgorithm: c.signatureAlgorithm,
    signature: c.signatureValue.valueBlock.valueHexView,
    serial: serialHex(c.serialNumber.valueBlock.valueHexView),
    serialBytes: c.serialNumber.valueBlock.valueHexView,
    issuerDer: new Uint8Array(c.issuer.valueBeforeDecode),
    subjectDer: new Uint8Array(c.subject.valueBeforeDecode),
    notBeforeMs: c.notBefore.value.getTime(),
    notAfterMs: c.notAfter.value.getTime(),
    spkiDer: new Uint8Array(c.subjectPublicKeyInfo.toSchema().toBER(false)),
    publicKeyBits: c.subjectPublicKeyInfo.subjectPublicKey.valueBlock.valueHexView,
    basicConstraints: undefined,
    keyUsage: undefined,
    extKeyUsage: undefined,
    subjectKeyId: undefined,
    authorityKeyId: undefined,
    san: { dns: [], email: [], upn: [], uri: [] },
    crlUrls: [],
    ocspUrls: [],
    unhandledCritical: [],
  }
  if (Number.isNaN(cert.notBeforeMs) || Number.isNaN(cert.notAfterMs)) return { ok: false, message: 'malformed validity dates' }
  const seen = new Set<string>()
  for (const ext of c.extensions ?? []) {
    // RFC 5280 §4.2: "A certificate MUST NOT include more than one instance of a particular extension."
    if (seen.has(ext.extnID)) return { ok: false, message: `extension ${ext.extnID} appears twice` }
    seen.add(ext.extnID)
    if (ext.critical && !HANDLED.has(ext.extnID)) cert.unhandledCritical.push(ext.extnID)
    const problem = readExtension(cert, ext)
    if (problem !== undefined) return { ok: false, message: `extension ${ext.extnID}: ${problem}` }
  }
  return { ok: true, cert }
}

function algorithmsEqual(a: pkijs.AlgorithmIdentifier, b: pkijs.AlgorithmIdentifier): boolean {
  return Buffer.from(a.toSchema().toBER(false)).equals(Buffer.from(b.toSchema().toBER(false)))
}

function readExtension(cert: ParsedCertificate, ext: pkijs.Extension): string | undefined {
  const v: unknown = ext.parsedValue
  switch (ext.extnID) {
    case Oid.basicConstraints: {
      if (!(v instanceof pkijs.BasicConstraints)) return 'unparsable'
      const p = v.pathLenConstraint
      const pathLen = p === undefined ? undefined : typeof p === 'number' ? p : p.valueBlock.valueDec
      cert.basicConstraints = { cA: v.cA, pathLen }
      return undefined
    }
    case Oid.keyUsage:
      if (!(v instanceof asn1js.BitString)) return 'unparsable'
      cert.keyUsage = v.valueBlock.valueHexView
      return undefined
    case Oid.extKeyUsage:
      if (!(v instanceof pkijs.ExtKeyUsage)) return 'unparsable'
      cert.extKeyUsage = [...v.keyPurposes]
      return undefined
    case Oid.subjectKeyIdentifier:
      if (!(v instanceof asn1js.OctetString)) return 'unparsable'
      cert.subjectKeyId = v.valueBlock.valueHexView
      return undefined
    case Oid.authorityKeyIdentifier:
      if (!(v instanceof pkijs.AuthorityKeyIdentifier)) return 'unparsable'
      cert.authorityKeyId = v.keyIdentifier?.valueBlock.valueHexView
      return undefined
    case Oid.subjectAltName:
      if (!(v instanceof pkijs.AltName)) return 'unparsable'
      return readAltNames(cert.san, v.altNames)
    case Oid.crlDistributionPoints:
      if (!(v instanceof pkijs.CRLDistributionPoints)) return 'unparsable'
      for (const dp of v.distributionPoints) {
        // Indirect CRLs (cRLIssuer) are not supported: such points are skipped.
        if (dp.cRLIssuer !== undefined || !Array.isArray(dp.distributionPoint)) continue
        for (const gn of dp.distributionPoint) if (gn.type === 6 && typeof gn.value === 'string') cert.crlUrls.push(gn.value)
      }
      return undefined
    case Oid.authorityInfoAccess:
      if (!(v instanceof pkijs.InfoAccess)) return 'unparsable'
      for (const ad of v.accessDescriptions) {
        if (ad.accessMethod === Oid.adOcsp && ad.accessLocation.type === 6 && typeof ad.accessLocation.value === 'string') {
          cert.ocspUrls.push(ad.accessLocation.value)
        }
      }
      return undefined
    default:
      return undefined
  }
}

// GeneralName CHOICE tags, RFC 5280 §4.2.1.6.
const GN = { otherName: 0, rfc822Name: 1, dNSName: 2, uri: 6 } as const

function readAltNames(out: SubjectAltNameValues, names: pkijs.GeneralName[]): string | undefined {
  for (const gn of names) {
    if (gn.type === GN.dNSName && typeof gn.value === 'string') out.dns.push(gn.value)
    else if (gn.type === GN.rfc822Name && typeof gn.value === 'string') out.email.push(gn.value)
    else if (gn.type === GN.uri && typeof gn.value === 'string') out.uri.push(gn.value)
    else if (gn.type === GN.otherName) {
      const upn = readUpn(gn.value)
      if (upn === null) return 'malformed otherName'
      if (upn !== undefined) out.upn.push(upn)
    }
  }
  return undefined
}

/**
 * The UPN of an otherName (type-id 1.3.6.1.4.1.311.20.2.3, value [0] EXPLICIT UTF8String);
 * undefined for another type-id, null when malformed.
 */
function readUpn(value: unknown): string | undefined | null {
  if (!(value instanceof asn1js.Constructed)) return null
  const [typeId, explicit] = value.valueBlock.value
  if (!(typeId instanceof asn1js.ObjectIdentifier)) return null
  if (typeId.valueBlock.toString() !== Oid.msUpn) return undefined
  if (!(explicit instanceof asn1js.Constructed)) return null
  const inner = explicit.valueBlock.value[0]
  if (!(inner instanceof asn1js.Utf8String)) return null
  return inner.valueBlock.value
}

// A device presents the same certificate at every (re)authentication; parsing it (asn1js, about
// 0.7 ms of this task's 0.8 ms, bench/micro/cert-validation.bench.ts) is memoised per worker by
// its DER bytes. The parsed form is read-only downstream; the memo is bounded (oldest first out).
const PRESENTED_MEMO_LIMIT = 4096
const presentedMemo = new Map<string, ParseResult>()

/** parseCertificate, memoised by the DER bytes. */
export function parseCertificateMemo(der: Uint8Array): ParseResult {
  const key = Buffer.from(der.buffer, der.byteOffset, der.byteLength).toString('base64')
  const hit = presentedMemo.get(key)
  if (hit !== undefined) return hit
  const r = parseCertificate(der)
  if (presentedMemo.size >= PRESENTED_MEMO_LIMIT) presentedMemo.delete(presentedMemo.keys().next().value ?? '')
  presentedMemo.set(key, r)
  return r
}
