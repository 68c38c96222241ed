// Tasks: a self-signed CA and leaf certificates on ECDSA P-256 (RFC 5480 keys, RFC 5758 §3.2
// ecdsa-with-SHA256), for compact EAP-TLS chains: a P-256 leaf is about a third of an RSA-2048 one,
// which saves EAP fragments and RADIUS round trips (DESIGN.md "Performance budget"). The
// TBSCertificate (RFC 5280 §4.1) is built with der-writer.ts and signed by node:crypto with the
// issuer's key, EC or RSA (RFC 4055 sha256WithRSAEncryption). Same profile as create-ca.ts and
// issue-certificate.ts. Pure apart from randomness: no I/O, no logging.
import { X509Certificate, createHash, createPrivateKey, generateKeyPairSync, sign, type KeyObject } from 'node:crypto'
import { randomSerialHex } from './certificate-serial.js'
import type { CertificateAndKey, CertificateSubject, CreateCaInput, IssueCertificateInput } from './certificate-types.js'
import { bits, bool, children, explicit, nullValue, octets, oid, readTlv, seq, set, time, tlv, uint, utf8 } from './der-writer.js'
import { ipAddressBytes } from './ip-address-bytes.js'
import { validityPeriod } from './validity.js'

const Oid = {
  ecdsaWithSha256: '1.2.840.10045.4.3.2',
  sha256WithRsa: '1.2.840.113549.1.1.11',
  O: '2.5.4.10', OU: '2.5.4.11', CN: '2.5.4.3',
  subjectKeyIdentifier: '2.5.29.14', keyUsage: '2.5.29.15', subjectAltName: '2.5.29.17',
  basicConstraints: '2.5.29.19', authorityKeyIdentifier: '2.5.29.35', extKeyUsage: '2.5.29.37',
  serverAuth: '1.3.6.1.5.5.7.3.1', clientAuth: '1.3.6.1.5.5.7.3.2',
} as const

/** KeyUsage bits (RFC 5280 §4.2.1.3) as DER BIT STRINGs, trailing zero bits dropped (X.690 §11.2.2). */
const KeyUsage = {
  /** keyCertSign (5) + cRLSign (6). */
  ca: bits(Buffer.from([0x06]), 1),
  /** digitalSignature (0): what an ECDSA key does in TLS (RFC 8446 §4.4.2.2, RFC 4492 §5.10). */
  ecLeaf: bits(Buffer.from([0x80]), 7),
} as const

function name(s: CertificateSubject): Buffer {
  const rdn = (type: string, value: string): Buffer => set(seq(oid(type), utf8(value)))
  const parts: Buffer[] = []
  if (s.O !== undefined) parts.push(rdn(Oid.O, s.O))
  if (s.OU !== undefined) parts.push(rdn(Oid.OU, s.OU))
  parts.push(rdn(Oid.CN, s.CN))
  return seq(...parts)
}

const extension = (id: string, critical: boolean, value: Buffer): Buffer =>
  seq(oid(id), ...(critical ? [bool(true)] : []), octets(value))

/** The subjectPublicKey BIT STRING's key octets, for key identifiers (RFC 5280 §4.2.1.2 (1)). */
function keyIdentifier(spkiDer: Buffer): Buffer {
  const spki = readTlv(spkiDer, 0)
  const bitString = children(spkiDer, spki)[1]
  if (bitString === undefined) throw new TypeError('SPKI without subjectPublicKey')
  return createHash('sha1').update(spkiDer.subarray(bitString.body + 1, bitString.end)).digest()
}

function signatureAlgorithm(key: KeyObject): Buffer {
  if (key.asymmetricKeyType === 'ec') return seq(oid(Oid.ecdsaWithSha256))
  if (key.asymmetricKeyType === 'rsa') return seq(oid(Oid.sha256WithRsa), nullValue())
  throw new TypeError(`issuer key type ${String(key.asymmetricKeyType)} is not EC or RSA`)
}

interface Build {
  subject: Buffer
  issuer: Buffer
  spkiDer: Buffer
  extensions: Buffer[]
  validDays: number
  signer: KeyObject
}

function certificate(b: Build): string {
  const { notBefore, notAfter } = validityPeriod(b.validDays)
  const alg = signatureAlgorithm(b.signer)
  const tbs = seq(
    explicit(0, uint(Buffer.from([2]))), // v3
    uint(Buffer.from(randomSerialHex(), 'hex')),
    alg,
    b.issuer,
    seq(time(notBefore), time(notAfter)),
    b.subject,
    b.spkiDer,
    explicit(3, seq(...b.extensions)),
  )
  const der = seq(tbs, alg, bits(sign('sha256', tbs, b.signer)))
  return `-----BEGIN CERTIFICATE-----\n${der.toString('base64').replace(/.{1,64}/g, '$&\n')}-----END CERTIFICATE-----\n`
}

