// Placement mechanism: shard leases in the JetStream KV bucket `placement`, node heartbeats,
// failure detection on the observer's monotonic clock, self-fencing, takeover and rebalancing.
// Which node should own a shard is the strategy's call (rendezvous.ts); this file only makes
// ownership safe: every ownership change is a revision-checked write (first writer wins).
//
// Safety argument (why two nodes never serve one shard at once):
//  - Node X serves its shards only while now < S + (leaseTtl - fenceMargin), where S is the
//    monotonic START time of X's last successful heartbeat write (armFence, holds()).
//  - An observer Y judges X dead only when X's node key has not changed for leaseTtl on Y's
//    own monotonic clock, counted from the moment Y saw the last change (#observeNode). Y sees a
//    write only after it was committed, and it was committed after X started it: Y's deadline
//    starts no earlier than S, so Y's takeover happens at S + leaseTtl or later.
//  - Before taking over, Y reads X's node key directly (#ownerDead): a watch that lags cannot make
//    a live X look dead, since any newer heartbeat shows as a different revision.
//  - X stops at S + leaseTtl - fenceMargin, Y starts at S + leaseTtl or later: the fence margin
//    (default 1 s) absorbs timer lateness and the time X needs to stop serving.
// Wall clocks are never compared; `at` and `startedAt` are for people and logs only.
import { randomBytes } from 'node:crypto'
import type { NatsConnection, QueuedIterator } from '@nats-io/transport-node'
import type { KV, KvWatchEntry } from '@nats-io/kv'
import { Buckets, nodeKey, shardLeaseKey } from '../../proto/wire/subjects.js'
import { ensureBucket } from './nats-connect.js'
import { isWrongLastSequence } from './kv-state-store.js'
import { desiredOwner } from './rendezvous.js'

/** Why a shard stops being served: `fence` and `lost` mean the lease may already be someone else's. */
export const RevokeReasons = {
  REBALANCE: 'rebalance',
  FENCE: 'fence',
  LOST: 'lost',
  STOP: 'stop',
} as const
export type RevokeReason = (typeof RevokeReasons)[keyof typeof RevokeReasons]

/** The pino-compatible subset the runtime logs through. */
export interface RuntimeLog {
  debug(o: object, m?: string): void
  info(o: object, m?: string): void
  warn(o: object, m?: string): void
  error(o: object, m?: string): void
}

/** Value of key `node.<id>`. */
export interface NodeRecord { nodeId: string; epoch: string; startedAt: number; seq: number; leaving?: boolean }
/** Value of key `shard.<n>`. */
export interface LeaseRecord { owner: string | null; epoch: string; at: number }

export type PlacementStrategy = (shard: number, liveNodeIds: readonly string[]) => string

export interface ShardLeaserOptions {
  nc: NatsConnection
  nodeId: string
  shardCount: number
  heartbeatMs?: number
  leaseTtlMs?: number
  fenceMarginMs?: number
  /** KV bucket (default Buckets.placement); created with history 64 when missing. */
  bucket?: string
  strategy?: PlacementStrategy
  /** Start serving `shard`; called after the lease was written. */
  onAcquire(shard: number): void | Promise<void>
  /**
   * Stop serving `shard`. Must stop accepting messages before its first await (a fence calls it
   * for every shard at once); the promise resolves when the shard may be released.
   */
  onRevoke(shard: number, reason: RevokeReason): Promise<void>
  log: RuntimeLog
}

interface NodeView { epoch: string; startedAt: number; revision: number; changedAt: number; epochSince: number; leaving: boolean }
interface LeaseView { owner: string | null; epoch: string; revision: number; exists: boolean }

const enc = new TextEncoder()
const dec = new TextDecoder()
const encodeJson = (v: NodeRecord | LeaseRecord): Uint8Array => enc.encode(JSON.stringify(v))

function parseNode(data: Uint8Array): NodeRecord | undefined {
  try {
    const v = JSON.parse(dec.decode(data)) as Partial<NodeRecord>
    return typeof v.nodeId === 'string' && typeof v.epoch === 'string' && typeof v.startedAt === 'number' && typeof v.seq === 'number'
      ? { nodeId: v.nodeId, epoch: v.epoch, startedAt: v.startedAt, seq: v.seq, leaving: v.leaving === true }
      : undefined
  } catch {
    return undefined
  }
}

