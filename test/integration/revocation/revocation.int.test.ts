// Revocation end to end through the real worker pool: a real `openssl ocsp` responder over the
// `openssl ca` index, a node:http server on port 0 serving the CRL file that `openssl ca -gencrl`
// writes, and client certificates whose CDP and AIA point at them.
import { spawn, type ChildProcess } from 'node:child_process'
import { createServer, type Server } from 'node:http'
import { readFileSync, statSync } from 'node:fs'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { PoolCertificateValidator, type OrgCertificateSettings } from '../../../ops/revocation/index.js'
import { createWorkerPool, type WorkerPool } from '../../../workers/pool.js'
import { freeTcpPort } from '../../support/free-port.js'
import { clientExt, OpensslPki, type Issued } from '../../unit/cert-validation/openssl-ca.js'

let pki: OpensslPki
let pool: WorkerPool
let validator: PoolCertificateValidator
let crlServer: Server
let responder: ChildProcess | undefined
const counts = new Map<string, number>()
const crlRequests: number[] = []
const leaves: Record<string, Issued> = {}

function settings(crl: boolean, ocsp: boolean, failMode: 'soft' | 'hard'): OrgCertificateSettings {
  return { trustedCasPem: [pki.root.pem], crl: { enabled: crl, configuredUrls: [] }, ocsp: { enabled: ocsp, failMode, timeoutMs: 2_000 } }
}

const ORGS: Record<string, () => OrgCertificateSettings> = {
  both: () => settings(true, true, 'hard'),
  crlOnly: () => settings(true, false, 'hard'),
  ocspHard: () => settings(false, true, 'hard'),
  ocspSoft: () => settings(false, true, 'soft'),
}

/**
 * Wait for `openssl ocsp` to say it listens. (Not by connecting: the responder serves one
 * connection at a time and stays blocked on a probe connection that sends nothing.)
 */
async function waitForListening(proc: ChildProcess, timeoutMs: number): Promise<void> {
  let log = ''
  await new Promise<void>((resolve, reject) => {
    const t = setTimeout(() => reject(new Error(`openssl ocsp did not start:\n${log}`)), timeoutMs)
    proc.stderr?.on('data', (d: Buffer) => {
      log += d.toString()
      if (/waiting for OCSP client connections/.test(log)) { clearTimeout(t); resolve() }
    })
    proc.once('exit', (code) => { clearTimeout(t); reject(new Error(`openssl ocsp exited ${code}:\n${log}`)) })
  })
}

function leaf(name: string): Issued {
  const l = leaves[name]
  if (l === undefined) throw new Error(`no leaf ${name}`)
  return l
}

const validate = (org: string, name: string): ReturnType<PoolCertificateValidator['validate']> =>
  validator.validate({ org, chainDer: [leaf(name).der, pki.issuing.der], purpose: 'clientAuth' })

beforeAll(async () => {
  pki = new OpensslPki('nac-revocation-')
  const crlFile = pki.path('issuing.crl')
  // The CRL is read from disk at each request, with a conditional-GET validator from its mtime.
  crlServer = createServer((req, res) => {
    crlRequests.push(Date.now())
    if (req.url !== '/issuing.crl') { res.writeHead(404).end(); return }
    const st = statSync(crlFile)
    const etag = `"${st.mtimeMs}-${st.size}"`
    if (req.headers['if-none-match'] === etag) { res.writeHead(304).end(); return }
    res.writeHead(200, { 'content-type': 'application/pkix-crl', etag }).end(readFileSync(crlFile))
  })
  await new Promise<void>((r) => crlServer.listen(0, '127.0.0.1', r))
  const addr = crlServer.address()
  const httpPort = typeof addr === 'object' && addr !== null ? addr.port : 0
  const ocspPort = await freeTcpPort()
  const deadPort = await freeTcpPort()
  const crlUrl = `http://127.0.0.1:${httpPort}/issuing.crl`
  const ocspUrl = `http://127.0.0.1:${ocspPort}/`
  leaves.good = pki.issue('good', '/O=Test Org/CN=good', clientExt({ crlUrl, ocspUrl }))
  leaves.revoked = pki.issue('revoked', '/O=Test Org/CN=revoked', clientExt({ crlUrl, ocspUrl }))
  leaves.later = pki.issue('later', '/O=Test Org/CN=later', clientExt({ crlUrl, ocspUrl }))
  leaves.dead = pki.issue('dead', '/O=Test Org/CN=dead', clientExt({ ocspUrl: `http://127.0.0.1:${deadPort}/` }))
  const signer = pki.ocspSigner()
  pki.revoke(leaf('revoked'), 'keyCompromise')
  pki.genCrl('issuing.crl', { hours: 1 })

  responder = spawn('openssl', ['ocsp', '-index', 'index.txt', '-port', String(ocspPort), '-CA', pki.issuing.certPath,
    '-rsigner', signer.certPath, '-rkey', signer.keyPath, '-ndays', '1'], { cwd: pki.dir, stdio: ['ignore', 'ignore', 'pipe'] })
  await waitForListening(responder, 10_000)

  pool = createWorkerPool({ threads: 2 })
  validator = new PoolCertificateValidator({
    pool,
    settings: (org) => ORGS[org]?.(),
    now: Date.now,
    count: (n) => counts.set(n, (counts.get(n) ?? 0) + 1),
    crl: { maxRefreshIntervalMs: 300 },
  })
})

