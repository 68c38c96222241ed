// The org's EAP server certificate changed through the admin API, then seen by the real peer
// (requirements §3.2-3.4): eapol_test against the embedded default (`nac run`). A custom chain
// made by openssl is imported (encrypted key + passphrase); eapol_test trusting only that chain's
// root and checking its name (domain_match) succeeds with its MPPE key check, while the demo's
// old server CA no longer verifies the server. Then the default certificate is issued again from
// the org's private CA: eapol_test trusting that CA (GET eap-server-ca) and auth.demo.example succeeds.
// A client CA added to the trusted CAs through the API admits its client certificates; removed, it
// no longer does.
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { ApiClient } from '../../../ops/api/api-client.js'
import { CA_EXT, SERVER_EXT, OpensslChain, type Issued } from '../../support/openssl-chain.js'
import { CLIENT_EXT } from '../../support/openssl-pki.js'
import { startEmbedded } from '../../support/embedded.js'
import { requirePeer } from '../../support/peers.js'
import type { ServiceProcess } from '../../support/service-process.js'
import { eapolTest } from './eapol-test.js'

describe('EAP server certificate imported or issued through the API, seen by eapol_test', () => {
  let dataDir: string
  let demo: string
  let svc: ServiceProcess
  let auth: number
  let api: ApiClient
  let o: OpensslChain
  let root: Issued
  let inter: Issued
  let leaf: Issued

  /** The demo's eapol_test configuration, trusting `caCert` for the server named `name`. */
  function conf(tls: '12' | '13', caCert: string, name: string): string {
    const text = readFileSync(join(demo, `eapol-tls${tls}.conf`), 'utf8')
      .replace(/ca_cert="[^"]*"/, `ca_cert="${caCert}"`)
      .replace(/domain_match="[^"]*"/, `domain_match="${name}"`)
    const path = join(dataDir, `eapol-${tls}-${name}-${Math.random().toString(36).slice(2)}.conf`)
    writeFileSync(path, text)
    return path
  }

  beforeAll(async () => {
    requirePeer('eapol_test', 'eapoltest')
    dataDir = mkdtempSync(join(tmpdir(), 'nac-eap-srvcert-'))
    demo = join(dataDir, 'demo')
    const started = await startEmbedded(dataDir)
    svc = started.svc
    auth = started.ports.auth
    api = new ApiClient({ url: `https://127.0.0.1:${started.ports.api}`, token: readFileSync(join(demo, 'admin-token'), 'utf8').trim(), caPem: readFileSync(join(demo, 'api-ca.pem'), 'utf8') })
    o = new OpensslChain(dataDir)
    root = o.root('custom-root', { subject: '/O=Acme/CN=Acme RADIUS Root' })
    inter = o.issue('custom-inter', root, { ext: CA_EXT, subject: '/O=Acme/CN=Acme RADIUS Issuing' })
    leaf = o.issue('custom-leaf', inter, { ext: SERVER_EXT, key: 'rsa-2048', subject: '/O=Acme/CN=radius.acme.test' })
  })

  afterAll(async () => {
    await svc?.stop()
    if (dataDir !== undefined) rmSync(dataDir, { recursive: true, force: true })
  })

  it('serves an imported custom chain: eapol_test trusting its root accepts it, the old demo CA does not', async () => {
    // Before: the demo chain, which the demo CA verifies.
    const before = await eapolTest(conf('13', join(demo, 'eap-server-ca.pem'), 'auth.demo.example'), auth, ['-M', '02:00:00:00:05:01'])
    expect(before.success, before.out.slice(-2000)).toBe(true)

    const put = await api.request('PUT', '/api/v1/orgs/demo/eap-server-certificate', {
      chainPem: leaf.cert + inter.cert + root.cert, keyPem: o.encryptKey(leaf, 'demo import', 'pkcs8'), passphrase: 'demo import',
    })
    expect(put.status, put.text).toBe(200)
    // The write answers once the live actor node applied it (README: Config-Applied).
    expect(put.headers['config-applied']).toMatch(/^1\/1;/)

    for (const tls of ['12', '13'] as const) {
      const r = await eapolTest(conf(tls, root.certPath, 'radius.acme.test'), auth, ['-M', '02:00:00:00:05:02'])
      expect(r.success, r.out.slice(-3000)).toBe(true)
      expect(r.mppeOk).toBe(true)
      expect(r.vlan).toBe('200')
    }
    const old = await eapolTest(conf('13', join(demo, 'eap-server-ca.pem'), 'auth.demo.example'), auth, ['-M', '02:00:00:00:05:03'])
    expect(old.success).toBe(false)
    expect(old.out).toMatch(/unable to get local issuer certificate|certificate verify failed|TLS: Certificate verification failed/i)
    // Neither the key nor its passphrase reached the service's log.
    expect(svc.output()).not.toMatch(/PRIVATE KEY|demo import/)
  })

  it('serves the default certificate again once issued by the private CA; eapol_test trusts that CA and auth.demo.example', async () => {
    const post = await api.request('POST', '/api/v1/orgs/demo/eap-server-certificate', {})
    expect(post.status, post.text).toBe(201)
    expect((post.json as { origin: string }).origin).toBe('private-ca')
    const ca = await api.request('GET', '/api/v1/orgs/demo/eap-server-ca')
    expect(ca.status).toBe(200)
    writeFileSync(join(dataDir, 'private-eap-ca.pem'), ca.text)
    const r = await eapolTest(conf('13', join(dataDir, 'private-eap-ca.pem'), 'auth.demo.example'), auth, ['-M', '02:00:00:00:05:04'])
    expect(r.success, r.out.slice(-3000)).toBe(true)
    expect(r.mppeOk).toBe(true)
    const custom = await eapolTest(conf('13', root.certPath, 'radius.acme.test'), auth, ['-M', '02:00:00:00:05:05'])
    expect(custom.success).toBe(false)
  })

  it('admits client certificates of a CA added to the trusted CAs, and refuses them once it is removed', async () => {
    const clientCa = o.root('acme-client-ca', { subject: '/O=Acme/CN=Acme Client CA' })
    const client = o.issue('acme-client', clientCa, { ext: `${CLIENT_EXT}subjectAltName=DNS:acme-device-7\n`, subject: '/O=Acme/CN=acme-device-7' })
    const text = readFileSync(conf('13', join(dataDir, 'private-eap-ca.pem'), 'auth.demo.example'), 'utf8')
      .replace(/client_cert="[^"]*"/, `client_cert="${client.certPath}"`).replace(/private_key="[^"]*"/, `private_key="${client.keyPath}"`)
      .replace(/identity="[^"]*"/, 'identity="acme-device-7"')
    const clientConf = join(dataDir, 'eapol-acme-client.conf')
    writeFileSync(clientConf, text)

    const unknown = await eapolTest(clientConf, auth, ['-M', '02:00:00:00:05:06'])
    expect([unknown.success, unknown.reject]).toEqual([false, true])
    const added = await api.request('POST', '/api/v1/orgs/demo/trusted-cas', { pem: clientCa.cert })
    expect(added.status, added.text).toBe(201)
    const known = await eapolTest(clientConf, auth, ['-M', '02:00:00:00:05:07'])
    expect(known.success, known.out.slice(-3000)).toBe(true)
    expect(known.mppeOk).toBe(true)
    const removed = await api.request('DELETE', `/api/v1/orgs/demo/trusted-cas/${o.fingerprint(clientCa.cert)}`)
    expect(removed.status, removed.text).toBe(200)
    const gone = await eapolTest(clientConf, auth, ['-M', '02:00:00:00:05:08'])
    expect([gone.success, gone.reject]).toEqual([false, true])
  })
})