function parseLease(data: Uint8Array): LeaseRecord | undefined {
  try {
    const v = JSON.parse(dec.decode(data)) as Partial<LeaseRecord>
    return (typeof v.owner === 'string' || v.owner === null) && typeof v.epoch === 'string'
      ? { owner: v.owner, epoch: v.epoch, at: typeof v.at === 'number' ? v.at : 0 }
      : undefined
  } catch {
    return undefined
  }
}

const START_WATCH_TIMEOUT_MS = 10_000

type LeaserState = 'new' | 'starting' | 'running' | 'stopping' | 'stopped'

/** Holds this node's shard leases: heartbeats, watches the bucket, acquires, releases, fences. */
export class ShardLeaser {
  readonly nodeId: string
  /** Random per start: tells this incarnation's leases from those of an earlier one with the same id. */
  readonly epoch: string
  readonly shardCount: number
  readonly heartbeatMs: number
  readonly leaseTtlMs: number
  readonly fenceMarginMs: number
  readonly #opts: ShardLeaserOptions
  readonly #strategy: PlacementStrategy
  readonly #nodes = new Map<string, NodeView>()
  readonly #leases = new Map<number, LeaseView>()
  readonly #serving = new Set<number>()
  #kv: KV | undefined
  #state: LeaserState = 'new'
  #startedAt = 0
  #hbRevision = 0
  #hbSeq = 0
  #lastHbStart = Number.NEGATIVE_INFINITY
  #fenced = true
  #superseded = false
  #leaving = false
  #hbTimer: NodeJS.Timeout | undefined
  #hbInFlight: Promise<void> | undefined
  #fenceTimer: NodeJS.Timeout | undefined
  #watch: QueuedIterator<KvWatchEntry> | undefined
  #watchDone: Promise<void> | undefined
  #maxSeenRevision = 0
  #seenWaiters: Array<{ revision: number; resolve(): void }> = []
  #reconciling: Promise<void> | undefined
  #reconcileAgain = false
  #reconcileQueued = false
  #stopping: Promise<void> | undefined

  constructor(opts: ShardLeaserOptions) {
    this.#opts = opts
    this.nodeId = opts.nodeId
    this.epoch = randomBytes(8).toString('hex')
    this.shardCount = opts.shardCount
    this.heartbeatMs = opts.heartbeatMs ?? 1000
    this.leaseTtlMs = opts.leaseTtlMs ?? 4000
    this.fenceMarginMs = opts.fenceMarginMs ?? 1000
    this.#strategy = opts.strategy ?? desiredOwner
    if (this.fenceMarginMs <= 0 || this.fenceMarginMs >= this.leaseTtlMs) throw new RangeError('fenceMarginMs must be in (0, leaseTtlMs)')
    if (this.heartbeatMs >= this.leaseTtlMs - this.fenceMarginMs) throw new RangeError('heartbeatMs must be below leaseTtlMs - fenceMarginMs')
  }

