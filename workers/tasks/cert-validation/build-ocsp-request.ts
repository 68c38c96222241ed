// Task: an OCSP request for one certificate (RFC 6960 §4.1.1): one Request with a SHA-1 CertID,
// unsigned, with a nonce extension (RFC 6960 §4.4.1; RFC 8954 §2.1: "the length of the nonce
// MUST be at least 1 octet and can be up to 32 octets"). The caller supplies the nonce bytes
// (randomness stays outside the pure task). Never throws.
import * as asn1js from 'asn1js'
import * as pkijs from 'pkijs'
import { ownBytes } from './der-bytes.js'
import { certIdFor } from './ocsp-cert-id.js'
import { Oid } from './oids.js'
import { parseCertificate } from './parse-certificate.js'

export interface BuildOcspRequestInput {
  certDer: Uint8Array
  issuerDer: Uint8Array
  /** 1 to 32 random bytes. */
  nonce: Uint8Array
}

export type BuildOcspRequestOutput = { ok: true; requestDer: Uint8Array } | { ok: false; message: string }

export function buildOcspRequest(input: BuildOcspRequestInput): BuildOcspRequestOutput {
  try {
    if (input.nonce.byteLength < 1 || input.nonce.byteLength > 32) return { ok: false, message: 'nonce must be 1 to 32 bytes' }
    const cert = parseCertificate(input.certDer)
    if (!cert.ok) return { ok: false, message: `certificate: ${cert.message}` }
    const issuer = parseCertificate(input.issuerDer)
    if (!issuer.ok) return { ok: false, message: `issuer: ${issuer.message}` }
    const id = certIdFor(cert.cert, issuer.cert)
    if (id === undefined) return { ok: false, message: 'no CertID hash' }
    const req = new pkijs.OCSPRequest()
    req.tbsRequest.requestList = [new pkijs.Request({
      reqCert: new pkijs.CertID({
        hashAlgorithm: new pkijs.AlgorithmIdentifier({ algorithmId: id.hashOid, algorithmParams: new asn1js.Null() }),
        issuerNameHash: new asn1js.OctetString({ valueHex: ownBytes(id.issuerNameHash) }),
        issuerKeyHash: new asn1js.OctetString({ valueHex: ownBytes(id.issuerKeyHash) }),
        serialNumber: new asn1js.Integer({ valueHex: ownBytes(id.serialBytes) }),
      }),
    })]
    req.tbsRequest.requestExtensions = [new pkijs.Extension({
      extnID: Oid.ocspNonce,
      critical: false,
      extnValue: new asn1js.OctetString({ valueHex: ownBytes(input.nonce) }).toBER(false),
    })]
    return { ok: true, requestDer: new Uint8Array(req.toSchema(true).toBER(false)) }
  } catch (err) {
    return { ok: false, message: `cannot build OCSP request: ${err instanceof Error ? err.message : String(err)}` }
  }
}
