// What node:crypto's X509Certificate does not tell about a certificate, read with pkijs: the
// version (RFC 5280 §4.1.2.1), the signature algorithm and, for RSASSA-PSS, its hash (RFC 4055
// §3.1), the subject's commonNames, the SAN dNSNames (§4.2.1.6), the EKU (§4.2.1.12) and the
// KeyUsage bits (§4.2.1.3). Names are taken from the DER, never from Node's escaped text.
import * as asn1js from 'asn1js'
import * as pkijs from 'pkijs'

export const X509Oid = {
  commonName: '2.5.4.3',
  subjectAltName: '2.5.29.17',
  keyUsage: '2.5.29.15',
  basicConstraints: '2.5.29.19',
  extKeyUsage: '2.5.29.37',
  serverAuth: '1.3.6.1.5.5.7.3.1',
  rsassaPss: '1.2.840.113549.1.1.10',
} as const

export interface X509Facts {
  /** 1, 2 or 3 (the DER holds version - 1). */
  version: number
  signatureAlgorithm: string
  /** The hash OID of an RSASSA-PSS signature (SHA-1 when the parameters leave it out). */
  pssHash: string | undefined
  commonNames: string[]
  sanDns: string[]
  /** undefined when the certificate has no EKU extension. */
  extKeyUsage: string[] | undefined
  /** The KeyUsage BIT STRING contents; undefined when absent. */
  keyUsage: Uint8Array | undefined
  /**
   * basicConstraints cA as written. (Node's X509Certificate.ca is OpenSSL's X509_check_ca: whether
   * the certificate may sign others, false for cA TRUE without keyCertSign.)
   */
  basicConstraintsCa: boolean
}

/** id-sha1 (RFC 4055 §2.1): the RSASSA-PSS-params default hashAlgorithm. */
const SHA1 = '1.3.14.3.2.26'

function copy(bytes: Uint8Array): ArrayBuffer {
  const out = new Uint8Array(bytes.byteLength)
  out.set(bytes)
  return out.buffer
}

/** Facts of one DER certificate; throws on DER pkijs cannot read. */
export function x509Facts(der: Uint8Array): X509Facts {
  const top = asn1js.fromBER(copy(der))
  if (top.offset === -1) throw new TypeError('not DER')
  const c = new pkijs.Certificate({ schema: top.result })
  let pssHash: string | undefined
  if (c.signatureAlgorithm.algorithmId === X509Oid.rsassaPss) {
    const params = c.signatureAlgorithm.algorithmParams as asn1js.AsnType | undefined
    pssHash = params === undefined ? SHA1 : new pkijs.RSASSAPSSParams({ schema: params }).hashAlgorithm.algorithmId
  }
  const commonNames = c.subject.typesAndValues
    .filter((tv) => tv.type === X509Oid.commonName)
    .map((tv) => String((tv.value.valueBlock as { value?: unknown }).value ?? ''))
  const facts: X509Facts = {
    version: c.version + 1, signatureAlgorithm: c.signatureAlgorithm.algorithmId, pssHash, commonNames,
    sanDns: [], extKeyUsage: undefined, keyUsage: undefined, basicConstraintsCa: false,
  }
  for (const ext of c.extensions ?? []) {
    const v: unknown = ext.parsedValue
    if (ext.extnID === X509Oid.subjectAltName && v instanceof pkijs.AltName) {
      // GeneralName dNSName is [2] IA5String (RFC 5280 §4.2.1.6).
      for (const gn of v.altNames) if (gn.type === 2 && typeof gn.value === 'string') facts.sanDns.push(gn.value)
    } else if (ext.extnID === X509Oid.extKeyUsage && v instanceof pkijs.ExtKeyUsage) {
      facts.extKeyUsage = [...v.keyPurposes]
    } else if (ext.extnID === X509Oid.basicConstraints && v instanceof pkijs.BasicConstraints) {
      facts.basicConstraintsCa = v.cA
    } else if (ext.extnID === X509Oid.keyUsage && v instanceof asn1js.BitString) {
      facts.keyUsage = v.valueBlock.valueHexView
    }
  }
  return facts
}

/** Is KeyUsage bit `bit` set? Bit 0 (digitalSignature) is the first byte's top bit. */
export function keyUsageBit(keyUsage: Uint8Array, bit: number): boolean {
  const byte = keyUsage[bit >> 3]
  return byte !== undefined && (byte & (0x80 >> (bit & 7))) !== 0
}