  /** Shards this node serves now, ascending. */
  ownedShards(): number[] {
    return [...this.#serving].sort((a, b) => a - b)
  }

  /** True while this node may serve `shard`: it holds the lease and its heartbeat is fresh. */
  holds(shard: number): boolean {
    return this.#serving.has(shard) && this.leaseValid()
  }

  /** True while this node's own heartbeat is fresh enough to serve (checked per message, not only by timer). */
  leaseValid(): boolean {
    return !this.#fenced && performance.now() < this.#fenceDeadline()
  }

  get fenced(): boolean { return this.#fenced }

  /** Node ids this node counts as live and placeable (itself included unless fenced), for the strategy. */
  liveNodes(now = performance.now()): string[] {
    const live: string[] = []
    for (const [id, v] of this.#nodes) {
      if (id !== this.nodeId && !v.leaving && now - v.changedAt < this.leaseTtlMs) live.push(id)
    }
    if (!this.#fenced && !this.#leaving) live.push(this.nodeId)
    return live.sort()
  }

  /** Creates the bucket if needed, writes the first heartbeat, reads the placement, starts leasing. */
  async start(): Promise<void> {
    if (this.#state !== 'new') throw new Error('ShardLeaser.start: already started')
    this.#state = 'starting'
    this.#startedAt = Date.now()
    const kv = await ensureBucket(this.#opts.nc, this.#opts.bucket ?? Buckets.placement, { history: 64, replicas: 1 })
    this.#kv = kv
    await this.#heartbeat()
    if (this.#hbRevision === 0) throw new Error(`ShardLeaser.start: first heartbeat of ${this.nodeId} failed`)
    const firstRevision = this.#hbRevision
    this.#watch = await kv.watch({ key: '>' })
    this.#watchDone = this.#consume(this.#watch)
    // The watch replays last values in stream order: once our own heartbeat is through, every key
    // written before it has been seen, and decisions rest on a complete picture.
    let timer: NodeJS.Timeout | undefined
    try {
      await Promise.race([
        new Promise<void>((resolve) => this.#waitSeen(firstRevision, resolve)),
        new Promise<never>((_, reject) => {
          timer = setTimeout(() => reject(new Error(`ShardLeaser.start: placement watch of ${this.nodeId} did not catch up`)), START_WATCH_TIMEOUT_MS)
        }),
      ])
    } catch (err) {
      clearTimeout(this.#fenceTimer)
      this.#watch.stop()
      this.#state = 'stopped'
      throw err
    } finally {
      clearTimeout(timer)
    }
    this.#state = 'running'
    this.#scheduleHeartbeat(this.heartbeatMs)
    this.#scheduleReconcile()
  }

  /**
   * Graceful leave: marks the node leaving, stops serving every shard (awaited), releases each
   * lease (owner null, revision-checked), then deletes `node.<id>`.
   */
  stop(): Promise<void> {
    this.#stopping ??= this.#stop()
    return this.#stopping
  }

  async #stop(): Promise<void> {
    if (this.#state === 'new') { this.#state = 'stopped'; return }
    this.#state = 'stopping'
    this.#leaving = true
    await this.#reconciling
    await this.#hbInFlight
    await this.#heartbeat() // publishes `leaving`, so others stop placing shards here
    await Promise.all([...this.#serving].map((s) => this.#revoke(s, RevokeReasons.STOP)))
    await Promise.all([...this.#leases].filter(([, l]) => this.#isMine(l)).map(([s]) => this.#release(s)))
    clearTimeout(this.#hbTimer)
    await this.#hbInFlight
    clearTimeout(this.#fenceTimer)
    this.#fenced = true
    if (this.#kv !== undefined && !this.#superseded && this.#hbRevision > 0) {
      try {
        await this.#kv.delete(nodeKey(this.nodeId), { previousSeq: this.#hbRevision })
      } catch (err) {
        this.#opts.log.warn({ nodeId: this.nodeId, err }, 'placement: node key not deleted')
      }
    }
    this.#watch?.stop()
    await this.#watchDone
    this.#state = 'stopped'
    this.#opts.log.info({ nodeId: this.nodeId }, 'placement: left')
  }

  #fenceDeadline(): number {
    return this.#lastHbStart + this.leaseTtlMs - this.fenceMarginMs
  }

  #isMine(l: LeaseView | undefined): boolean {
    return l !== undefined && l.exists && l.owner === this.nodeId && l.epoch === this.epoch
  }

  // --- heartbeat and fencing ---

  #scheduleHeartbeat(delay: number): void {
    this.#hbTimer = setTimeout(() => {
      const t0 = performance.now()
      this.#hbInFlight = this.#heartbeat().finally(() => { this.#hbInFlight = undefined })
      void this.#hbInFlight.then(() => {
        if (this.#state !== 'running' || this.#superseded) return
        this.#scheduleHeartbeat(Math.max(0, this.heartbeatMs - (performance.now() - t0)))
        this.#scheduleReconcile()
      })
    }, delay)
  }

  async #heartbeat(): Promise<void> {
    const kv = this.#kv
    if (kv === undefined || this.#superseded) return
    const start = performance.now()
    if (start >= this.#fenceDeadline()) this.#fence('heartbeat stale')
    const rec: NodeRecord = { nodeId: this.nodeId, epoch: this.epoch, startedAt: this.#startedAt, seq: ++this.#hbSeq }
    if (this.#leaving) rec.leaving = true
    const data = encodeJson(rec)
    const key = nodeKey(this.nodeId)
    try {
      this.#hbRevision = this.#hbRevision === 0
        ? await this.#createNodeKey(kv, key, data)
        : await kv.update(key, data, this.#hbRevision, Math.max(this.heartbeatMs, 500))
      this.#lastHbStart = Math.max(this.#lastHbStart, start)
      this.#armFence()
      if (this.#fenced && (this.#state === 'running' || this.#state === 'starting')) {
        this.#fenced = false
        if (this.#state === 'running') this.#opts.log.info({ nodeId: this.nodeId }, 'placement: heartbeat restored')
      }
    } catch (err) {
      if (isWrongLastSequence(err)) await this.#recoverNodeKey(kv, key)
      else this.#opts.log.warn({ nodeId: this.nodeId, err }, 'placement: heartbeat failed')
    }
  }

  async #createNodeKey(kv: KV, key: string, data: Uint8Array): Promise<number> {
    try {
      return await kv.create(key, data)
    } catch (err) {
      if (!isWrongLastSequence(err)) throw err
      // A key left by an earlier incarnation with our id: take it over against its revision.
      const e = await kv.get(key)
      if (e === null) throw err
      return kv.update(key, data, e.revision)
    }
  }

  /** Our revision-checked heartbeat lost: either an earlier write of ours landed late, or another process uses our id. */
  async #recoverNodeKey(kv: KV, key: string): Promise<void> {
    try {
      const e = await kv.get(key)
      if (e === null || e.operation !== 'PUT') { this.#hbRevision = 0; return }
      const other = parseNode(e.value)
      if (other === undefined || other.epoch === this.epoch) { this.#hbRevision = e.revision; return }
      const newer = other.startedAt > this.#startedAt || (other.startedAt === this.#startedAt && other.epoch > this.epoch)
      if (newer) {
        this.#superseded = true
        this.#opts.log.error({ nodeId: this.nodeId, epoch: this.epoch, other: other.epoch }, 'placement: a newer process took our node id; fencing for good')
        this.#fence('superseded')
      } else {
        this.#hbRevision = e.revision
      }
    } catch (err) {
      this.#opts.log.warn({ nodeId: this.nodeId, err }, 'placement: heartbeat recovery failed')
    }
  }

  #armFence(): void {
    clearTimeout(this.#fenceTimer)
    this.#fenceTimer = setTimeout(() => {
      if (performance.now() >= this.#fenceDeadline()) this.#fence('heartbeat stale')
      else this.#armFence()
    }, Math.max(0, this.#fenceDeadline() - performance.now()))
  }

  /** Stops serving every shard now. The leases stay written: others take them once we look dead. */
  #fence(why: string): void {
    if (this.#fenced) return
    this.#fenced = true
    this.#opts.log.warn({ nodeId: this.nodeId, why, shards: this.#serving.size }, 'placement: fenced')
    for (const s of [...this.#serving]) void this.#revoke(s, RevokeReasons.FENCE)
  }

  // --- watching the bucket ---

  async #consume(w: QueuedIterator<KvWatchEntry>): Promise<void> {
    try {
      for await (const e of w) this.#onEntry(e)
    } catch (err) {
      if (this.#state === 'running') this.#opts.log.warn({ nodeId: this.nodeId, err }, 'placement: watch ended')
    }
  }

  #waitSeen(revision: number, resolve: () => void): void {
    if (this.#maxSeenRevision >= revision) resolve()
    else this.#seenWaiters.push({ revision, resolve })
  }

  #onEntry(e: KvWatchEntry): void {
    const now = performance.now()
    if (e.key.startsWith('node.')) {
      const id = e.key.slice('node.'.length)
      if (e.operation !== 'PUT') {
        if (this.#nodes.delete(id)) this.#scheduleReconcile()
      } else {
        const rec = parseNode(e.value)
        if (rec === undefined) this.#opts.log.warn({ key: e.key }, 'placement: unreadable node record')
        else this.#observeNode(id, rec, e.revision, now)
      }
    } else if (e.key.startsWith('shard.')) {
      const shard = Number(e.key.slice('shard.'.length))
      if (Number.isInteger(shard) && shard >= 0 && shard < this.shardCount) {
        const rec = e.operation === 'PUT' ? parseLease(e.value) : undefined
        this.#setLease(shard, rec === undefined
          ? { owner: null, epoch: '', revision: e.revision, exists: e.operation === 'PUT' }
          : { owner: rec.owner, epoch: rec.epoch, revision: e.revision, exists: true })
        this.#scheduleReconcile()
      }
    }
    if (e.revision > this.#maxSeenRevision) {
      this.#maxSeenRevision = e.revision
      const ready = this.#seenWaiters.filter((w) => w.revision <= e.revision)
      this.#seenWaiters = this.#seenWaiters.filter((w) => w.revision > e.revision)
      for (const w of ready) w.resolve()
    }
  }

  /** A node key seen at `revision`: a change restarts that node's lease clock, on OUR clock. */
  #observeNode(id: string, rec: NodeRecord, revision: number, now: number): void {
    const v = this.#nodes.get(id)
    if (v === undefined) {
      this.#nodes.set(id, { epoch: rec.epoch, startedAt: rec.startedAt, revision, changedAt: now, epochSince: now, leaving: rec.leaving === true })
      this.#scheduleReconcile()
      return
    }
    if (revision <= v.revision) return
    v.revision = revision
    v.changedAt = now
    if (v.epoch !== rec.epoch) {
      v.epoch = rec.epoch
      v.startedAt = rec.startedAt
      v.epochSince = now
    }
    if (v.leaving !== (rec.leaving === true)) {
      v.leaving = rec.leaving === true
      this.#scheduleReconcile()
    }
  }

  #setLease(shard: number, l: LeaseView): void {
    const prev = this.#leases.get(shard)
    if (prev === undefined || l.revision > prev.revision) this.#leases.set(shard, l)
  }

  async #refreshLease(shard: number): Promise<void> {
    const e = await this.#kv?.get(shardLeaseKey(shard))
    if (e === undefined || e === null) return
    const rec = e.operation === 'PUT' ? parseLease(e.value) : undefined
    this.#setLease(shard, rec === undefined
      ? { owner: null, epoch: '', revision: e.revision, exists: e.operation === 'PUT' }
      : { owner: rec.owner, epoch: rec.epoch, revision: e.revision, exists: true })
  }

  // --- deciding ---

  #scheduleReconcile(): void {
    if (this.#reconcileQueued || this.#state !== 'running') return
    this.#reconcileQueued = true
    setTimeout(() => {
      this.#reconcileQueued = false
      void this.#reconcile()
    }, 0)
  }

  #reconcile(): Promise<void> {
    if (this.#reconciling !== undefined) {
      this.#reconcileAgain = true
      return this.#reconciling
    }
    this.#reconciling = (async () => {
      do {
        this.#reconcileAgain = false
        await this.#reconcileOnce()
      } while (this.#reconcileAgain && this.#state === 'running')
    })()
      .catch((err: unknown) => this.#opts.log.error({ nodeId: this.nodeId, err }, 'placement: reconcile failed'))
      .finally(() => { this.#reconciling = undefined })
    return this.#reconciling
  }

  async #reconcileOnce(): Promise<void> {
    for (let s = 0; s < this.shardCount; s++) {
      if (this.#state !== 'running' || this.#fenced) return
      const now = performance.now()
      const live = this.liveNodes(now)
      const lease = this.#leases.get(s)
      const mine = this.#isMine(lease)
      const desired = this.#strategy(s, live)
      if (this.#serving.has(s)) {
        if (!mine) {
          this.#opts.log.error({ nodeId: this.nodeId, shard: s, owner: lease?.owner }, 'placement: lease taken while serving')
          await this.#revoke(s, RevokeReasons.LOST)
        } else if (desired !== this.nodeId) {
          this.#opts.log.debug({ nodeId: this.nodeId, shard: s, to: desired }, 'placement: handing over')
          await this.#revoke(s, RevokeReasons.REBALANCE)
          await this.#release(s)
        }
        continue
      }
      if (desired !== this.nodeId) {
        if (mine) await this.#release(s)
        continue
      }
      if (mine || lease === undefined || !lease.exists || lease.owner === null || await this.#ownerDead(lease, now)) {
        await this.#acquire(s, lease)
      }
    }
  }

  /** True when the lease's owner incarnation can no longer be serving (see the safety argument at the top). */
  async #ownerDead(lease: LeaseView, now: number): Promise<boolean> {
    const owner = lease.owner
    if (owner === null || this.#kv === undefined) return true
    const v = this.#nodes.get(owner)
    if (v !== undefined) {
      if (v.epoch === lease.epoch && now - v.changedAt < this.leaseTtlMs) return false
      if (v.epoch !== lease.epoch && now - v.epochSince < this.leaseTtlMs) return false
    }
    // Confirm with a direct read: our watch may lag behind a live owner's heartbeats.
    const e = await this.#kv.get(nodeKey(owner))
    if (e === null || e.operation !== 'PUT') return true // left gracefully: it fenced itself before deleting its key
    const rec = parseNode(e.value)
    if (rec === undefined) return false
    if (v === undefined || e.revision !== v.revision) {
      this.#observeNode(owner, rec, e.revision, performance.now())
      return false
    }
    // Unchanged since we saw it: dead if it is the lease's incarnation (judged above), and also if
    // a newer incarnation holds the key, since the older one can never write its key again.
    return true
  }

  async #acquire(shard: number, lease: LeaseView | undefined): Promise<void> {
    const kv = this.#kv
    if (kv === undefined) return
    const key = shardLeaseKey(shard)
    const data = encodeJson({ owner: this.nodeId, epoch: this.epoch, at: Date.now() })
    let revision: number
    try {
      revision = lease === undefined || !lease.exists ? await kv.create(key, data) : await kv.update(key, data, lease.revision)
    } catch (err) {
      if (isWrongLastSequence(err)) {
        this.#opts.log.debug({ nodeId: this.nodeId, shard }, 'placement: lost an acquire race')
        await this.#refreshLease(shard)
      } else {
        this.#opts.log.warn({ nodeId: this.nodeId, shard, err }, 'placement: acquire failed')
      }
      return
    }
    this.#setLease(shard, { owner: this.nodeId, epoch: this.epoch, revision, exists: true })
    if (this.#state !== 'running' || this.#fenced || this.#serving.has(shard)) return
    this.#serving.add(shard)
    this.#opts.log.debug({ nodeId: this.nodeId, shard, revision }, 'placement: acquired')
    try {
      await this.#opts.onAcquire(shard)
    } catch (err) {
      this.#opts.log.error({ nodeId: this.nodeId, shard, err }, 'placement: onAcquire failed')
      await this.#revoke(shard, RevokeReasons.REBALANCE)
      await this.#release(shard)
    }
  }

  async #release(shard: number): Promise<void> {
    const kv = this.#kv
    const lease = this.#leases.get(shard)
    if (kv === undefined || lease === undefined || !this.#isMine(lease)) return
    const data = encodeJson({ owner: null, epoch: this.epoch, at: Date.now() })
    try {
      const revision = await kv.update(shardLeaseKey(shard), data, lease.revision)
      this.#setLease(shard, { owner: null, epoch: this.epoch, revision, exists: true })
    } catch (err) {
      if (isWrongLastSequence(err)) await this.#refreshLease(shard).catch(() => undefined)
      else this.#opts.log.warn({ nodeId: this.nodeId, shard, err }, 'placement: release failed')
    }
  }

  async #revoke(shard: number, reason: RevokeReason): Promise<void> {
    if (!this.#serving.delete(shard)) return
    try {
      await this.#opts.onRevoke(shard, reason)
    } catch (err) {
      this.#opts.log.error({ nodeId: this.nodeId, shard, reason, err }, 'placement: onRevoke failed')
    }
  }
}
