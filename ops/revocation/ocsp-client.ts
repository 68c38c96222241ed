// OCSP over HTTP (RFC 6960 Appendix A.1: POST, Content-Type application/ocsp-request): request
// built and response verified in the worker pool, a fresh nonce per request (RFC 8954), answers
// cached per (issuer, serial, responder) until their nextUpdate (or a maximum age), failures
// remembered briefly so a dead responder costs one timeout, not one per authentication.
import { createHash, randomBytes } from 'node:crypto'
import type { WorkerPool } from '../../workers/pool.js'
import type { OcspCertStatus } from '../../workers/tasks/cert-validation/index.js'
import { fetchBytes } from './fetch-bytes.js'
import { RevocationCounter } from './revocation-counters.js'

export interface OcspTuning {
  /** Largest response accepted. */
  maxBytes: number
  /** Cache lifetime of a response without nextUpdate, and the age limit of its thisUpdate. */
  maxAgeMs: number
  /** Cache lifetime cap, even when nextUpdate is later. */
  maxCacheMs: number
  /** How long a failed exchange is remembered. */
  failureBackoffMs: number
  clockSkewMs: number
  /** Most cached answers. */
  maxEntries: number
}

export const DEFAULT_OCSP_TUNING: OcspTuning = {
  maxBytes: 1024 * 1024,
  maxAgeMs: 300_000,
  maxCacheMs: 86_400_000,
  failureBackoffMs: 10_000,
  clockSkewMs: 300_000,
  maxEntries: 100_000,
}

export type OcspAnswer =
  | { status: OcspCertStatus; revokedAtMs: number | undefined; reason: string | undefined }
  | { status: 'failed'; message: string }

interface Cached { answer: OcspAnswer; untilMs: number }

export interface OcspClientDeps {
  pool: Pick<WorkerPool, 'run'>
  now: () => number
  count: (name: string) => void
  tuning: OcspTuning
}

export class OcspClient {
  private readonly cache = new Map<string, Cached>()
  private readonly inflight = new Map<string, Promise<Cached>>()

  constructor(private readonly deps: OcspClientDeps) {}

  /** The status of `certDer` (serial `serial`) issued by `issuerDer`, from the responder at `url`. */
  async status(url: string, certDer: Uint8Array, serial: string, issuerDer: Uint8Array, timeoutMs: number): Promise<OcspAnswer> {
    const key = `${createHash('sha256').update(issuerDer).digest('hex')} ${serial} ${url}`
    const hit = this.cache.get(key)
    if (hit !== undefined && hit.untilMs > this.deps.now()) { this.deps.count(RevocationCounter.ocspCacheHit); return hit.answer }
    let p = this.inflight.get(key)
    if (p === undefined) {
      p = this.ask(url, certDer, issuerDer, timeoutMs)
        .then((cached) => { this.remember(key, cached); return cached })
        .finally(() => this.inflight.delete(key))
      this.inflight.set(key, p)
    }
    return (await p).answer
  }

  private failed(message: string): Cached {
    return { answer: { status: 'failed', message }, untilMs: this.deps.now() + this.deps.tuning.failureBackoffMs }
  }

  private async ask(url: string, certDer: Uint8Array, issuerDer: Uint8Array, timeoutMs: number): Promise<Cached> {
    const { pool, count, tuning } = this.deps
    const nonce = new Uint8Array(randomBytes(16))
    const req = await pool.run('buildOcspRequest', { certDer, issuerDer, nonce })
    if (!req.ok) { count(RevocationCounter.ocspInvalid); return this.failed(req.message) }
    const res = await fetchBytes(url, {
      method: 'POST', body: req.requestDer, contentType: 'application/ocsp-request', accept: 'application/ocsp-response',
      timeoutMs, maxBytes: tuning.maxBytes,
    })
    if (!res.ok) { count(RevocationCounter.ocspFailed); return this.failed(`${res.reason}: ${res.message}`) }
    if (res.notModified) { count(RevocationCounter.ocspFailed); return this.failed('unexpected 304') }
    const v = await pool.run('verifyOcspResponse', {
      responseDer: res.bytes, certDer, issuerDer, nonce, atMs: this.deps.now(), clockSkewMs: tuning.clockSkewMs, maxAgeMs: tuning.maxAgeMs,
    })
    if (!v.ok) { count(RevocationCounter.ocspInvalid); return this.failed(v.message) }
    count(v.status === 'good' ? RevocationCounter.ocspGood : v.status === 'revoked' ? RevocationCounter.ocspRevoked : RevocationCounter.ocspUnknown)
    // RFC 6960 §4.2.2.1: nextUpdate is when "newer information will be available"; without it,
    // the answer is kept for maxAgeMs after thisUpdate. Never beyond maxCacheMs.
    const untilMs = Math.min(v.nextUpdateMs ?? v.thisUpdateMs + tuning.maxAgeMs, this.deps.now() + tuning.maxCacheMs)
    return { answer: { status: v.status, revokedAtMs: v.revokedAtMs, reason: v.revocationReason }, untilMs }
  }

  private remember(key: string, cached: Cached): void {
    if (this.cache.size >= this.deps.tuning.maxEntries) this.cache.delete(this.cache.keys().next().value ?? '')
    this.cache.set(key, cached)
  }
}
