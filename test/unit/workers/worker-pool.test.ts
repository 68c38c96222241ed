// The Piscina pool from TS source (worker loads worker-entry.ts through tsx): a CA and a leaf
// issued via the pool verify with node:crypto and with `openssl verify`; overload is visible.
import { X509Certificate } from 'node:crypto'
import { afterAll, describe, expect, it } from 'vitest'
import { createWorkerPool } from '../../../workers/pool.js'
import { PoolErrorCode, PoolOverloadedError, WorkerTaskError } from '../../../workers/pool-errors.js'
import { opensslVerify } from './openssl.js'

describe('worker pool', () => {
  const pool = createWorkerPool({ threads: 2 })
  afterAll(() => pool.destroy())

  it('issues a CA and a leaf that verify', async () => {
    const ca = await pool.run('createCa', { commonName: 'pool CA', organization: 'demo', validDays: 7 })
    const leaf = await pool.run('issueCertificate', {
      caCertPem: ca.certPem,
      caKeyPem: ca.keyPem,
      subject: { CN: 'gw', O: 'demo' },
      sans: { dns: ['localhost'], ip: ['127.0.0.1'] },
      usage: 'server',
      validDays: 7,
    })
    const caX = new X509Certificate(ca.certPem)
    const leafX = new X509Certificate(leaf.certPem)
    expect(leafX.verify(caX.publicKey)).toBe(true)
    expect(leafX.checkIssued(caX)).toBe(true)
    expect(leafX.subjectAltName).toBe('DNS:localhost, IP Address:127.0.0.1')
    expect(leafX.keyUsage).toEqual(['1.3.6.1.5.5.7.3.1'])
    const r = opensslVerify(ca.certPem, leaf.certPem, 'sslserver')
    expect(r.stderr).toBe('')
    expect(r.status).toBe(0)
    expect(pool.stats.completed).toBeGreaterThanOrEqual(2)
    expect(pool.stats.utilization).toBeGreaterThanOrEqual(0)
  })

  it('a task failure is a WorkerTaskError with the cause', async () => {
    const err = await pool.run('issueCertificate', {
      caCertPem: 'not a pem', caKeyPem: 'x', subject: { CN: 'x' }, sans: {}, usage: 'client', validDays: 1,
    }).catch((e: unknown) => e)
    expect(err).toBeInstanceOf(WorkerTaskError)
    expect((err as WorkerTaskError).code).toBe(PoolErrorCode.taskFailed)
    expect((err as WorkerTaskError).cause).toBeInstanceOf(Error)
  })
})

describe('worker pool overload', () => {
  it('a full queue rejects with NAC_ERR_POOL_OVERLOADED and the rest complete', async () => {
    const pool = createWorkerPool({ threads: 1, maxQueue: 1 })
    try {
      const results = await Promise.allSettled(
        Array.from({ length: 6 }, () => pool.run('createCa', { commonName: 'load', validDays: 1 })),
      )
      const rejected = results.filter((r) => r.status === 'rejected').map((r) => (r as PromiseRejectedResult).reason as unknown)
      expect(rejected.length).toBeGreaterThan(0)
      for (const e of rejected) {
        expect(e).toBeInstanceOf(PoolOverloadedError)
        expect((e as PoolOverloadedError).code).toBe('NAC_ERR_POOL_OVERLOADED')
      }
      expect(results.some((r) => r.status === 'fulfilled')).toBe(true)
    } finally {
      await pool.destroy()
    }
  })
})
