// Path validation (RFC 5280 §6.1) against a PKI made by the openssl CLI, each failure reason
// covered, and `openssl verify -purpose sslclient` as the independent second opinion.
import { spawnSync } from 'node:child_process'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { validateClientCertificate, type ValidateClientCertificateOutput } from '../../../workers/tasks/cert-validation/index.js'
import { asn1Time, clientExt, openssl, OpensslPki, type Issued } from './openssl-ca.js'

let pki: OpensslPki
const leaves: Record<string, Issued> = {}
let foreignRoot: Issued
let subCa: Issued

const SAN = 'DNS:dev1.example,email:alice@example.com,otherName:1.3.6.1.4.1.311.20.2.3;UTF8:alice@corp.example,URI:urn:dev:1'

beforeAll(() => {
  pki = new OpensslPki()
  const year = 365 * 86_400_000
  leaves.good = pki.issue('good', '/O=Test Org/CN=alice', clientExt({ san: SAN }))
  leaves.serverOnly = pki.issue('server-only', '/O=Test Org/CN=server', clientExt({ eku: 'serverAuth' }))
  leaves.anyEku = pki.issue('any-eku', '/O=Test Org/CN=any', clientExt({ eku: 'anyExtendedKeyUsage' }))
  leaves.noDigitalSignature = pki.issue('no-ds', '/O=Test Org/CN=nods', clientExt().replace('keyUsage=critical,digitalSignature', 'keyUsage=critical,keyEncipherment'))
  leaves.expired = pki.issue('expired', '/O=Test Org/CN=old', clientExt(), { start: '20200101000000Z', end: '20200201000000Z' })
  leaves.notYet = pki.issue('not-yet', '/O=Test Org/CN=future', clientExt(), { start: asn1Time(new Date(Date.now() + year)), end: asn1Time(new Date(Date.now() + 2 * year)) })
  // The issuing CA has pathlen:0: a CA below it, then a leaf, exceeds it (RFC 5280 §4.2.1.9).
  subCa = pki.signWithX509('sub-ca', '/O=Test Org/CN=Sub CA', pki.issuing, 'basicConstraints=critical,CA:TRUE\nkeyUsage=critical,keyCertSign,cRLSign\nsubjectKeyIdentifier=hash\nauthorityKeyIdentifier=keyid\n')
  leaves.pathLen = pki.signWithX509('deep', '/O=Test Org/CN=deep', subCa, clientExt())
  // A leaf signed by a CA that is not a CA at all (the "good" client certificate's key).
  leaves.byLeaf = pki.signWithX509('by-leaf', '/O=Test Org/CN=byleaf', leaves.good, clientExt())
  openssl(['req', '-x509', '-newkey', 'ec', '-pkeyopt', 'ec_paramgen_curve:P-256', '-nodes', '-days', '30', '-subj', '/CN=Foreign Root',
    '-addext', 'basicConstraints=critical,CA:TRUE', '-keyout', 'foreign-key.pem', '-out', 'foreign.pem'], pki.dir)
  foreignRoot = { name: 'foreign', pem: '', der: new Uint8Array(), certPath: pki.path('foreign.pem'), keyPath: pki.path('foreign-key.pem') }
  leaves.foreign = pki.signWithX509('foreign-leaf', '/CN=stranger', foreignRoot, clientExt())
})

afterAll(() => pki.dispose())

function validate(chain: Uint8Array[], trusted: string[] = [pki.root.pem], atMs = Date.now()): ValidateClientCertificateOutput {
  return validateClientCertificate({ chainDer: chain, trustedCasPem: trusted, atMs, purpose: 'clientAuth' })
}

function leaf(name: string): Issued {
  const l = leaves[name]
  if (l === undefined) throw new Error(`no leaf ${name}`)
  return l
}

/** openssl's verdict on the same chain: exit status 0 means valid for TLS client use. */
function opensslAccepts(l: Issued, untrusted: string[]): boolean {
  const args = ['verify', '-CAfile', pki.root.certPath, ...untrusted.flatMap((u) => ['-untrusted', u]), '-purpose', 'sslclient', l.certPath]
  return spawnSync('openssl', args, { encoding: 'utf8' }).status === 0
}

