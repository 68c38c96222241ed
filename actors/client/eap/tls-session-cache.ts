// TLS 1.2 session-ID resumption (RFC 5246 §7.4.1.2 and §7.3 "resuming a session"; RFC 5216
// §2.1.2) for supplicants that resume without tickets (Windows, wpa_supplicant with
// tls_disable_session_ticket=1), beside the ticket keys of ticket-keys.ts, and like them shared by
// every actor node: sessions go to a store (ops: KV bucket `tls-sessions`, entries expire after
// the session lifetime), sealed (tls-session-seal.ts). A small bounded memory front answers
// resumptions on the node that made the session without a store round trip.
// node:tls has no server session cache of its own (SSL_SESS_CACHE_NO_INTERNAL): its 'newSession'
// and 'resumeSession' events (Node 20 docs, tls "Event: 'newSession'", "Event: 'resumeSession'"),
// emitted on the `server` option of `new TLSSocket(socket, { isServer: true, server })`
// (lib/_tls_wrap.js loadSession, onnewsession), are the external cache; tls-engine.ts gives each
// socket such a server when the org's SecureContext has a cache installed here.
import type { SecureContext } from 'node:tls'
import { openSession, sealSession, sessionSealKey } from './tls-session-seal.js'

/** Where sealed sessions are shared (ops: JetStream KV). Opaque bytes in and out. */
export interface TlsSessionStore {
  get(org: string, id: Buffer): Promise<Uint8Array | undefined>
  put(org: string, id: Buffer, sealed: Uint8Array): Promise<void>
}

export interface TlsSessionCacheOptions {
  /** Key material the per-org sealing keys derive from (ops: HKDF of the cluster key). */
  master: Buffer
  store: TlsSessionStore
  /** How long a session may be resumed; the store's TTL and the SecureContext's sessionTimeout agree. */
  lifetimeMs: number
  count?(name: string): void
  /** A store lookup slower than this counts as a miss: a full handshake beats a stalled one. */
  lookupTimeoutMs?: number
  /** Sessions larger than this are not cached (a client certificate is in them; 16 KiB is generous). */
  maxSessionBytes?: number
  /** Sessions kept in memory on this node. */
  localEntries?: number
  now?(): number
}

/** RFC 5246 §7.4.1.2: "opaque SessionID<0..32>". */
const MAX_SESSION_ID = 32
const DEFAULT_LOOKUP_TIMEOUT_MS = 250
const DEFAULT_MAX_SESSION_BYTES = 16 * 1024
const DEFAULT_LOCAL_ENTRIES = 4096

interface LocalEntry {
  state: Buffer
  expiresAt: number
}

const installed = new WeakMap<SecureContext, { cache: TlsSessionCache; org: string }>()

/** The cache installed on `ctx` (and for which org), if any. */
export function sessionCacheOf(ctx: SecureContext): { cache: TlsSessionCache; org: string } | undefined {
  return installed.get(ctx)
}

export class TlsSessionCache {
  private readonly local = new Map<string, LocalEntry>()
  private readonly keys = new Map<string, Buffer>()
  private readonly count: (name: string) => void
  private readonly now: () => number

  constructor(private readonly o: TlsSessionCacheOptions) {
    this.count = o.count ?? (() => {})
    this.now = o.now ?? Date.now
  }

  /** Serve session-ID resumption for `org` on every TLS engine built on `ctx`. */
  install(ctx: SecureContext, org: string): void {
    installed.set(ctx, { cache: this, org })
  }

  /** A new TLS 1.2 session (from 'newSession'): kept here, sealed into the store behind the handshake. */
  remember(org: string, id: Buffer, state: Buffer): void {
    if (id.length === 0 || id.length > MAX_SESSION_ID) return this.count('eap.tls.session.bad_id')
    if (state.length > (this.o.maxSessionBytes ?? DEFAULT_MAX_SESSION_BYTES)) return this.count('eap.tls.session.too_large')
    this.keepLocal(org, id, Buffer.from(state))
    const sealed = sealSession(this.keyFor(org), org, id, state)
    this.o.store.put(org, Buffer.from(id), sealed).then(
      () => this.count('eap.tls.session.stored'),
      // Not shared: the session still resumes on this node; elsewhere it is a full handshake.
      () => this.count('eap.tls.session.store_failed'),
    )
  }

  /** The session of `id` (from 'resumeSession'), or undefined: never throws, never waits past the timeout. */
  async recall(org: string, id: Buffer): Promise<Buffer | undefined> {
    if (id.length === 0 || id.length > MAX_SESSION_ID) {
      this.count('eap.tls.session.bad_id')
      return undefined
    }
    const k = localKey(org, id)
    const hit = this.local.get(k)
    if (hit !== undefined && hit.expiresAt > this.now()) {
      this.count('eap.tls.session.hit_local')
      return hit.state
    }
    if (hit !== undefined) this.dropLocal(k, hit)
    const sealed = await this.fetch(org, id)
    if (sealed === 'failed') return undefined
    if (sealed === undefined) {
      this.count('eap.tls.session.miss')
      return undefined
    }
    const state = openSession(this.keyFor(org), org, id, sealed)
    if (state === undefined) {
      // Forged, corrupted, or sealed under another cluster key: a full handshake.
      this.count('eap.tls.session.unseal_failed')
      return undefined
    }
    this.count('eap.tls.session.hit_store')
    // OpenSSL checks the session's own time and timeout again when it loads it.
    this.keepLocal(org, id, state)
    return state
  }

  /** Sessions in memory now. */
  get localSize(): number {
    return this.local.size
  }

  private async fetch(org: string, id: Buffer): Promise<Uint8Array | undefined | 'failed'> {
    let timer: NodeJS.Timeout | undefined
    const timeout = new Promise<'failed'>((resolve) => {
      timer = setTimeout(() => {
        this.count('eap.tls.session.lookup_timeout')
        resolve('failed')
      }, this.o.lookupTimeoutMs ?? DEFAULT_LOOKUP_TIMEOUT_MS)
    })
    const lookup = this.o.store.get(org, id).catch(() => {
      this.count('eap.tls.session.lookup_failed')
      return 'failed' as const
    })
    try {
      return await Promise.race([lookup, timeout])
    } finally {
      clearTimeout(timer)
    }
  }

  private keepLocal(org: string, id: Buffer, state: Buffer): void {
    const k = localKey(org, id)
    const old = this.local.get(k)
    if (old !== undefined) this.dropLocal(k, old)
    this.local.set(k, { state, expiresAt: this.now() + this.o.lifetimeMs })
    const max = this.o.localEntries ?? DEFAULT_LOCAL_ENTRIES
    // Map iteration is insertion order: the first entries are the oldest.
    for (const [key, e] of this.local) {
      if (this.local.size <= max) break
      this.dropLocal(key, e)
    }
  }

  private dropLocal(k: string, e: LocalEntry): void {
    this.local.delete(k)
    e.state.fill(0)
  }

  private keyFor(org: string): Buffer {
    let key = this.keys.get(org)
    if (key === undefined) {
      key = sessionSealKey(this.o.master, org)
      this.keys.set(org, key)
    }
    return key
  }
}

function localKey(org: string, id: Buffer): string {
  return `${org}\0${id.toString('latin1')}`
}
