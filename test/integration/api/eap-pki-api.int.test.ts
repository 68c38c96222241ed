// The org EAP PKI over the real admin API and a real nats-server (requirements §3.1-3.3): trusted
// CAs listed with their properties (compared with `openssl x509` output), added and removed; the
// default server certificate issued by a private CA made on demand, then served by the org's TLS
// context; a custom certificate imported through the checks and then served: the TLS context an
// actor node's ConfigWatcher rebuilt from KV shows a node:tls client the imported leaf. Keys never
// come back in an answer and sit sealed in KV. Other orgs' tokens and read-only tokens are refused.
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { connect, createServer, type SecureContext } from 'node:tls'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { ConfigWatcher } from '../../../ops/cluster/config-watcher.js'
import { readOrg, writeOrg } from '../../../ops/cluster/config-store.js'
import { isSealed } from '../../../ops/secrets/index.js'
import { CA_EXT, SERVER_EXT, OpensslChain, type Issued } from '../../support/openssl-chain.js'
import { CLUSTER_KEY, call, startApiFixture, type Answer, type ApiFixture } from './api-fixture.js'

interface CertView { commonName: string; issuer: string; notAfter: string; fingerprintSha256: string; isCa: boolean; dnsNames: string[] }
interface ServerView { revision: number; origin: string; chain: CertView[] }

/** A TLS handshake against `ctx` (as an actor node serves EAP-TLS): the leaf the client saw, and whether `ca` verified it. */
async function handshake(ctx: SecureContext, servername: string, ca?: string): Promise<{ fingerprint: string; authorized: boolean; error: string | undefined }> {
  const server = createServer({ SNICallback: (_name, cb) => cb(null, ctx) }, (s) => s.end())
  try {
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve))
    const port = (server.address() as { port: number }).port
    return await new Promise((resolve, reject) => {
      const socket = connect({ host: '127.0.0.1', port, servername, rejectUnauthorized: false, ...(ca === undefined ? {} : { ca }) }, () => {
        const fingerprint = socket.getPeerCertificate().fingerprint256.replace(/:/g, '').toLowerCase()
        resolve({ fingerprint, authorized: socket.authorized, error: socket.authorizationError?.toString() })
        socket.destroy()
      })
      socket.on('error', reject)
    })
  } finally {
    server.close()
  }
}

