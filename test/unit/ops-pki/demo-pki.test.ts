// The on-disk PKI of the embedded default: modes, reuse, renewal, openssl verify, and a real
// mutual-TLS handshake (node:tls, port 0) that accepts the org's NAS and refuses a foreign one.
import { X509Certificate } from 'node:crypto'
import { mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { connect, createServer, type TLSSocket } from 'node:tls'
import type { AddressInfo } from 'node:net'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { createWorkerPool, type WorkerPool } from '../../../workers/pool.js'
import { ensureOrgPki, ensureRadsecServerPki, issueNasCertificate, type OrgPki, type RadsecServerPki } from '../../../ops/pki/index.js'
import { nasIdentityFromCertificate } from '../../../proto/wire/nas-identity.js'
import { opensslText, opensslVerify } from '../workers/openssl.js'

let pool: WorkerPool
let root: string
let org: OrgPki
let radsec: RadsecServerPki

beforeAll(async () => {
  pool = createWorkerPool({ threads: 2 })
  root = mkdtempSync(join(tmpdir(), 'nac-pki-'))
  ;[org, radsec] = await Promise.all([
    ensureOrgPki(pool, join(root, 'demo'), 'demo', ['hq', 'lab'], { nasId: 'ap1' }),
    ensureRadsecServerPki(pool, join(root, 'cluster')),
  ])
}, 60_000)

afterAll(async () => {
  await pool.destroy()
  rmSync(root, { recursive: true, force: true })
})

const mode = (p: string): number => statSync(p).mode & 0o777

describe('ensureOrgPki', () => {
  it('writes the device CA and the NAS certificate, keys 0600', () => {
    expect(org.written.sort()).toEqual(['device-ca-key.pem', 'device-ca.pem', 'nas-key.pem', 'nas.pem'])
    for (const p of [org.deviceCa.keyPath, org.nas.keyPath]) expect(mode(p)).toBe(0o600)
    for (const p of [org.deviceCa.certPath, org.nas.certPath]) expect(mode(p)).toBe(0o644)
    expect(mode(join(root, 'demo'))).toBe(0o700)
    expect(readFileSync(join(root, 'demo', 'device-ca.pem'), 'utf8')).toBe(org.deviceCa.certPem)
  })

  it('names the org and site', () => {
    const ca = new X509Certificate(org.deviceCa.certPem)
    expect(ca.subject).toBe('O=demo\nCN=demo device CA')
    expect(ca.ca).toBe(true)
    const nas = new X509Certificate(org.nas.certPem)
    expect(nas.subject).toBe('O=demo\nOU=hq\nCN=ap1')
    expect(nas.subjectAltName).toBe('URI:urn:nac:nas:demo:hq:ap1')
    expect(nas.keyUsage).toEqual(['1.3.6.1.5.5.7.3.2'])
    expect(nasIdentityFromCertificate(nas)).toEqual({ org: 'demo', site: 'hq', nasId: 'ap1' })
  })

  it('the NAS certificate verifies against the device CA with openssl (purpose sslclient)', () => {
    const r = opensslVerify(org.deviceCa.certPem, org.nas.certPem, 'sslclient')
    expect(r.stdout).toContain('OK')
    expect(r.status).toBe(0)
  })

  it('a second call reuses everything', async () => {
    const again = await ensureOrgPki(pool, join(root, 'demo'), 'demo', ['hq'], { nasId: 'ap1' })
    expect(again.written).toEqual([])
    expect(again.deviceCa.certPem).toBe(org.deviceCa.certPem)
    expect(again.nas.certPem).toBe(org.nas.certPem)
  })

  it('renews a NAS certificate expiring within 30 days, keeping the CA', async () => {
    const dir = join(root, 'renew')
    const first = await ensureOrgPki(pool, dir, 'demo', ['hq'], { nasId: 'ap1' })
    const short = await issueNasCertificate(pool, {
      caCertPem: first.deviceCa.certPem, caKeyPem: first.deviceCa.keyPem, org: 'demo', site: 'hq', nasId: 'ap1', validDays: 20,
    })
    writeFileSync(first.nas.certPath, short.certPem)
    writeFileSync(first.nas.keyPath, short.keyPem)
    const second = await ensureOrgPki(pool, dir, 'demo', ['hq'], { nasId: 'ap1' })
    expect(second.written.sort()).toEqual(['nas-key.pem', 'nas.pem'])
    expect(second.deviceCa.certPem).toBe(first.deviceCa.certPem)
    expect(Date.parse(new X509Certificate(second.nas.certPem).validTo)).toBeGreaterThan(Date.now() + 800 * 86_400_000)
  })

  it('re-issues everything when the CA file is damaged, and the NAS chains to the new CA', async () => {
    const dir = join(root, 'damaged')
    const first = await ensureOrgPki(pool, dir, 'demo', ['hq'])
    writeFileSync(first.deviceCa.certPath, 'garbage')
    const second = await ensureOrgPki(pool, dir, 'demo', ['hq'])
    expect(second.written.sort()).toEqual(['device-ca-key.pem', 'device-ca.pem', 'nas-key.pem', 'nas.pem'])
    expect(second.nasId).toBe('demo-nas')
    expect(opensslVerify(second.deviceCa.certPem, second.nas.certPem).status).toBe(0)
  })

  it('refuses a non-token org or no site', async () => {
    await expect(ensureOrgPki(pool, join(root, 'x'), 'de mo', ['hq'])).rejects.toThrow(TypeError)
    await expect(ensureOrgPki(pool, join(root, 'x'), 'demo', [])).rejects.toThrow(TypeError)
  })
})

describe('ensureRadsecServerPki', () => {
  it('writes the RadSec CA and the gateway certificate for localhost, keys 0600, reused after', async () => {
    expect(radsec.written.sort()).toEqual(['radsec-ca-key.pem', 'radsec-ca.pem', 'radsec-server-key.pem', 'radsec-server.pem'])
    expect(mode(radsec.ca.keyPath)).toBe(0o600)
    expect(mode(radsec.server.keyPath)).toBe(0o600)
    const text = opensslText(radsec.server.certPem)
    expect(text).toMatch(/Subject Alternative Name:\s+DNS:localhost, IP Address:127.0.0.1, IP Address:0:0:0:0:0:0:0:1/)
    expect(text).toMatch(/Extended Key Usage:\s+TLS Web Server Authentication\s/)
    expect(opensslVerify(radsec.ca.certPem, radsec.server.certPem, 'sslserver').status).toBe(0)
    const again = await ensureRadsecServerPki(pool, join(root, 'cluster'))
    expect(again.written).toEqual([])
  })
})

interface HandshakeResult {
  serverSaw: 'secure' | 'refused'
  identity: ReturnType<typeof nasIdentityFromCertificate>
}

/** A RadSec-like mutual-TLS server with the gateway's files; one client connection. */
async function handshake(client: { certPem: string; keyPem: string }, host = 'localhost'): Promise<HandshakeResult> {
  const server = createServer({
    cert: radsec.server.certPem,
    key: radsec.server.keyPem,
    ca: [org.deviceCa.certPem],
    requestCert: true,
    rejectUnauthorized: true,
  })
  try {
    const outcome = new Promise<HandshakeResult>((resolve) => {
      server.on('secureConnection', (s: TLSSocket) => {
        resolve({ serverSaw: 'secure', identity: nasIdentityFromCertificate(s.getPeerX509Certificate()!) })
        s.end()
      })
      server.on('tlsClientError', () => resolve({ serverSaw: 'refused', identity: undefined }))
    })
    await new Promise<void>((r) => server.listen(0, '127.0.0.1', r))
    const { port } = server.address() as AddressInfo
    const socket = connect({ host: '127.0.0.1', port, servername: host, ca: [radsec.ca.certPem], cert: client.certPem, key: client.keyPem })
    socket.on('error', () => { /* the refused case ends here on the client side */ })
    const result = await outcome
    socket.destroy()
    return result
  } finally {
    await new Promise((r) => server.close(r))
  }
}

describe('mutual TLS with these files', () => {
  it('accepts the org NAS and reads its identity', async () => {
    const r = await handshake(org.nas)
    expect(r).toEqual({ serverSaw: 'secure', identity: { org: 'demo', site: 'hq', nasId: 'ap1' } })
  })

  it('refuses a NAS certificate from another CA', async () => {
    const foreign = await ensureOrgPki(pool, join(root, 'evil'), 'demo', ['hq'], { nasId: 'ap1' })
    expect(foreign.deviceCa.certPem).not.toBe(org.deviceCa.certPem)
    const r = await handshake(foreign.nas)
    expect(r.serverSaw).toBe('refused')
  })

  it('the client refuses the server when it trusts only the device CA', async () => {
    const server = createServer({ cert: radsec.server.certPem, key: radsec.server.keyPem })
    await new Promise<void>((r) => server.listen(0, '127.0.0.1', r))
    try {
      const { port } = server.address() as AddressInfo
      const err = await new Promise<Error>((resolve) => {
        const s = connect({ host: '127.0.0.1', port, servername: 'localhost', ca: [org.deviceCa.certPem] })
        s.on('error', resolve)
        s.on('secureConnect', () => resolve(new Error('unexpected success')))
      })
      expect((err as NodeJS.ErrnoException).code).toBe('UNABLE_TO_VERIFY_LEAF_SIGNATURE')
    } finally {
      await new Promise((r) => server.close(r))
    }
  })
})