describe('validateClientCertificate', () => {
  it('accepts a clientAuth leaf presented with its intermediate, up to the trusted root (openssl agrees)', () => {
    const r = validate([leaf('good').der, pki.issuing.der])
    expect(r.ok).toBe(true)
    expect(opensslAccepts(leaf('good'), [pki.issuing.certPath])).toBe(true)
    if (!r.ok) return
    expect(r.path.map((p) => p.der.byteLength)).toEqual([leaf('good').der.byteLength, pki.issuing.der.byteLength, pki.root.der.byteLength])
  })

  it('extracts the attributes as openssl prints them (RFC 2253 subject, serial, SANs)', () => {
    const r = validate([leaf('good').der, pki.issuing.der])
    if (!r.ok) throw new Error(r.message)
    const text = openssl(['x509', '-in', leaf('good').certPath, '-noout', '-serial', '-subject', '-issuer', '-nameopt', 'RFC2253'], pki.dir)
    expect(text).toContain(`serial=${r.attributes.serial}`)
    expect(text).toContain(`subject=${r.attributes.subject}`)
    expect(text).toContain(`issuer=${r.attributes.issuer}`)
    expect(r.attributes).toMatchObject({
      cn: 'alice', subject: 'CN=alice,O=Test Org', issuer: 'CN=Issuing CA,O=Test Org',
      sanDns: ['dev1.example'], sanEmail: ['alice@example.com'], sanUpn: ['alice@corp.example'], sanUri: ['urn:dev:1'],
    })
  })

  it('accepts a trusted intermediate as the anchor, with or without it in the presented chain', () => {
    expect(validate([leaf('good').der], [pki.issuing.pem]).ok).toBe(true)
    expect(validate([leaf('good').der, pki.issuing.der], [pki.issuing.pem]).ok).toBe(true)
    expect(validate([leaf('good').der], [`${pki.root.pem}\n${pki.issuing.pem}`]).ok).toBe(true)
  })

  it('accepts EKU anyExtendedKeyUsage', () => {
    expect(validate([leaf('anyEku').der, pki.issuing.der]).ok).toBe(true)
  })

  it('UNKNOWN_CA: a foreign CA, or a missing intermediate', () => {
    expect(validate([leaf('foreign').der])).toMatchObject({ ok: false, reason: 'UNKNOWN_CA' })
    expect(validate([leaf('good').der])).toMatchObject({ ok: false, reason: 'UNKNOWN_CA' })
    expect(validate([leaf('good').der, pki.issuing.der], [])).toMatchObject({ ok: false, reason: 'UNKNOWN_CA' })
  })

  it('EXPIRED and NOT_YET_VALID (openssl agrees)', () => {
    expect(validate([leaf('expired').der, pki.issuing.der])).toMatchObject({ ok: false, reason: 'EXPIRED' })
    expect(validate([leaf('notYet').der, pki.issuing.der])).toMatchObject({ ok: false, reason: 'NOT_YET_VALID' })
    expect(opensslAccepts(leaf('expired'), [pki.issuing.certPath])).toBe(false)
    expect(opensslAccepts(leaf('notYet'), [pki.issuing.certPath])).toBe(false)
    // The same good leaf, checked at a time after its notAfter.
    expect(validate([leaf('good').der, pki.issuing.der], [pki.root.pem], Date.now() + 400 * 86_400_000)).toMatchObject({ ok: false, reason: 'EXPIRED' })
  })

  it('BAD_USAGE: EKU serverAuth only, or keyUsage without digitalSignature (openssl agrees on the EKU)', () => {
    expect(validate([leaf('serverOnly').der, pki.issuing.der])).toMatchObject({ ok: false, reason: 'BAD_USAGE' })
    expect(opensslAccepts(leaf('serverOnly'), [pki.issuing.certPath])).toBe(false)
    expect(validate([leaf('noDigitalSignature').der, pki.issuing.der])).toMatchObject({ ok: false, reason: 'BAD_USAGE' })
  })

  it('INVALID: pathLenConstraint exceeded (openssl agrees)', () => {
    const r = validate([leaf('pathLen').der, subCa.der, pki.issuing.der])
    expect(r).toMatchObject({ ok: false, reason: 'INVALID' })
    expect(r.ok ? '' : r.message).toMatch(/pathLenConstraint/)
    expect(opensslAccepts(leaf('pathLen'), [subCa.certPath, pki.issuing.certPath])).toBe(false)
  })

  it('INVALID: an issuer that is not a CA', () => {
    const r = validate([leaf('byLeaf').der, leaf('good').der, pki.issuing.der])
    expect(r).toMatchObject({ ok: false, reason: 'INVALID' })
    expect(r.ok ? '' : r.message).toMatch(/not a CA/)
  })

  it('INVALID: a signature that does not verify, and malformed DER', () => {
    const tampered = leaf('good').der.slice()
    tampered[tampered.length - 5] = (tampered[tampered.length - 5] ?? 0) ^ 0x01
    expect(validate([tampered, pki.issuing.der])).toMatchObject({ ok: false, reason: 'INVALID' })
    expect(validate([leaf('good').der.subarray(0, 100)])).toMatchObject({ ok: false, reason: 'INVALID' })
    expect(validate([])).toMatchObject({ ok: false, reason: 'INVALID' })
  })

  it('returns the CDP and AIA OCSP URLs of each certificate on the path', () => {
    const l = pki.issue('urls', '/O=Test Org/CN=urls', clientExt({ crlUrl: 'http://127.0.0.1:1/issuing.crl', ocspUrl: 'http://127.0.0.1:2/' }))
    const r = validate([l.der, pki.issuing.der])
    if (!r.ok) throw new Error(r.message)
    expect(r.path[0]).toMatchObject({ crlUrls: ['http://127.0.0.1:1/issuing.crl'], ocspUrls: ['http://127.0.0.1:2/'] })
    expect(r.path[1]).toMatchObject({ crlUrls: [], ocspUrls: [] })
  })
})
