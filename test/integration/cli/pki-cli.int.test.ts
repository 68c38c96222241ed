// `nac pki trusted-ca ...` and `nac pki server-cert ...`: the built CLI against the real admin API
// (over a real nats-server, api-fixture.ts). `list` prints common name, issuer and validity as
// openssl reads them; a broken import exits 1 and names each broken rule.
import { execFile } from 'node:child_process'
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { promisify } from 'node:util'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { CA_EXT, SERVER_EXT, OpensslChain, type Issued } from '../../support/openssl-chain.js'
import { CLI } from '../../support/service-process.js'
import { startApiFixture, type ApiFixture } from '../api/api-fixture.js'

const run = promisify(execFile)

describe('nac pki trusted-ca and server-cert over the admin API', () => {
  let f: ApiFixture
  let dir: string
  let o: OpensslChain
  let root: Issued
  let inter: Issued
  let leaf: Issued
  let conn: string[]

  async function nac(...args: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
    try {
      const r = await run(process.execPath, [CLI, 'pki', ...args, ...conn])
      return { code: 0, stdout: r.stdout, stderr: r.stderr }
    } catch (err) {
      const e = err as { code: number; stdout: string; stderr: string }
      return { code: e.code, stdout: e.stdout, stderr: e.stderr }
    }
  }

  beforeAll(async () => {
    f = await startApiFixture()
    dir = mkdtempSync(join(tmpdir(), 'nac-pki-cli-'))
    writeFileSync(join(dir, 'token'), `${f.tokens.alphaAdmin}\n`, { mode: 0o600 })
    writeFileSync(join(dir, 'api-ca.pem'), f.caPem)
    conn = ['--org', 'alpha', '--api', f.api.url, '--token-file', join(dir, 'token'), '--ca', join(dir, 'api-ca.pem')]
    o = new OpensslChain(dir)
    root = o.root('root', { subject: '/O=Alpha/CN=Alpha CLI Root' })
    inter = o.issue('inter', root, { ext: CA_EXT, subject: '/O=Alpha/CN=Alpha CLI Issuing' })
    leaf = o.issue('leaf', inter, { ext: SERVER_EXT })
  })
  afterAll(async () => {
    await f?.stop()
    if (dir !== undefined) rmSync(dir, { recursive: true, force: true })
  })

  it('adds, lists (CN, issuer, validity) and removes trusted CAs', async () => {
    writeFileSync(join(dir, 'bundle.pem'), root.cert + inter.cert)
    const added = await nac('trusted-ca', 'add', join(dir, 'bundle.pem'))
    expect(added.code, added.stderr).toBe(0)
    const list = await nac('trusted-ca', 'list')
    expect(list.code, list.stderr).toBe(0)
    const lines = list.stdout.trim().split('\n')
    expect(lines[0]).toMatch(/^COMMON NAME\s+ISSUER\s+VALID FROM\s+VALID TO\s+SHA-256$/)
    const end = new Date(o.run(['x509', '-in', inter.certPath, '-noout', '-enddate']).trim().replace(/^notAfter=/, '')).toISOString().slice(0, 10)
    const start = new Date(o.run(['x509', '-in', inter.certPath, '-noout', '-startdate']).trim().replace(/^notBefore=/, '')).toISOString().slice(0, 10)
    expect(lines[2]?.split(/\s{2,}/)).toEqual(['Alpha CLI Issuing', 'O=Alpha, CN=Alpha CLI Root', start, end, o.fingerprint(inter.cert)])
    expect(lines[1]).toContain('Alpha CLI Root')

    const printed = o.run(['x509', '-in', root.certPath, '-noout', '-fingerprint', '-sha256']).trim().replace(/^.*=/, '')
    expect((await nac('trusted-ca', 'remove', printed)).code).toBe(0)
    const after = await nac('trusted-ca', 'list')
    expect(after.stdout.trim().split('\n').slice(1).map((l) => l.split(/\s{2,}/)[0])).toEqual(['Alpha CLI Issuing'])

    writeFileSync(join(dir, 'leaf-only.pem'), leaf.cert)
    const refused = await nac('trusted-ca', 'add', join(dir, 'leaf-only.pem'))
    expect(refused.code).toBe(1)
    expect(refused.stderr).toContain('NAC_ERR_TRUSTED_CA_NOT_CA')
  })

  it('issues the default server certificate, imports a custom one with a passphrase file, and lists every rule a bad one breaks', async () => {
    const issued = await nac('server-cert', 'issue', '--name', 'auth.alpha.test', '--ca-out', join(dir, 'eap-ca.pem'))
    expect(issued.code, issued.stderr).toBe(0)
    expect(issued.stdout).toContain('origin: private-ca')
    expect(issued.stdout).toContain('names: auth.alpha.test')
    expect(o.run(['x509', '-in', join(dir, 'eap-ca.pem'), '-noout', '-subject'])).toMatch(/alpha EAP server CA/)

    writeFileSync(join(dir, 'chain.pem'), leaf.cert + inter.cert + root.cert)
    writeFileSync(join(dir, 'key.pem'), o.encryptKey(leaf, 'cli secret', 'pkcs8'))
    writeFileSync(join(dir, 'pass'), 'cli secret\n', { mode: 0o600 })
    const imported = await nac('server-cert', 'import', '--chain', join(dir, 'chain.pem'), '--key', join(dir, 'key.pem'), '--passphrase-file', join(dir, 'pass'))
    expect(imported.code, imported.stderr).toBe(0)
    expect(imported.stdout).toContain('origin: custom')
    const shown = await nac('server-cert', 'show')
    expect(shown.stdout).toContain(o.fingerprint(leaf.cert))
    expect(shown.stdout).toContain(o.fingerprint(inter.cert))
    expect(shown.stdout).not.toMatch(/PRIVATE KEY|cli secret/)

    const wild = o.issue('wild', inter, { ext: SERVER_EXT.replace('DNS:radius.acme.test', 'DNS:*.acme.test'), key: 'rsa-1024' })
    writeFileSync(join(dir, 'bad-chain.pem'), wild.cert + inter.cert + root.cert)
    const bad = await nac('server-cert', 'import', '--chain', join(dir, 'bad-chain.pem'), '--key', join(dir, 'key.pem'))
    expect(bad.code).toBe(1)
    for (const rule of ['NAC_ERR_SERVER_CERT_WILDCARD', 'NAC_ERR_SERVER_CERT_KEY_TYPE', 'NAC_ERR_SERVER_CERT_PASSPHRASE_REQUIRED']) expect(bad.stderr).toContain(rule)
    expect((await nac('server-cert', 'show')).stdout).toContain(o.fingerprint(leaf.cert))
  })
})
