// Task: verify an OCSP response for one certificate and read its status (RFC 6960 §3.2, §4.2,
// §4.2.2.2). Accepted signers: the issuing CA itself, or a CA Designated Responder whose
// certificate the CA issued with id-kp-OCSPSigning. Deviations: the designated responder's own
// revocation is not checked (id-pkix-ocsp-nocheck is assumed, as responders are deployed);
// a response without a nonce is accepted (pre-produced responses, RFC 5019 §2.2.1), a response
// with a different nonce is not. Never throws.
import * as asn1js from 'asn1js'
import * as pkijs from 'pkijs'
import { bytesEqual, ownBytes } from './der-bytes.js'
import { namesMatch } from './distinguished-name.js'
import { certificateKey, isSignedBy } from './certificate-key.js'
import { certIdFor, keyHashSha1 } from './ocsp-cert-id.js'
import { Oid } from './oids.js'
import { parseCertificate, type ParsedCertificate } from './parse-certificate.js'
import { crlReasonName } from './reasons.js'
import { verifySignature } from './verify-signature.js'

export interface VerifyOcspResponseInput {
  responseDer: Uint8Array
  /** The certificate asked about, and its issuer. */
  certDer: Uint8Array
  issuerDer: Uint8Array
  /** The nonce sent in the request; undefined for a cached or pre-produced response. */
  nonce: Uint8Array | undefined
  atMs: number
  /** Tolerated clock difference between us and the responder. */
  clockSkewMs: number
  /** How old thisUpdate may be when the response has no nextUpdate. */
  maxAgeMs: number
}

export type OcspCertStatus = 'good' | 'revoked' | 'unknown'

export interface VerifiedOcspResponse {
  ok: true
  status: OcspCertStatus
  thisUpdateMs: number
  nextUpdateMs: number | undefined
  revokedAtMs: number | undefined
  /** RFC 5280 §5.3.1 reason name when revoked. */
  revocationReason: string | undefined
}

export type VerifyOcspResponseOutput = VerifiedOcspResponse | { ok: false; message: string }

const fail = (message: string): { ok: false; message: string } => ({ ok: false, message })

// RFC 6960 §4.2.1 OCSPResponseStatus names.
const RESPONSE_STATUS: Readonly<Record<number, string>> = {
  0: 'successful', 1: 'malformedRequest', 2: 'internalError', 3: 'tryLater', 5: 'sigRequired', 6: 'unauthorized',
}

export function verifyOcspResponse(input: VerifyOcspResponseInput): VerifyOcspResponseOutput {
  try {
    return run(input)
  } catch (err) {
    return fail(`malformed OCSP response: ${err instanceof Error ? err.message : String(err)}`)
  }
}

function parseOne<T>(der: Uint8Array, make: (schema: asn1js.AsnType) => T): T | undefined {
  const bytes = ownBytes(der)
  const top = asn1js.fromBER(bytes)
  if (top.offset === -1 || top.offset !== bytes.byteLength) return undefined
  return make(top.result)
}

function run(input: VerifyOcspResponseInput): VerifyOcspResponseOutput {
  const certP = parseCertificate(input.certDer)
  const issuerP = parseCertificate(input.issuerDer)
  if (!certP.ok || !issuerP.ok) return fail('malformed certificate or issuer')
  const cert = certP.cert
  const issuer = issuerP.cert
  const resp = parseOne(input.responseDer, (schema) => new pkijs.OCSPResponse({ schema }))
  if (resp === undefined) return fail('malformed OCSP response: not one DER value')
  const status = resp.responseStatus.valueBlock.valueDec
  if (status !== 0) return fail(`responder answered ${RESPONSE_STATUS[status] ?? `status ${status}`}`)
  // RFC 6960 §4.2.1: "OCSP responders SHALL be capable of producing responses of the id-pkix-ocsp-basic response type."
  if (resp.responseBytes?.responseType !== Oid.ocspBasic) return fail('response type is not id-pkix-ocsp-basic')
  const basic = parseOne(resp.responseBytes.response.valueBlock.valueHexView, (schema) => new pkijs.BasicOCSPResponse({ schema }))
  if (basic === undefined) return fail('malformed BasicOCSPResponse')

  const signer = findSigner(basic, issuer, input.atMs)
  if (typeof signer === 'string') return fail(signer)
  const key = certificateKey(signer)
  // RFC 6960 §3.2: "The signature on the response is valid".
  if (key === undefined || !verifySignature(basic.signatureAlgorithm, basic.tbsResponseData.tbsView, basic.signature.valueBlock.valueHexView, key)) {
    return fail('OCSP response signature does not verify')
  }
  const nonceProblem = checkNonce(basic.tbsResponseData.responseExtensions ?? [], input.nonce)
  if (nonceProblem !== undefined) return fail(nonceProblem)

  const single = basic.tbsResponseData.responses.find((r) => certIdMatches(r.certID, cert, issuer))
  // RFC 6960 §3.2: "The certificate identified in a received response corresponds to the certificate that was identified in the corresponding request".
  if (single === undefined) return fail('the response does not cover the certificate asked about')
  const thisUpdateMs = single.thisUpdate.getTime()
  const nextUpdateMs = single.nextUpdate?.getTime()
  // RFC 6960 §3.2: "The time at which the status being indicated is known to be correct
  // (thisUpdate) is sufficiently recent." "When available, the time at or before which newer
  // information will be available about the status of the certificate (nextUpdate) is greater than the current time."
  if (thisUpdateMs > input.atMs + input.clockSkewMs) return fail('thisUpdate is in the future')
  if (nextUpdateMs !== undefined && nextUpdateMs < input.atMs - input.clockSkewMs) return fail('nextUpdate has passed')
  if (nextUpdateMs === undefined && thisUpdateMs < input.atMs - input.maxAgeMs) return fail('thisUpdate is too old')
  return { ok: true, thisUpdateMs, nextUpdateMs, ...readStatus(single.certStatus) }
}

