// The checks of a custom EAP server certificate (requirements §3.3; issue 4 scope 1), each rule
// passing and failing, on chains made by the openssl command line (openssl-chain.ts). Expected
// fingerprints come from `openssl x509 -fingerprint`, never from the code under test.
import { createPrivateKey, X509Certificate } from 'node:crypto'
import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { checkServerCertificate, ServerCertRule, type ServerCertificateInput } from '../../../ops/pki/index.js'
import { CA_EXT, SERVER_EXT, OpensslChain, type Issued } from '../../support/openssl-chain.js'

const DAY = 86_400_000

function codes(input: ServerCertificateInput): string[] {
  const r = checkServerCertificate(input)
  return r.ok ? [] : r.errors.map((e) => e.code).sort()
}

describe('custom EAP server certificate checks', () => {
  let dir: string
  let o: OpensslChain
  let root: Issued
  let inter: Issued
  let leaf: Issued
  const chain = (...c: Issued[]): string => c.map((i) => i.cert).join('')

  beforeAll(() => {
    dir = mkdtempSync(join(tmpdir(), 'nac-srvcert-'))
    o = new OpensslChain(dir)
    root = o.root('root')
    inter = o.issue('inter', root, { ext: CA_EXT })
    leaf = o.issue('leaf', inter, { ext: SERVER_EXT })
  })
  afterAll(() => rmSync(dir, { recursive: true, force: true }))

  it('accepts a v3 EC P-256 leaf with SAN DNS and serverAuth under an intermediate and a root; the root is not served', () => {
    const r = checkServerCertificate({ chainPem: chain(leaf, inter, root), keyPem: leaf.key })
    expect(r.ok, JSON.stringify(r.ok ? [] : r.errors.map((e) => e.message))).toBe(true)
    if (!r.ok) return
    const served = r.value.servedChainPem.match(/-----BEGIN CERTIFICATE-----[\s\S]*?-----END CERTIFICATE-----/g) ?? []
    expect(served.map((p) => o.fingerprint(p))).toEqual([o.fingerprint(leaf.cert), o.fingerprint(inter.cert)])
    expect(r.value.keyPem).toMatch(/^-----BEGIN PRIVATE KEY-----/)
    expect(new X509Certificate(leaf.cert).checkPrivateKey(createPrivateKey(r.value.keyPem))).toBe(true)
  })

  it('accepts RSA 2048 and EC P-384 leaves, and an RSASSA-PSS/SHA-256 signature', () => {
    const rsa = o.issue('rsa2048', inter, { ext: SERVER_EXT, key: 'rsa-2048' })
    const p384 = o.issue('p384', inter, { ext: SERVER_EXT, key: 'ec-p384' })
    expect(codes({ chainPem: chain(rsa, inter, root), keyPem: rsa.key })).toEqual([])
    expect(codes({ chainPem: chain(p384, inter, root), keyPem: p384.key })).toEqual([])
    const rsaRoot = o.root('rsa-root', { key: 'rsa-2048' })
    const pss = o.issue('pss', rsaRoot, { ext: SERVER_EXT, sign: ['-sigopt', 'rsa_padding_mode:pss'] })
    expect(o.run(['x509', '-in', pss.certPath, '-noout', '-text'])).toContain('rsassaPss')
    expect(codes({ chainPem: chain(pss, rsaRoot), keyPem: pss.key })).toEqual([])
  })

  it('refuses an X.509 v1 certificate, and names every rule it breaks at once', () => {
    const v1 = o.issue('v1', inter, { ext: undefined })
    expect(o.run(['x509', '-in', v1.certPath, '-noout', '-text'])).toMatch(/Version: 1 \(0x0\)/)
    expect(codes({ chainPem: chain(v1, inter, root), keyPem: v1.key })).toEqual(
      ['NAC_ERR_SERVER_CERT_LEGACY_VERSION', 'NAC_ERR_SERVER_CERT_NO_SAN_DNS', 'NAC_ERR_SERVER_CERT_NO_SERVER_AUTH'].sort())
  })

  it('refuses a wildcard in the SAN or the CN', () => {
    const wildSan = o.issue('wild-san', inter, { ext: SERVER_EXT.replace('DNS:radius.acme.test', 'DNS:*.acme.test') })
    expect(codes({ chainPem: chain(wildSan, inter, root), keyPem: wildSan.key })).toEqual(['NAC_ERR_SERVER_CERT_WILDCARD'])
    const wildCn = o.issue('wild-cn', inter, { ext: SERVER_EXT, subject: '/O=acme/CN=*.acme.test' })
    expect(codes({ chainPem: chain(wildCn, inter, root), keyPem: wildCn.key })).toEqual(['NAC_ERR_SERVER_CERT_WILDCARD'])
  })

  it('refuses a leaf without a SAN dNSName (an IP address alone does not do)', () => {
    const ipOnly = o.issue('ip-only', inter, { ext: SERVER_EXT.replace('DNS:radius.acme.test', 'IP:192.0.2.1') })
    expect(codes({ chainPem: chain(ipOnly, inter, root), keyPem: ipOnly.key })).toEqual(['NAC_ERR_SERVER_CERT_NO_SAN_DNS'])
  })

  it('refuses a leaf whose EKU lacks serverAuth, or that has no EKU', () => {
    const client = o.issue('client-eku', inter, { ext: SERVER_EXT.replace('serverAuth', 'clientAuth') })
    expect(codes({ chainPem: chain(client, inter, root), keyPem: client.key })).toEqual(['NAC_ERR_SERVER_CERT_NO_SERVER_AUTH'])
    const none = o.issue('no-eku', inter, { ext: SERVER_EXT.replace('extendedKeyUsage=serverAuth\n', '') })
    expect(codes({ chainPem: chain(none, inter, root), keyPem: none.key })).toEqual(['NAC_ERR_SERVER_CERT_NO_SERVER_AUTH'])
  })

  it('refuses RSA under 2048 bits and EC curves other than P-256 and P-384', () => {
    for (const key of ['rsa-1024', 'ec-p521', 'ec-k256', 'ed25519'] as const) {
      const c = o.issue(`key-${key}`, inter, { ext: SERVER_EXT, key })
      expect(codes({ chainPem: chain(c, inter, root), keyPem: c.key }), key).toEqual(['NAC_ERR_SERVER_CERT_KEY_TYPE'])
    }
  })

  it('refuses SHA-1 signatures on the leaf and on an intermediate, but not on the self-signed root itself', () => {
    const sha1Leaf = o.issue('sha1-leaf', inter, { ext: SERVER_EXT, digest: 'sha1' })
    const r = checkServerCertificate({ chainPem: chain(sha1Leaf, inter, root), keyPem: sha1Leaf.key })
    expect(r.ok ? [] : r.errors.map((e) => [e.code, e.path])).toEqual([['NAC_ERR_SERVER_CERT_WEAK_SIGNATURE', 'chainPem[0]']])

    const sha1Inter = o.issue('sha1-inter', root, { ext: CA_EXT, digest: 'sha1' })
    const under = o.issue('under-sha1-inter', sha1Inter, { ext: SERVER_EXT })
    const r2 = checkServerCertificate({ chainPem: chain(under, sha1Inter, root), keyPem: under.key })
    expect(r2.ok ? [] : r2.errors.map((e) => [e.code, e.path])).toEqual([['NAC_ERR_SERVER_CERT_WEAK_SIGNATURE', 'chainPem[1]']])

    const sha1Root = o.root('sha1-root', { digest: 'sha1' })
    expect(o.run(['x509', '-in', sha1Root.certPath, '-noout', '-text'])).toContain('ecdsa-with-SHA1')
    const underRoot = o.issue('under-sha1-root', sha1Root, { ext: SERVER_EXT })
    expect(codes({ chainPem: chain(underRoot, sha1Root), keyPem: underRoot.key })).toEqual([])
  })

  it('refuses a key that belongs to another certificate', () => {
    const other = o.issue('other', inter, { ext: SERVER_EXT })
    expect(codes({ chainPem: chain(leaf, inter, root), keyPem: other.key })).toEqual(['NAC_ERR_SERVER_CERT_KEY_MISMATCH'])
  })

  it('refuses a chain out of order, one with a stranger in it, and one that stops short of its root', () => {
    const r = checkServerCertificate({ chainPem: chain(leaf, root, inter), keyPem: leaf.key })
    expect(r.ok ? [] : r.errors.map((e) => e.code)).toContain('NAC_ERR_SERVER_CERT_CHAIN_BROKEN')
    const strangerRoot = o.root('stranger')
    expect(codes({ chainPem: chain(leaf, inter, strangerRoot), keyPem: leaf.key })).toEqual(['NAC_ERR_SERVER_CERT_CHAIN_BROKEN'])
    expect(codes({ chainPem: chain(leaf, inter), keyPem: leaf.key })).toEqual(['NAC_ERR_SERVER_CERT_CHAIN_INCOMPLETE'])
  })

  it('refuses an issuer that is not a CA, and a leaf that is one', () => {
    const notCa = o.issue('not-ca', root, { ext: 'basicConstraints=CA:FALSE\n' })
    const below = o.issue('below-not-ca', notCa, { ext: SERVER_EXT })
    expect(codes({ chainPem: chain(below, notCa, root), keyPem: below.key })).toEqual(['NAC_ERR_SERVER_CERT_ISSUER_NOT_CA'])
    const caLeaf = o.issue('ca-leaf', inter, { ext: SERVER_EXT.replace('basicConstraints=CA:FALSE', 'basicConstraints=critical,CA:TRUE') })
    expect(codes({ chainPem: chain(caLeaf, inter, root), keyPem: caLeaf.key })).toEqual(['NAC_ERR_SERVER_CERT_LEAF_IS_CA'])
  })

  it('refuses a leaf keyUsage without digitalSignature', () => {
    const ku = o.issue('ku', inter, { ext: SERVER_EXT.replace('keyUsage=critical,digitalSignature', 'keyUsage=critical,keyAgreement') })
    expect(codes({ chainPem: chain(ku, inter, root), keyPem: ku.key })).toEqual(['NAC_ERR_SERVER_CERT_KEY_USAGE'])
  })

  it('refuses expired and not yet valid chains', () => {
    const expired = checkServerCertificate({ chainPem: chain(leaf, inter, root), keyPem: leaf.key, now: Date.now() + 60 * DAY })
    expect(expired.ok ? [] : expired.errors.map((e) => [e.code, e.path])).toEqual(
      [0, 1, 2].map((i) => ['NAC_ERR_SERVER_CERT_EXPIRED', `chainPem[${i}]`]))
    const early = checkServerCertificate({ chainPem: chain(leaf, inter, root), keyPem: leaf.key, now: Date.now() - 2 * DAY })
    expect(early.ok ? [] : early.errors.map((e) => e.code)).toEqual(Array(3).fill('NAC_ERR_SERVER_CERT_NOT_YET_VALID'))
  })

  it('decrypts PKCS#8 and traditional RSA encrypted keys with their passphrase; a wrong or missing one is its own error', () => {
    const rsa = o.issue('enc-rsa', inter, { ext: SERVER_EXT, key: 'rsa-2048' })
    for (const [c, form] of [[leaf, 'pkcs8'], [rsa, 'traditional-rsa']] as const) {
      const enc = o.encryptKey(c, 'correct horse', form)
      expect(enc).toMatch(form === 'pkcs8' ? /BEGIN ENCRYPTED PRIVATE KEY/ : /BEGIN RSA PRIVATE KEY[\s\S]*Proc-Type: 4,ENCRYPTED/)
      const good = checkServerCertificate({ chainPem: chain(c, inter, root), keyPem: enc, passphrase: 'correct horse' })
      expect(good.ok, form).toBe(true)
      if (good.ok) expect(good.value.keyPem).not.toMatch(/ENCRYPTED/)
      const wrong = checkServerCertificate({ chainPem: chain(c, inter, root), keyPem: enc, passphrase: 'battery staple' })
      expect(wrong.ok ? [] : wrong.errors.map((e) => e.code)).toEqual(['NAC_ERR_SERVER_CERT_WRONG_PASSPHRASE'])
      expect(JSON.stringify(wrong.ok ? [] : wrong.errors.map((e) => e.message))).not.toContain('battery')
      expect(codes({ chainPem: chain(c, inter, root), keyPem: enc })).toEqual(['NAC_ERR_SERVER_CERT_PASSPHRASE_REQUIRED'])
    }
  })

  it('meets malformed and oversized input with a named error, never a throw', () => {
    expect(codes({ chainPem: 'hello', keyPem: leaf.key })).toEqual(['NAC_ERR_SERVER_CERT_PEM'])
    const corrupt = leaf.cert.replace(/\n[A-Za-z0-9+/]{10}/, '\nAAAAAAAAAA')
    expect(codes({ chainPem: corrupt + inter.cert + root.cert, keyPem: leaf.key })).toContain('NAC_ERR_SERVER_CERT_PEM')
    expect(codes({ chainPem: '-----BEGIN CERTIFICATE-----\n!!!\n-----END CERTIFICATE-----\n', keyPem: leaf.key })).toEqual(['NAC_ERR_SERVER_CERT_PEM'])
    expect(codes({ chainPem: chain(leaf, inter, root).repeat(4), keyPem: leaf.key })).toEqual(['NAC_ERR_SERVER_CERT_TOO_LONG'])
    expect(codes({ chainPem: chain(leaf, inter, root), keyPem: 'not a key' })).toEqual(['NAC_ERR_SERVER_CERT_KEY_PEM'])
    expect(codes({ chainPem: chain(leaf, inter, root), keyPem: '-----BEGIN PRIVATE KEY-----\nAAAA\n-----END PRIVATE KEY-----\n' })).toEqual(['NAC_ERR_SERVER_CERT_KEY_PEM'])
    expect(codes({ chainPem: chain(leaf, inter, root), keyPem: leaf.key + leaf.key })).toEqual(['NAC_ERR_SERVER_CERT_KEY_PEM'])
    for (let i = 0; i < 200; i++) {
      const bytes = Buffer.from(Array.from({ length: 64 + (i % 50) }, (_, k) => (k * 31 + i * 7) & 0xff)).toString('base64')
      const r = checkServerCertificate({ chainPem: `-----BEGIN CERTIFICATE-----\n${bytes}\n-----END CERTIFICATE-----\n`, keyPem: `-----BEGIN PRIVATE KEY-----\n${bytes}\n-----END PRIVATE KEY-----\n` })
      expect(r.ok).toBe(false)
    }
  })

  it('documents every rule code it can raise', () => {
    for (const code of Object.keys(ServerCertRule)) expect(code).toMatch(/^NAC_ERR_SERVER_CERT_[A-Z_]+$/) // README documents each (test/unit/wire/error-codes.test.ts)
  })
})