function p256(): { spkiDer: Buffer; keyPem: string } {
  const { publicKey, privateKey } = generateKeyPairSync('ec', {
    namedCurve: 'P-256',
    publicKeyEncoding: { type: 'spki', format: 'der' },
    privateKeyEncoding: { type: 'pkcs8', format: 'pem' },
  })
  return { spkiDer: publicKey, keyPem: privateKey }
}

/** A self-signed ECDSA P-256 CA (profile of create-ca.ts). */
export function createEcCa(input: CreateCaInput): CertificateAndKey {
  if (input.commonName.length === 0) throw new TypeError('commonName must not be empty')
  const key = p256()
  const subject = name(input.organization === undefined ? { CN: input.commonName } : { O: input.organization, CN: input.commonName })
  const certPem = certificate({
    subject, issuer: subject, spkiDer: key.spkiDer, validDays: input.validDays, signer: createPrivateKey(key.keyPem),
    extensions: [
      extension(Oid.basicConstraints, true, seq(bool(true))),
      extension(Oid.keyUsage, true, KeyUsage.ca),
      extension(Oid.subjectKeyIdentifier, false, octets(keyIdentifier(key.spkiDer))),
    ],
  })
  return { certPem, keyPem: key.keyPem }
}

/** The DER of a certificate's subject Name, for the issuer field of what it signs. */
function subjectDer(cert: X509Certificate): Buffer {
  const der = cert.raw
  const tbs = children(der, readTlv(der, 0))[0]
  const fields = tbs === undefined ? [] : children(der, tbs)
  // [0] version, serial, signature, issuer, validity, subject
  const subject = fields[(fields[0]?.tag === 0xa0 ? 1 : 0) + 4]
  if (subject === undefined) throw new TypeError('CA certificate without subject')
  return der.subarray(subject.start, subject.end)
}

function altNames(sans: IssueCertificateInput['sans']): Buffer[] {
  const out: Buffer[] = []
  // GeneralName (RFC 5280 §4.2.1.6): dNSName [2] IA5String, uniformResourceIdentifier [6], iPAddress [7].
  for (const dns of sans.dns ?? []) out.push(tlv(0x82, Buffer.from(dns, 'ascii')))
  for (const ip of sans.ip ?? []) {
    const bytes = ipAddressBytes(ip)
    if (bytes === undefined) throw new TypeError(`not an IP address: ${JSON.stringify(ip)}`)
    out.push(tlv(0x87, Buffer.from(bytes, 'binary')))
  }
  for (const uri of sans.uri ?? []) out.push(tlv(0x86, Buffer.from(uri, 'ascii')))
  // rfc822Name [1] IA5String.
  for (const email of sans.email ?? []) out.push(tlv(0x81, Buffer.from(email, 'ascii')))
  return out
}

/** An ECDSA P-256 leaf signed by the given CA (EC or RSA key; profile of issue-certificate.ts). */
export function issueEcCertificate(input: IssueCertificateInput): CertificateAndKey {
  if (input.subject.CN.length === 0) throw new TypeError('subject CN must not be empty')
  const ca = new X509Certificate(input.caCertPem)
  const caSpki = ca.publicKey.export({ type: 'spki', format: 'der' })
  const key = p256()
  const eku: Buffer[] = []
  if (input.usage !== 'client') eku.push(oid(Oid.serverAuth))
  if (input.usage !== 'server') eku.push(oid(Oid.clientAuth))
  const names = altNames(input.sans)
  const certPem = certificate({
    subject: name(input.subject), issuer: subjectDer(ca), spkiDer: key.spkiDer, validDays: input.validDays, signer: createPrivateKey(input.caKeyPem),
    extensions: [
      extension(Oid.basicConstraints, false, seq()),
      extension(Oid.keyUsage, true, KeyUsage.ecLeaf),
      extension(Oid.extKeyUsage, false, seq(...eku)),
      extension(Oid.authorityKeyIdentifier, false, seq(tlv(0x80, keyIdentifier(caSpki)))),
      extension(Oid.subjectKeyIdentifier, false, octets(keyIdentifier(key.spkiDer))),
      ...(names.length > 0 ? [extension(Oid.subjectAltName, false, seq(...names))] : []),
    ],
  })
  return { certPem, keyPem: key.keyPem }
}
