// The org EAP PKI besides the custom certificate checks: trusted CA parsing and properties (checked
// against `openssl x509` output), the default server name rule, the private CA issuing the default
// server certificate (checked by `openssl verify` and `openssl x509 -text`), and both keys sealed
// at rest (the CA key stays sealed even in a node's memory).
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { decodeOrgFromStore, encodeOrgForStore } from '../../../ops/cluster/config-codec.js'
import {
  certificateProperties, defaultEapServerName, issueDefaultServerCertificate, parseTrustedCas, serverNameProblem, trustedCaCertificates,
} from '../../../ops/pki/index.js'
import { isSealed, unseal } from '../../../ops/secrets/index.js'
import type { OrgConfig } from '../../../proto/wire/org-config.js'
import { CA_EXT, SERVER_EXT, OpensslChain, type Issued } from '../../support/openssl-chain.js'

const KEY = Buffer.alloc(32, 9)
const DAY = 86_400_000

describe('org EAP PKI', () => {
  let dir: string
  let o: OpensslChain
  let root: Issued
  let inter: Issued
  let leaf: Issued

  beforeAll(() => {
    dir = mkdtempSync(join(tmpdir(), 'nac-orgpki-'))
    o = new OpensslChain(dir)
    root = o.root('root', { subject: '/O=acme/CN=Acme Root CA' })
    inter = o.issue('inter', root, { ext: CA_EXT, subject: '/O=acme/OU=devices/CN=Acme Issuing CA' })
    leaf = o.issue('leaf', inter, { ext: SERVER_EXT })
  })
  afterAll(() => rmSync(dir, { recursive: true, force: true }))

  it('parses trusted CAs (roots and intermediates) and shows what openssl shows', () => {
    const r = parseTrustedCas(root.cert + inter.cert)
    expect(r.ok).toBe(true)
    if (!r.ok) return
    const [p0, p1] = r.value.map(certificateProperties)
    expect(p0?.commonName).toBe('Acme Root CA')
    expect(p1?.commonName).toBe('Acme Issuing CA')
    expect(p1?.issuer).toBe('O=acme, CN=Acme Root CA')
    expect(p1?.subject).toBe('O=acme, OU=devices, CN=Acme Issuing CA')
    expect(p0?.fingerprintSha256).toBe(o.fingerprint(root.cert))
    expect(p1?.fingerprintSha256).toBe(o.fingerprint(inter.cert))
    expect([p0?.isCa, p0?.selfSigned, p1?.isCa, p1?.selfSigned]).toEqual([true, true, true, false])
    const enddate = o.run(['x509', '-in', inter.certPath, '-noout', '-enddate']).trim().replace(/^notAfter=/, '')
    expect(p1?.notAfter).toBe(new Date(enddate).toISOString())
    const serial = o.run(['x509', '-in', inter.certPath, '-noout', '-serial']).trim().replace(/^serial=/, '')
    expect(p1?.serialNumber).toBe(serial)
  })

  it('refuses a leaf as trusted CA, text without a certificate, and a block that does not parse', () => {
    const leafR = parseTrustedCas(root.cert + leaf.cert)
    expect(leafR.ok ? [] : leafR.errors.map((e) => [e.code, e.path])).toEqual([['NAC_ERR_TRUSTED_CA_NOT_CA', 'pem[1]']])
    const none = parseTrustedCas('-----BEGIN PRIVATE KEY-----\nAAAA\n-----END PRIVATE KEY-----')
    expect(none.ok ? [] : none.errors.map((e) => e.code)).toEqual(['NAC_ERR_TRUSTED_CA_PEM'])
    const bad = parseTrustedCas('-----BEGIN CERTIFICATE-----\nMIIB\n-----END CERTIFICATE-----')
    expect(bad.ok ? [] : bad.errors.map((e) => e.code)).toEqual(['NAC_ERR_TRUSTED_CA_PEM'])
    const many = parseTrustedCas(root.cert.repeat(101))
    expect(many.ok ? [] : many.errors.map((e) => e.code)).toEqual(['NAC_ERR_TRUSTED_CA_TOO_MANY'])
  })

  it('splits stored bundles into one certificate each', () => {
    expect(trustedCaCertificates([root.cert + inter.cert, leaf.cert]).map((c) => c.subject)).toEqual(
      ['O=acme\nCN=Acme Root CA', 'O=acme\nOU=devices\nCN=Acme Issuing CA', 'O=acme\nCN=leaf'])
  })

  it('names the default server certificate auth.<domain>, else auth.<org>.example, and refuses bad names', () => {
    expect(defaultEapServerName('acme', 'acme.com')).toBe('auth.acme.com')
    expect(defaultEapServerName('acme')).toBe('auth.acme.example')
    expect(defaultEapServerName('acme', '')).toBe('auth.acme.example')
    expect(serverNameProblem('auth.acme.com')).toBeUndefined()
    for (const bad of ['*.acme.com', 'localhost', 'Auth.acme.com', 'a..b', '-a.b', `${'a'.repeat(64)}.com`, `${'a.'.repeat(127)}com`]) {
      expect(serverNameProblem(bad), bad).toBeDefined()
    }
  })

  it('makes a private CA on demand and issues the default server certificate from it; openssl verifies it', () => {
    const first = issueDefaultServerCertificate({ org: 'acme', serverName: 'auth.acme.example', ca: undefined })
    expect(first.created).toBe(true)
    const caPath = join(dir, 'private-ca.pem')
    const leafPath = join(dir, 'default-leaf.pem')
    writeFileSync(caPath, first.ca.certPem)
    writeFileSync(leafPath, first.server.chainPem)
    expect(o.run(['verify', '-CAfile', caPath, '-purpose', 'sslserver', leafPath]).trim()).toBe(`${leafPath}: OK`)
    const text = o.run(['x509', '-in', leafPath, '-noout', '-text'])
    expect(text).toContain('DNS:auth.acme.example')
    expect(text).toContain('TLS Web Server Authentication')
    expect(text).toMatch(/Subject: O ?= ?acme, CN ?= ?auth\.acme\.example/)
    expect(o.run(['x509', '-in', caPath, '-noout', '-subject']).trim()).toMatch(/CN ?= ?acme EAP server CA/)
    // The served chain is the leaf alone: supplicants hold the CA.
    expect(first.server.chainPem.match(/BEGIN CERTIFICATE/g)?.length).toBe(1)

    // A usable CA is kept: a new CA would break every supplicant that trusts the old one.
    const again = issueDefaultServerCertificate({ org: 'acme', serverName: 'radius.acme.example', ca: first.ca })
    expect(again.created).toBe(false)
    expect(again.ca).toBe(first.ca)
    writeFileSync(leafPath, again.server.chainPem)
    expect(o.run(['verify', '-CAfile', caPath, leafPath]).trim()).toBe(`${leafPath}: OK`)
    // One near its end, or with a key that is not its own, is replaced.
    expect(issueDefaultServerCertificate({ org: 'acme', serverName: 'auth.acme.example', ca: first.ca, now: Date.now() + 3640 * DAY }).created).toBe(true)
    expect(issueDefaultServerCertificate({ org: 'acme', serverName: 'auth.acme.example', ca: { certPem: first.ca.certPem, keyPem: leaf.key } }).created).toBe(true)
  })

  it('seals the server key and the private CA key at rest; a node unseals the server key only', () => {
    const issued = issueDefaultServerCertificate({ org: 'acme', serverName: 'auth.acme.example', ca: undefined })
    const org: OrgConfig = {
      v: 1, org: 'acme', name: undefined, deviceCa: '', sites: [], radiusClients: [], labels: [], rules: [],
      pki: { trustedCas: [root.cert], server: issued.server, serverCa: issued.ca },
    }
    const bytes = encodeOrgForStore(org, KEY)
    const text = new TextDecoder().decode(bytes)
    expect(text).not.toContain('PRIVATE KEY')
    const stored = JSON.parse(text) as OrgConfig
    expect(isSealed(stored.pki?.server?.keyPem ?? '')).toBe(true)
    expect(isSealed(stored.pki?.serverCa?.keyPem ?? '')).toBe(true)
    expect(unseal(stored.pki?.serverCa?.keyPem ?? '', KEY)).toBe(issued.ca.keyPem)
    // Written again as read (sealed), it is not sealed twice.
    const rewritten = JSON.parse(new TextDecoder().decode(encodeOrgForStore(stored, KEY))) as OrgConfig
    expect(rewritten.pki?.serverCa?.keyPem).toBe(stored.pki?.serverCa?.keyPem)
    const node = decodeOrgFromStore(bytes, KEY)
    expect(node.pki?.server?.keyPem).toBe(issued.server.keyPem)
    expect(isSealed(node.pki?.serverCa?.keyPem ?? '')).toBe(true)
  })
})