describe('org EAP PKI over the admin API', () => {
  let f: ApiFixture
  let watcher: ConfigWatcher
  let dir: string
  let o: OpensslChain
  let root: Issued
  let inter: Issued
  let leaf: Issued
  const errors: unknown[] = []
  const base = '/api/v1/orgs/alpha'
  const admin = (method: string, path: string, body?: unknown, headers?: Record<string, string>): Promise<Answer> =>
    call(f, method, `${base}${path}`, { token: f.tokens.alphaAdmin, ...(body === undefined ? {} : { body }), ...(headers === undefined ? {} : { headers }) })

  /** Waits (polling, no timing asserted) until the node's context for alpha serves `fingerprint`. */
  async function served(fingerprint: string, servername: string, ca?: string): Promise<{ authorized: boolean; error: string | undefined }> {
    let last = ''
    for (let i = 0; i < 200; i++) {
      const ctx = watcher.eap('alpha')?.secureContext
      if (ctx !== undefined) {
        const r = await handshake(ctx, servername, ca)
        if (r.fingerprint === fingerprint) return r
        last = r.fingerprint
      }
      await new Promise((r) => setTimeout(r, 50))
    }
    throw new Error(`the node never served ${fingerprint} (last ${last})`)
  }

  beforeAll(async () => {
    f = await startApiFixture()
    watcher = new ConfigWatcher({ config: f.topo.config, endpoints: undefined, clusterKey: CLUSTER_KEY, onError: (err) => errors.push(err) })
    await watcher.start()
    dir = mkdtempSync(join(tmpdir(), 'nac-eappki-'))
    o = new OpensslChain(dir)
    root = o.root('root', { subject: '/O=Alpha/CN=Alpha Root CA' })
    inter = o.issue('inter', root, { ext: CA_EXT, subject: '/O=Alpha/CN=Alpha Issuing CA' })
    leaf = o.issue('leaf', inter, { ext: SERVER_EXT, key: 'rsa-2048', subject: '/O=Alpha/CN=radius.acme.test' })
  })
  afterAll(async () => {
    watcher?.stop()
    await f?.stop()
    if (dir !== undefined) rmSync(dir, { recursive: true, force: true })
  })

  it('adds trusted CAs, lists them with openssl\'s properties, refuses duplicates and leaves, removes by fingerprint', async () => {
    const added = await admin('POST', '/trusted-cas', { pem: root.cert + inter.cert })
    expect(added.status, added.text).toBe(201)
    const list = await admin('GET', '/trusted-cas')
    expect(list.status).toBe(200)
    const items = (list.json as { items: CertView[] }).items
    expect(items.map((i) => [i.commonName, i.issuer, i.isCa, i.fingerprintSha256])).toEqual([
      ['Alpha Root CA', 'O=Alpha, CN=Alpha Root CA', true, o.fingerprint(root.cert)],
      ['Alpha Issuing CA', 'O=Alpha, CN=Alpha Root CA', true, o.fingerprint(inter.cert)],
    ])
    const end = o.run(['x509', '-in', inter.certPath, '-noout', '-enddate']).trim().replace(/^notAfter=/, '')
    expect(items[1]?.notAfter).toBe(new Date(end).toISOString())

    const dup = await admin('POST', '/trusted-cas', { pem: inter.cert })
    expect([dup.status, (dup.json as { code: string }).code]).toEqual([409, 'NAC_ERR_API_ALREADY_EXISTS'])
    const notCa = await admin('POST', '/trusted-cas', { pem: leaf.cert })
    expect(notCa.status).toBe(400)
    expect((notCa.json as { details: Array<{ rule: string }> }).details.map((d) => d.rule)).toEqual(['NAC_ERR_TRUSTED_CA_NOT_CA'])
    const garbage = await admin('POST', '/trusted-cas', { pem: 'not a certificate' })
    expect((garbage.json as { details: Array<{ rule: string }> }).details.map((d) => d.rule)).toEqual(['NAC_ERR_TRUSTED_CA_PEM'])

    // openssl prints the fingerprint with colons, upper case: the API takes it as printed.
    const printed = o.run(['x509', '-in', inter.certPath, '-noout', '-fingerprint', '-sha256']).trim().replace(/^.*=/, '')
    const removed = await admin('DELETE', `/trusted-cas/${encodeURIComponent(printed)}`)
    expect(removed.status, removed.text).toBe(200)
    const after = (await admin('GET', '/trusted-cas')).json as { items: CertView[] }
    expect(after.items.map((i) => i.commonName)).toEqual(['Alpha Root CA'])
    expect((await admin('DELETE', `/trusted-cas/${printed.replace(/:/g, '')}`)).status).toBe(404)
    expect((await admin('DELETE', '/trusted-cas/not-a-fingerprint')).status).toBe(404)
  })

  it('issues the default server certificate from a private CA made on demand; the node serves it and the CA verifies it', async () => {
    expect((await admin('GET', '/eap-server-certificate')).status).toBe(404)
    expect((await admin('GET', '/eap-server-ca')).status).toBe(404)
    const issued = await admin('POST', '/eap-server-certificate', {})
    expect(issued.status, issued.text).toBe(201)
    const view = issued.json as ServerView
    expect(view.origin).toBe('private-ca')
    expect(view.chain.map((c) => [c.commonName, c.dnsNames])).toEqual([['auth.alpha.example', ['auth.alpha.example']]])
    const caPem = (await admin('GET', '/eap-server-ca')).text
    expect(caPem).toMatch(/^-----BEGIN CERTIFICATE-----/)
    writeFileSync(join(dir, 'private-ca.pem'), caPem)
    expect(o.run(['x509', '-in', join(dir, 'private-ca.pem'), '-noout', '-subject']).trim()).toMatch(/CN ?= ?alpha EAP server CA/)

    const seen = await served(view.chain[0]!.fingerprintSha256, 'auth.alpha.example', caPem)
    expect(seen.authorized, seen.error).toBe(true)

    // Re-issued under another name: the same CA (supplicants keep trusting it), a new leaf.
    const renamed = await admin('POST', '/eap-server-certificate', { name: 'radius.alpha.example' })
    expect(renamed.status, renamed.text).toBe(201)
    const leaf2 = (renamed.json as ServerView).chain[0]!
    expect(leaf2.dnsNames).toEqual(['radius.alpha.example'])
    expect((await admin('GET', '/eap-server-ca')).text).toBe(caPem)
    expect((await served(leaf2.fingerprintSha256, 'radius.alpha.example', caPem)).authorized).toBe(true)
    // Renewal without a name keeps the name in use.
    const renewed = (await admin('POST', '/eap-server-certificate', {})).json as ServerView
    expect(renewed.chain[0]?.dnsNames).toEqual(['radius.alpha.example'])

    const wild = await admin('POST', '/eap-server-certificate', { name: '*.alpha.example' })
    expect(wild.status).toBe(400)

    // Both keys sealed in KV; none in any answer.
    const raw = await f.topo.config.get('org.alpha')
    const text = new TextDecoder().decode(raw?.value)
    expect(text).not.toContain('PRIVATE KEY')
    const stored = (await readOrg(f.topo.config, 'alpha'))?.value
    expect(isSealed(stored?.pki?.server?.keyPem ?? '')).toBe(true)
    expect(isSealed(stored?.pki?.serverCa?.keyPem ?? '')).toBe(true)
    for (const path of ['', '/eap-server-certificate', '/eap-server-ca', '/trusted-cas']) {
      const r = await admin('GET', path)
      expect(r.text, path).not.toMatch(/PRIVATE KEY|sealed:v1:/)
    }
  })

  it('imports a custom certificate with an encrypted key; the node then serves the imported leaf and its intermediate', async () => {
    const enc = o.encryptKey(leaf, 'pass phrase 1', 'traditional-rsa')
    const chainPem = leaf.cert + inter.cert + root.cert
    const imported = await admin('PUT', '/eap-server-certificate', { chainPem, keyPem: enc, passphrase: 'pass phrase 1' })
    expect(imported.status, imported.text).toBe(200)
    const view = imported.json as ServerView
    expect(view.origin).toBe('custom')
    expect(view.chain.map((c) => c.fingerprintSha256)).toEqual([o.fingerprint(leaf.cert), o.fingerprint(inter.cert)])
    expect(imported.text).not.toContain('pass phrase')

    const seen = await served(o.fingerprint(leaf.cert), 'radius.acme.test', root.cert)
    // The client trusts only the root: verification needs the intermediate the server sent.
    expect(seen.authorized, seen.error).toBe(true)
    expect(errors).toEqual([])
    expect((await admin('GET', '/eap-server-certificate')).json).toEqual(expect.objectContaining({ origin: 'custom' }))

    // A change elsewhere in the document keeps the PKI as it is.
    const before = (await readOrg(f.topo.config, 'alpha'))?.value.pki
    expect((await admin('POST', '/labels', { name: 'pki-kept', type: 'client-label', values: ['z'] })).status).toBe(201)
    expect((await readOrg(f.topo.config, 'alpha'))?.value.pki).toEqual(before)
  })

  it('refuses a broken import with every rule named, and stores nothing', async () => {
    const before = await readOrg(f.topo.config, 'alpha')
    const v1 = o.issue('v1', inter, { ext: undefined, digest: 'sha1' })
    const bad = await admin('PUT', '/eap-server-certificate', { chainPem: v1.cert + inter.cert, keyPem: o.encryptKey(v1, 'right', 'pkcs8'), passphrase: 'wrong' })
    expect(bad.status).toBe(400)
    const body = bad.json as { code: string; details: Array<{ path: string; rule: string; message: string }> }
    expect(body.code).toBe('NAC_ERR_API_INVALID_CONFIG')
    expect(body.details.map((d) => d.rule).sort()).toEqual([
      'NAC_ERR_SERVER_CERT_CHAIN_INCOMPLETE', 'NAC_ERR_SERVER_CERT_LEGACY_VERSION', 'NAC_ERR_SERVER_CERT_NO_SAN_DNS',
      'NAC_ERR_SERVER_CERT_NO_SERVER_AUTH', 'NAC_ERR_SERVER_CERT_WEAK_SIGNATURE', 'NAC_ERR_SERVER_CERT_WRONG_PASSPHRASE',
    ])
    expect(bad.text).not.toContain('wrong')
    const missing = await admin('PUT', '/eap-server-certificate', { chainPem: leaf.cert })
    expect([missing.status, (missing.json as { code: string }).code]).toEqual([400, 'NAC_ERR_API_INVALID_BODY'])
    const huge = await admin('PUT', '/eap-server-certificate', { chainPem: 'A'.repeat(70_000), keyPem: 'x' })
    expect(huge.status).toBe(400)
    const stale = await admin('PUT', '/eap-server-certificate', { chainPem: leaf.cert + inter.cert + root.cert, keyPem: leaf.key }, { 'if-match': '"1"' })
    expect(stale.status).toBe(412)
    expect((await readOrg(f.topo.config, 'alpha'))?.revision).toBe(before?.revision)
  })

  it("refuses another org's token on every EAP PKI route, with nothing of alpha in the answer; read-only tokens read but never write", async () => {
    const before = await readOrg(f.topo.config, 'alpha')
    const routes: Array<[string, string, unknown?]> = [
      ['GET', '/trusted-cas'], ['POST', '/trusted-cas', { pem: root.cert }], ['DELETE', `/trusted-cas/${o.fingerprint(root.cert)}`],
      ['GET', '/eap-server-certificate'], ['POST', '/eap-server-certificate', {}],
      ['PUT', '/eap-server-certificate', { chainPem: leaf.cert + inter.cert + root.cert, keyPem: leaf.key }], ['GET', '/eap-server-ca'],
    ]
    for (const [method, path, body] of routes) {
      const r = await call(f, method, `${base}${path}`, { token: f.tokens.betaAdmin, ...(body === undefined ? {} : { body }) })
      expect([r.status, (r.json as { code: string }).code], `${method} ${path}`).toEqual([404, 'NAC_ERR_API_NOT_FOUND'])
      expect(r.text.toLowerCase()).not.toMatch(/alpha|begin certificate/)
      const ro = await call(f, method, `${base}${path}`, { token: f.tokens.alphaRead, ...(body === undefined ? {} : { body }) })
      if (method === 'GET') expect(ro.status, `${method} ${path}`).toBe(200)
      else expect([ro.status, (ro.json as { code: string }).code], `${method} ${path}`).toEqual([403, 'NAC_ERR_API_READ_ONLY'])
    }
    expect((await readOrg(f.topo.config, 'alpha'))?.revision).toBe(before?.revision)
    // beta's own admin sees beta's (empty) PKI, not alpha's.
    const own = await call(f, 'GET', '/api/v1/orgs/beta/trusted-cas', { token: f.tokens.betaAdmin })
    expect([own.status, (own.json as { items: unknown[] }).items]).toEqual([200, []])
    expect((await call(f, 'GET', '/api/v1/orgs/beta/eap-server-certificate', { token: f.tokens.betaAdmin })).status).toBe(404)
  })

  it('names the default certificate auth.<domain> when the org document tells its domain', async () => {
    const beta = await readOrg(f.topo.config, 'beta')
    await writeOrg(f.topo.config, { ...beta!.value, domain: 'beta.example.net' }, beta!.revision, CLUSTER_KEY)
    const r = await call(f, 'POST', '/api/v1/orgs/beta/eap-server-certificate', { token: f.tokens.betaAdmin, body: {} })
    expect(r.status, r.text).toBe(201)
    expect((r.json as ServerView).chain[0]?.dnsNames).toEqual(['auth.beta.example.net'])
  })
})
