// CRLs per (distribution point URL, issuing CA), fetched over HTTP, verified in the worker pool
// (task verifyCrl, RFC 5280 §6.3.3), kept in memory as a serial index, and refreshed in the
// background at nextUpdate (or sooner, every maxRefreshIntervalMs, with a conditional GET) so a
// newly published CRL takes effect without a restart. A CRL past nextUpdate + grace is not used
// (RFC 5280 §6.3.3(a)(1)): the status it would give is unknown.
import { createHash } from 'node:crypto'
import type { WorkerPool } from '../../workers/pool.js'
import { crlFreshness, type CrlEntry, type FreshnessPolicy, type VerifiedCrl } from '../../workers/tasks/cert-validation/index.js'
import { fetchBytes } from './fetch-bytes.js'
import { RevocationCounter } from './revocation-counters.js'

export interface CrlCacheTuning {
  /** Download timeout for one CRL. */
  timeoutMs: number
  /** Largest CRL accepted. */
  maxBytes: number
  /** Tolerance after nextUpdate before a CRL counts as stale. */
  graceMs: number
  /** Refresh at least this often, even before nextUpdate (conditional GET, so cheap). */
  maxRefreshIntervalMs: number
  /** Retry delay after a failed download or an invalid CRL. */
  retryMs: number
  /** A CRL without nextUpdate is used for this long after thisUpdate. */
  maxAgeWithoutNextUpdateMs: number
  clockSkewMs: number
  /** An entry nobody asked for this long is dropped and its refresh stopped. */
  idleEvictMs: number
}

export const DEFAULT_CRL_TUNING: CrlCacheTuning = {
  timeoutMs: 5_000,
  maxBytes: 10 * 1024 * 1024,
  graceMs: 3_600_000,
  maxRefreshIntervalMs: 3_600_000,
  retryMs: 60_000,
  maxAgeWithoutNextUpdateMs: 86_400_000,
  clockSkewMs: 300_000,
  idleEvictMs: 7 * 86_400_000,
}

/** A verified CRL as used for lookups. */
export interface CrlView {
  scope: VerifiedCrl['scope']
  thisUpdateMs: number
  nextUpdateMs: number | undefined
  /** The entry for a serial (upper-case hex), or undefined when not listed. */
  lookup(serial: string): CrlEntry | undefined
}

interface Entry {
  url: string
  issuerDer: Uint8Array
  crl: (CrlView & { revoked: Map<string, CrlEntry> }) | undefined
  etag: string | undefined
  lastModified: string | undefined
  inflight: Promise<void> | undefined
  timer: NodeJS.Timeout | undefined
  lastUsedMs: number
}

export interface CrlCacheDeps {
  pool: Pick<WorkerPool, 'run'>
  now: () => number
  count: (name: string) => void
  tuning: CrlCacheTuning
}

export class CrlCache {
  private readonly entries = new Map<string, Entry>()
  private closed = false

  constructor(private readonly deps: CrlCacheDeps) {}

  /**
   * The current CRL at `url` for the CA `issuerDer`, downloading it if needed; undefined when no
   * current, verified CRL from that CA is available there.
   */
  async get(url: string, issuerDer: Uint8Array): Promise<CrlView | undefined> {
    const key = `${createHash('sha256').update(issuerDer).digest('hex')} ${url}`
    let entry = this.entries.get(key)
    if (entry === undefined) {
      entry = { url, issuerDer, crl: undefined, etag: undefined, lastModified: undefined, inflight: undefined, timer: undefined, lastUsedMs: 0 }
      this.entries.set(key, entry)
    }
    entry.lastUsedMs = this.deps.now()
    if (!this.isCurrent(entry)) {
      await this.refresh(key, entry)
      if (!this.isCurrent(entry)) {
        if (entry.crl !== undefined) this.deps.count(RevocationCounter.crlStale)
        return undefined
      }
    }
    return entry.crl
  }

  /** Stop every background refresh. */
  close(): void {
    this.closed = true
    for (const e of this.entries.values()) clearTimeout(e.timer)
    this.entries.clear()
  }

  private policy(): FreshnessPolicy {
    const t = this.deps.tuning
    return { graceMs: t.graceMs, maxAgeWithoutNextUpdateMs: t.maxAgeWithoutNextUpdateMs, clockSkewMs: t.clockSkewMs }
  }

  private isCurrent(entry: Entry): boolean {
    return entry.crl !== undefined && crlFreshness(entry.crl, this.deps.now(), this.policy()) === 'current'
  }

  /** One download at a time per entry; concurrent callers wait for the same one. */
  private refresh(key: string, entry: Entry): Promise<void> {
    entry.inflight ??= this.download(entry).finally(() => {
      entry.inflight = undefined
      this.schedule(key, entry)
    })
    return entry.inflight
  }

  private async download(entry: Entry): Promise<void> {
    const t = this.deps.tuning
    const res = await fetchBytes(entry.url, {
      method: 'GET', accept: 'application/pkix-crl', timeoutMs: t.timeoutMs, maxBytes: t.maxBytes,
      ...(entry.crl === undefined ? {} : { etag: entry.etag, lastModified: entry.lastModified }),
    })
    if (!res.ok) { this.deps.count(RevocationCounter.crlFetchFailed); return }
    if (res.notModified) { this.deps.count(RevocationCounter.crlNotModified); return }
    const verified = await this.deps.pool.run('verifyCrl', { crlDer: res.bytes, issuerDer: entry.issuerDer })
    if (!verified.ok) { this.deps.count(RevocationCounter.crlInvalid); return }
    // RFC 5280 §5.2.3: CRL numbers increase; an older CRL served again (a stale mirror) is ignored.
    if (entry.crl !== undefined && verified.thisUpdateMs < entry.crl.thisUpdateMs) { this.deps.count(RevocationCounter.crlOlderIgnored); return }
    const revoked = new Map(verified.entries.map((e) => [e.serial, e]))
    entry.crl = {
      scope: verified.scope, thisUpdateMs: verified.thisUpdateMs, nextUpdateMs: verified.nextUpdateMs, revoked,
      lookup: (serial) => revoked.get(serial),
    }
    entry.etag = res.etag
    entry.lastModified = res.lastModified
    this.deps.count(RevocationCounter.crlFetched)
  }

  private schedule(key: string, entry: Entry): void {
    clearTimeout(entry.timer)
    if (this.closed) return
    const t = this.deps.tuning
    const now = this.deps.now()
    if (now - entry.lastUsedMs > t.idleEvictMs) { this.entries.delete(key); return }
    let delay = t.retryMs
    if (this.isCurrent(entry) && entry.crl !== undefined) {
      const next = entry.crl.nextUpdateMs ?? entry.crl.thisUpdateMs + t.maxAgeWithoutNextUpdateMs
      delay = Math.min(Math.max(next - now, 1_000), t.maxRefreshIntervalMs)
    }
    entry.timer = setTimeout(() => { void this.refresh(key, entry) }, delay)
    entry.timer.unref()
  }
}