afterAll(async () => {
  validator?.close()
  await pool?.destroy()
  if (responder !== undefined && responder.exitCode === null && responder.signalCode === null) {
    const exited = new Promise((r) => responder?.once('exit', r))
    responder.kill('SIGTERM')
    await exited
  }
  await new Promise<void>((r) => { if (crlServer?.listening) crlServer.close(() => r()); else r() })
  crlServer?.closeAllConnections()
  pki?.dispose()
})

describe('PoolCertificateValidator with a real CRL server and openssl ocsp', () => {
  it('accepts a good certificate with CRL and OCSP both checked (hard fail)', async () => {
    const r = await validate('both', 'good')
    expect(r).toMatchObject({ ok: true, attributes: { cn: 'good' } })
    expect(counts.get('revocation.crl.fetched')).toBeGreaterThanOrEqual(1)
    expect(counts.get('revocation.ocsp.good')).toBeGreaterThanOrEqual(1)
  })

  it('refuses a certificate revoked by CRL', async () => {
    const r = await validate('crlOnly', 'revoked')
    expect(r).toMatchObject({ ok: false, reason: 'REVOKED', message: expect.stringMatching(/keyCompromise.*CRL/) })
  })

  it('refuses a certificate revoked by OCSP', async () => {
    const r = await validate('ocspHard', 'revoked')
    expect(r).toMatchObject({ ok: false, reason: 'REVOKED', message: expect.stringMatching(/keyCompromise.*OCSP/) })
    expect(counts.get('revocation.ocsp.revoked')).toBeGreaterThanOrEqual(1)
  })

  it('responder down: soft fail allows (counted), hard fail refuses with REVOCATION_UNKNOWN', async () => {
    const before = counts.get('revocation.soft_fail_allowed') ?? 0
    expect(await validate('ocspSoft', 'dead')).toMatchObject({ ok: true })
    expect(counts.get('revocation.soft_fail_allowed')).toBe(before + 1)
    expect(await validate('ocspHard', 'dead')).toMatchObject({ ok: false, reason: 'REVOCATION_UNKNOWN' })
    expect(counts.get('revocation.hard_fail_refused')).toBeGreaterThanOrEqual(1)
  })

  it('sees a revocation published in a new CRL on disk, without restart', async () => {
    expect(await validate('crlOnly', 'later')).toMatchObject({ ok: true })
    const fetchedBefore = counts.get('revocation.crl.fetched') ?? 0
    pki.revoke(leaf('later'), 'superseded')
    pki.genCrl('issuing.crl', { hours: 1 })
    const until = Date.now() + 10_000
    let r = await validate('crlOnly', 'later')
    while (r.ok && Date.now() < until) {
      await new Promise((res) => setTimeout(res, 100))
      r = await validate('crlOnly', 'later')
    }
    expect(r).toMatchObject({ ok: false, reason: 'REVOKED', message: expect.stringMatching(/superseded/) })
    // The refresh ran in the background and fetched the new CRL (no restart, no new validator).
    expect(counts.get('revocation.crl.fetched') ?? 0).toBeGreaterThan(fetchedBefore)
  })

  it('an unknown org has no trusted CA', async () => {
    expect(await validate('nobody', 'good')).toMatchObject({ ok: false, reason: 'UNKNOWN_CA' })
  })
})
