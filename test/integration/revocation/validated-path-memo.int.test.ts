// Validated paths remembered by the PoolCertificateValidator (ops/revocation/validated-path-memo.ts)
// in front of the real worker pool: a chain seen before is accepted again without a pool task, with
// the same attributes; each certificate's validity is checked again at every use, so a remembered
// path past its leaf's notAfter goes back to the task, which refuses it as expired; a refusal is
// never remembered; other trusted CAs or another presented chain are another key.
import { X509Certificate } from 'node:crypto'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { PoolCertificateValidator, type OrgCertificateSettings } from '../../../ops/revocation/index.js'
import { createWorkerPool, type WorkerPool } from '../../../workers/pool.js'
import { asn1Time, clientExt, OpensslPki, type Issued } from '../../unit/cert-validation/openssl-ca.js'

let pki: OpensslPki
let pool: WorkerPool
let other: OpensslPki
let good: Issued
let soon: Issued
let tasks = 0
let nowMs = Date.now()
const counts = new Map<string, number>()
let trusted: string[] = []

function settings(): OrgCertificateSettings {
  return { trustedCasPem: trusted, crl: { enabled: false, configuredUrls: [] }, ocsp: { enabled: false, failMode: 'soft', timeoutMs: 1000 } }
}

let validator: PoolCertificateValidator
const validate = (leaf: Issued, withIssuing = true): ReturnType<PoolCertificateValidator['validate']> =>
  validator.validate({ org: 'o', chainDer: withIssuing ? [leaf.der, pki.issuing.der] : [leaf.der], purpose: 'clientAuth' })

beforeAll(() => {
  pki = new OpensslPki('nac-path-memo-')
  other = new OpensslPki('nac-path-memo-other-')
  good = pki.issue('good', '/O=Test Org/CN=good', clientExt())
  soon = pki.issue('soon', '/O=Test Org/CN=soon', clientExt(), { end: asn1Time(new Date(Date.now() + 3_600_000)) })
  pool = createWorkerPool({ threads: 1 })
  const counted: Pick<WorkerPool, 'run'> = { run: ((name: never, input: never) => { tasks++; return pool.run(name, input) }) as WorkerPool['run'] }
  validator = new PoolCertificateValidator({ pool: counted, settings: () => settings(), now: () => nowMs, count: (n) => counts.set(n, (counts.get(n) ?? 0) + 1) })
})

afterAll(async () => {
  validator?.close()
  await pool?.destroy()
  pki?.dispose()
  other?.dispose()
})

describe('validated paths remembered in front of the pool', () => {
  it('the same chain again: accepted without a pool task, same attributes', async () => {
    trusted = [pki.root.pem]
    tasks = 0
    const first = await validate(good)
    expect(first.ok).toBe(true)
    expect(tasks).toBe(1)
    const again = await validate(good)
    expect(again).toEqual(first)
    expect(tasks).toBe(1)
    expect(counts.get('cert_validation.path_memo_hit')).toBe(1)
    // Another presented chain (the leaf alone) is another key: the task runs.
    const leafOnly = await validate(good, false)
    expect(tasks).toBe(2)
    expect(leafOnly.ok).toBe(false)
  })

  it('validity is checked again at each use: past the leaf\'s notAfter the task runs and refuses it as expired', async () => {
    trusted = [pki.root.pem]
    tasks = 0
    nowMs = Date.now()
    expect((await validate(soon)).ok).toBe(true)
    expect((await validate(soon)).ok).toBe(true)
    expect(tasks).toBe(1)
    nowMs = new Date(new X509Certificate(soon.pem).validTo).getTime() + 1000
    const late = await validate(soon)
    expect(late.ok).toBe(false)
    expect(late.ok ? '' : late.reason).toBe('EXPIRED')
    expect(tasks).toBe(2)
    nowMs = Date.now()
  })

  it('a refusal is not remembered, and other trusted CAs are another key', async () => {
    trusted = [other.root.pem]
    tasks = 0
    const refused = await validate(good)
    expect(refused.ok ? '' : refused.reason).toBe('UNKNOWN_CA')
    await validate(good)
    expect(tasks).toBe(2)
    // Trusting the right CA again: a key remembered earlier with exactly these CAs answers at once.
    trusted = [pki.root.pem]
    expect((await validate(good)).ok).toBe(true)
    expect(tasks).toBe(2)
    // The same CAs plus another: a new key, the task runs.
    trusted = [pki.root.pem, other.root.pem]
    expect((await validate(good)).ok).toBe(true)
    expect(tasks).toBe(3)
  })
})