/** RFC 6960 §4.2.2.2: the issuing CA, or a designated responder with id-kp-OCSPSigning issued by it. */
function findSigner(basic: pkijs.BasicOCSPResponse, issuer: ParsedCertificate, atMs: number): ParsedCertificate | string {
  const rid: unknown = basic.tbsResponseData.responderID
  const matches = (c: ParsedCertificate): boolean => rid instanceof pkijs.RelativeDistinguishedNames
    ? namesMatch(c.subjectDer, new Uint8Array(rid.valueBeforeDecode))
    : rid instanceof asn1js.OctetString && bytesEqual(keyHashSha1(c), rid.valueBlock.valueHexView)
  if (matches(issuer)) return issuer
  for (const raw of basic.certs ?? []) {
    const p = parseCertificate(new Uint8Array(raw.toSchema().toBER(false)))
    if (!p.ok || !matches(p.cert)) continue
    const r = p.cert
    // RFC 6960 §4.2.2.2: the CA "MUST ... include a value of id-kp-OCSPSigning in an extended key
    // usage extension in the responder's certificate", and the certificate is "issued directly by the CA".
    if (!namesMatch(r.issuerDer, issuer.subjectDer) || !isSignedBy(r, issuer)) return 'responder certificate is not issued by the CA'
    if (r.extKeyUsage?.includes(Oid.kpOcspSigning) !== true) return 'responder certificate lacks id-kp-OCSPSigning'
    if (atMs < r.notBeforeMs || atMs > r.notAfterMs) return 'responder certificate is outside its validity period'
    return r
  }
  return 'no certificate for the responder ID: neither the CA nor a designated responder'
}

function checkNonce(exts: pkijs.Extension[], nonce: Uint8Array | undefined): string | undefined {
  if (nonce === undefined) return undefined
  const ext = exts.find((e) => e.extnID === Oid.ocspNonce)
  if (ext === undefined) return undefined
  const expected = new Uint8Array(new asn1js.OctetString({ valueHex: ownBytes(nonce) }).toBER(false))
  return bytesEqual(ext.extnValue.valueBlock.valueHexView, expected) ? undefined : 'nonce does not match the request'
}

function certIdMatches(id: pkijs.CertID, cert: ParsedCertificate, issuer: ParsedCertificate): boolean {
  const mine = certIdFor(cert, issuer, id.hashAlgorithm.algorithmId)
  return mine !== undefined
    && bytesEqual(mine.issuerNameHash, id.issuerNameHash.valueBlock.valueHexView)
    && bytesEqual(mine.issuerKeyHash, id.issuerKeyHash.valueBlock.valueHexView)
    && bytesEqual(stripZeros(mine.serialBytes), stripZeros(id.serialNumber.valueBlock.valueHexView))
}

function stripZeros(b: Uint8Array): Uint8Array {
  let i = 0
  while (i < b.byteLength - 1 && b[i] === 0) i++
  return b.subarray(i)
}

type StatusFields = Pick<VerifiedOcspResponse, 'status' | 'revokedAtMs' | 'revocationReason'>

// RFC 6960 §4.2.1: CertStatus ::= CHOICE { good [0] IMPLICIT NULL, revoked [1] IMPLICIT RevokedInfo, unknown [2] IMPLICIT UnknownInfo }
function readStatus(certStatus: unknown): StatusFields {
  const unknown: StatusFields = { status: 'unknown', revokedAtMs: undefined, revocationReason: undefined }
  if (!(certStatus instanceof asn1js.BaseBlock) || certStatus.idBlock.tagClass !== 3) return unknown
  switch (certStatus.idBlock.tagNumber) {
    case 0:
      return { status: 'good', revokedAtMs: undefined, revocationReason: undefined }
    case 1: {
      const inner = certStatus instanceof asn1js.Constructed ? certStatus.valueBlock.value : []
      const time = inner[0]
      const revokedAtMs = time instanceof asn1js.GeneralizedTime ? time.toDate().getTime() : undefined
      const reasonBlock = inner[1]
      const enumerated = reasonBlock instanceof asn1js.Constructed ? reasonBlock.valueBlock.value[0] : undefined
      const code = enumerated instanceof asn1js.Enumerated ? enumerated.valueBlock.valueDec : undefined
      return { status: 'revoked', revokedAtMs, revocationReason: crlReasonName(code) }
    }
    default:
      return unknown
  }
}
