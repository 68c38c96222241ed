// ActorNode: hosts actors for the shards this node leases. Subscribes to each held shard's
// subject, routes each request to its actor's mailbox, replies, passivates idle actors and the
// actors of shards it gives up, and hands failures to the supervisor (Orleans silo; proto.actor).
// Besides the shard subjects it serves its batch subject: requests the gateway coalesced for this
// node, each checked for ownership like a lone one, answered in one message per batch and tick.
import type { Msg, NatsConnection, Subscription } from '@nats-io/transport-node'
import { batchSubject, decodeBatch, encodeBatchReply } from '../../proto/wire/envelope.js'
import { Buckets, sessionKey, shardSubject } from '../../proto/wire/subjects.js'
import { Mailbox } from './mailbox.js'
import { ActivationFailedError, ActorCoolingDownError } from './nac-error.js'
import { ensureBucket } from './nats-connect.js'
import { KvStateStore, type StateStore } from './kv-state-store.js'
import { RevokeReasons, ShardLeaser, type PlacementStrategy, type RevokeReason, type RuntimeLog } from './shard-leaser.js'
import { StateHandle } from './state-handle.js'
import { Supervisor, type RestartPolicy } from './supervisor.js'

/** One actor instance. `receive` handles one message at a time; `passivate` flushes state before unload. */
export interface Actor<M, R> {
  receive(msg: M): Promise<R>
  passivate?(): Promise<void>
}

/** What an actor is activated with: its key, its shard, and the state handle bound to its key. */
export interface ActorContext<S = unknown> {
  key: string
  shard: number
  state: StateHandle<S>
}

export type DecodeResult<M> = { ok: true; key: string; msg: M } | { ok: false; reason: string }

export interface ActorNodeOptions<M, R, S = unknown> {
  nc: NatsConnection
  nodeId: string
  subjectPrefix: string
  shardCount: number
  /** The shard of an actor key, to check ownership (proto/wire/shard.ts shardOf). */
  shardOfKey(key: string): number
  /** Must not throw: malformed input is `{ ok: false, reason }`, counted and dropped. */
  decode(data: Uint8Array): DecodeResult<M>
  encode(reply: R): Uint8Array
  /** Activation on an actor's first message; may load state through `ctx.state`. */
  activate(key: string, ctx: ActorContext<S>): Promise<Actor<M, R>>
  /** Reply when the mailbox is full (the gateway turns it into no reply). */
  overloaded(msg: M): R
  /** Reply when activation or receive failed; the supervisor restarts the actor on its next message. */
  failed(msg: M, err: unknown): R
  /** Actor state store; default: KvStateStore over `stateBucket`. */
  store?: StateStore<S>
  /** Bucket of the default store (default Buckets.sessions). */
  stateBucket?: string
  /** Bucket of the shard leases (default Buckets.placement). */
  placementBucket?: string
  /** Queued user messages per actor (default 64). */
  mailboxLimit?: number
  /** Idle time before passivation (default 300 000 ms). */
  idleMs?: number
  heartbeatMs?: number
  leaseTtlMs?: number
  fenceMarginMs?: number
  strategy?: PlacementStrategy
  restartPolicy?: Partial<RestartPolicy>
  log: RuntimeLog
}

export interface ActorNodeStats {
  received: number
  replied: number
  dropped: number
  overloaded: number
  activations: number
  passivations: number
  restarts: number
}

/** Sends one encoded reply; false when there is nowhere to send it. */
type Respond = (data: Uint8Array) => boolean

/**
 * Replies to one batch: items answered within one tick leave in one message (setImmediate, never
 * a timer delay), so a slow item does not hold back the others.
 */
class BatchReplier {
  #ids: number[] = []
  #replies: Uint8Array[] = []
  #scheduled = false

  constructor(
    private readonly nc: NatsConnection,
    private readonly subject: string,
    private readonly onError: (err: unknown, items: number) => void,
  ) {}

  respond(id: number, data: Uint8Array): boolean {
    this.#ids.push(id)
    this.#replies.push(data)
    if (!this.#scheduled) {
      this.#scheduled = true
      setImmediate(() => this.#flush())
    }
    return true
  }

  #flush(): void {
    const reply = { ids: this.#ids, replies: this.#replies }
    this.#ids = []
    this.#replies = []
    this.#scheduled = false
    try {
      this.nc.publish(this.subject, encodeBatchReply(reply))
    } catch (err) {
      this.onError(err, reply.ids.length)
    }
  }
}

interface ShardServing {
  sub: Subscription
  /** False once revoke began: new messages get no reply. */
  accepting: boolean
  /** False after a fence or a lost lease: not even in-flight work may answer. */
  replies: boolean
}

interface ActorSlot<M, R, S> {
  key: string
  shard: number
  mailbox: Mailbox
  state: StateHandle<S>
  instance: Actor<M, R> | undefined
  /** The previous incarnation's passivation, awaited before this one activates. */
  after: Promise<void> | undefined
  lastActive: number
  failed: boolean
  closed: Promise<void> | undefined
}

/** Hosts the actors of the shards this node holds a lease on. */
export class ActorNode<M, R, S = unknown> {
  readonly nodeId: string
  readonly stats: ActorNodeStats = { received: 0, replied: 0, dropped: 0, overloaded: 0, activations: 0, passivations: 0, restarts: 0 }
  /** Undecodable messages by reason. */
  readonly dropReasons = new Map<string, number>()
  /** Called with the shards served, each time that set changes (a serve starts or a revoke begins). */
  onShardsChanged?: (owned: number[]) => void
  readonly #o: ActorNodeOptions<M, R, S>
  readonly #leaser: ShardLeaser
  readonly #supervisor: Supervisor
  readonly #shards = new Map<number, ShardServing>()
  readonly #shardOps = new Map<number, Promise<void>>()
  readonly #actors = new Map<string, ActorSlot<M, R, S>>()
  readonly #closing = new Map<string, Promise<void>>()
  readonly #mailboxLimit: number
  readonly #idleMs: number
  #store: StateStore<S> | undefined
  #sweepTimer: NodeJS.Timeout | undefined
  #batchSub: Subscription | undefined
  #stopping: Promise<void> | undefined

  constructor(opts: ActorNodeOptions<M, R, S>) {
    this.#o = opts
    this.nodeId = opts.nodeId
    this.#mailboxLimit = opts.mailboxLimit ?? 64
    this.#idleMs = opts.idleMs ?? 300_000
    this.#store = opts.store
    this.#supervisor = new Supervisor(opts.restartPolicy ?? {})
    this.#leaser = new ShardLeaser({
      nc: opts.nc,
      nodeId: opts.nodeId,
      shardCount: opts.shardCount,
      ...(opts.heartbeatMs === undefined ? {} : { heartbeatMs: opts.heartbeatMs }),
      ...(opts.leaseTtlMs === undefined ? {} : { leaseTtlMs: opts.leaseTtlMs }),
      ...(opts.fenceMarginMs === undefined ? {} : { fenceMarginMs: opts.fenceMarginMs }),
      ...(opts.strategy === undefined ? {} : { strategy: opts.strategy }),
      ...(opts.placementBucket === undefined ? {} : { bucket: opts.placementBucket }),
      onAcquire: (shard) => this.#onAcquire(shard),
      onRevoke: (shard, reason) => this.#onRevoke(shard, reason),
      log: opts.log,
    })
  }

  /** The placement mechanism behind this node (for tests and diagnostics). */
  get leaser(): ShardLeaser { return this.#leaser }

  /** Shards whose requests this node accepts now, ascending. */
  ownedShards(): number[] {
    return [...this.#shards].filter(([, s]) => s.accepting).map(([n]) => n).sort((a, b) => a - b)
  }

  /** Actors currently loaded. */
  get activeActors(): number { return this.#actors.size }

  async start(): Promise<void> {
    this.#store ??= new KvStateStore<S>(await ensureBucket(this.#o.nc, this.#o.stateBucket ?? Buckets.sessions, { history: 1 }))
    // Before the first lease: a gateway that sees our lease may send batches at once.
    this.#batchSub = this.#o.nc.subscribe(batchSubject(this.#o.subjectPrefix, this.nodeId), {
      callback: (err, msg) => {
        if (err !== null) this.#o.log.warn({ nodeId: this.nodeId, err }, 'batch subscription error')
        else this.#onBatch(msg)
      },
    })
    await this.#leaser.start()
    const sweepMs = Math.min(10_000, Math.max(10, Math.floor(this.#idleMs / 2)))
    this.#sweepTimer = setInterval(() => this.#sweep(), sweepMs)
    this.#o.log.info({ nodeId: this.nodeId, epoch: this.#leaser.epoch }, 'actor node started')
  }

  /** Graceful: stops serving, passivates every actor, releases the leases, leaves the placement. */
  stop(): Promise<void> {
    this.#stopping ??= (async () => {
      await this.#leaser.stop()
      try {
        this.#batchSub?.unsubscribe()
      } catch (err) {
        this.#o.log.debug({ nodeId: this.nodeId, err }, 'unsubscribe failed')
      }
      clearInterval(this.#sweepTimer)
      await Promise.all([...this.#actors.values()].map((a) => this.#passivate(a)))
      await Promise.all([...this.#closing.values()])
    })()
    return this.#stopping
  }

  // --- shards ---

  #chain(shard: number, op: () => Promise<void>): Promise<void> {
    const next = (this.#shardOps.get(shard) ?? Promise.resolve()).then(op)
      .catch((err: unknown) => this.#o.log.error({ nodeId: this.nodeId, shard, err }, 'shard operation failed'))
    this.#shardOps.set(shard, next)
    void next.then(() => { if (this.#shardOps.get(shard) === next) this.#shardOps.delete(shard) })
    return next
  }

  #onAcquire(shard: number): Promise<void> {
    return this.#chain(shard, async () => {
      if (this.#shards.has(shard) || !this.#leaser.holds(shard)) return
      const sub = this.#o.nc.subscribe(shardSubject(this.#o.subjectPrefix, shard), {
        callback: (err, msg) => {
          if (err !== null) this.#o.log.warn({ nodeId: this.nodeId, shard, err }, 'shard subscription error')
          else this.#onMessage(msg)
        },
      })
      this.#shards.set(shard, { sub, accepting: true, replies: true })
      this.#notify()
    })
  }

  #onRevoke(shard: number, reason: RevokeReason): Promise<void> {
    // Synchronous part first: a fence calls this for every shard and expects serving to stop now.
    const s = this.#shards.get(shard)
    const hard = reason === RevokeReasons.FENCE || reason === RevokeReasons.LOST
    if (s !== undefined) {
      s.accepting = false
      if (hard) s.replies = false
      this.#notify()
    }
    return this.#chain(shard, async () => {
      const cur = this.#shards.get(shard)
      if (cur === undefined) return
      cur.accepting = false
      try {
        if (hard || this.#o.nc.isClosed()) cur.sub.unsubscribe()
        else await cur.sub.drain()
      } catch (err) {
        this.#o.log.debug({ nodeId: this.nodeId, shard, err }, 'unsubscribe failed')
      }
      await Promise.all([...this.#actors.values()].filter((a) => a.shard === shard).map((a) => this.#passivate(a)))
      this.#shards.delete(shard)
      this.#o.log.debug({ nodeId: this.nodeId, shard, reason }, 'shard revoked')
    })
  }

  #notify(): void {
    try {
      this.onShardsChanged?.(this.ownedShards())
    } catch (err) {
      this.#o.log.warn({ nodeId: this.nodeId, err }, 'onShardsChanged threw')
    }
  }

  /** May work for `shard` still answer? Checked per message and per reply, not only by timers. */
  #mayReply(shard: number): boolean {
    return this.#shards.get(shard)?.replies === true && this.#leaser.leaseValid()
  }

  // --- messages ---

  #drop(reason: string): void {
    this.stats.dropped++
    this.dropReasons.set(reason, (this.dropReasons.get(reason) ?? 0) + 1)
  }

  #onMessage(msg: Msg): void {
    this.#onRequest(msg.data, (data) => msg.respond(data))
  }

  #onBatch(msg: Msg): void {
    const batch = decodeBatch(msg.data)
    if (!batch.ok) { this.stats.received++; this.#drop(batch.reason); return }
    const items = batch.value
    const subject = msg.reply
    if (subject === undefined || subject === '') {
      for (const item of items) this.#onRequest(item, () => false)
      return
    }
    const replier = new BatchReplier(this.#o.nc, subject, (err, n) => {
      this.#o.log.error({ nodeId: this.nodeId, err }, 'batch reply not sent')
      this.stats.replied -= n
      for (let i = 0; i < n; i++) this.#drop('REPLY_FAILED')
    })
    for (let i = 0; i < items.length; i++) {
      const id = i
      this.#onRequest(items[i] as Uint8Array, (data) => replier.respond(id, data))
    }
  }

  #onRequest(data: Uint8Array, respond: Respond): void {
    this.stats.received++
    let d: DecodeResult<M>
    try {
      d = this.#o.decode(data)
    } catch {
      d = { ok: false, reason: 'DECODE_THREW' }
    }
    if (!d.ok) { this.#drop(d.reason); return }
    const shard = this.#o.shardOfKey(d.key)
    // A key whose shard is not ours (a move in progress): no reply; the requester retries.
    if (this.#shards.get(shard)?.accepting !== true || !this.#leaser.holds(shard)) { this.#drop('NOT_OWNER'); return }
    const slot = this.#slot(d.key, shard)
    slot.lastActive = performance.now()
    const m = d.msg
    const posted = slot.mailbox.post({ run: () => this.#deliver(slot, m, respond), drop: () => this.#drop('PASSIVATED') })
    if (!posted) {
      this.stats.overloaded++
      this.#reply(shard, respond, this.#o.overloaded(m))
    }
  }

  #slot(key: string, shard: number): ActorSlot<M, R, S> {
    let slot = this.#actors.get(key)
    if (slot !== undefined) return slot
    const store = this.#store
    if (store === undefined) throw new Error('ActorNode: not started')
    slot = {
      key,
      shard,
      mailbox: new Mailbox(this.#mailboxLimit, (err) => this.#o.log.error({ key, err }, 'mailbox job threw')),
      state: new StateHandle<S>(store, sessionKey(key), this.#o.log),
      instance: undefined,
      after: this.#closing.get(key),
      lastActive: performance.now(),
      failed: this.#supervisor.hasFailed(key),
      closed: undefined,
    }
    this.#actors.set(key, slot)
    return slot
  }

  async #deliver(slot: ActorSlot<M, R, S>, m: M, respond: Respond): Promise<void> {
    if (!this.#mayReply(slot.shard)) { this.#drop('NOT_OWNER'); return }
    if (slot.instance === undefined) {
      const left = this.#supervisor.coolDownLeft(slot.key, performance.now())
      if (left > 0) {
        this.#reply(slot.shard, respond, this.#o.failed(m, new ActorCoolingDownError(slot.key, left)))
        return
      }
      if (slot.after !== undefined) { await slot.after; slot.after = undefined }
      try {
        slot.instance = await this.#o.activate(slot.key, { key: slot.key, shard: slot.shard, state: slot.state })
      } catch (err) {
        this.#o.log.warn({ key: slot.key, err }, 'actor activation failed')
        this.#supervisor.recordFailure(slot.key, performance.now())
        slot.failed = true
        this.#reply(slot.shard, respond, this.#o.failed(m, new ActivationFailedError(slot.key, { cause: err })))
        return
      }
      this.stats.activations++
      if (slot.failed) { this.stats.restarts++; slot.failed = false }
    }
    let reply: R
    try {
      reply = await slot.instance.receive(m)
    } catch (err) {
      // Supervision: drop the instance without saving; its next message activates a fresh one.
      this.#o.log.warn({ key: slot.key, err }, 'actor failed; restarting on next message')
      slot.instance = undefined
      slot.failed = true
      this.#supervisor.recordFailure(slot.key, performance.now())
      reply = this.#o.failed(m, err)
    }
    slot.lastActive = performance.now()
    this.#reply(slot.shard, respond, reply)
  }

  #reply(shard: number, respond: Respond, reply: R): void {
    if (!this.#mayReply(shard)) { this.#drop('FENCED'); return }
    try {
      if (respond(this.#o.encode(reply))) this.stats.replied++
      else this.#drop('NO_REPLY_SUBJECT')
    } catch (err) {
      this.#o.log.error({ nodeId: this.nodeId, err }, 'reply not sent')
      this.#drop('REPLY_FAILED')
    }
  }

  // --- passivation ---

  #passivate(slot: ActorSlot<M, R, S>): Promise<void> {
    if (slot.closed !== undefined) return slot.closed
    if (this.#actors.get(slot.key) === slot) this.#actors.delete(slot.key)
    const closed = new Promise<void>((resolve) => {
      slot.mailbox.postSystem({
        run: async () => {
          try {
            const inst = slot.instance
            slot.instance = undefined
            if (inst !== undefined) {
              await inst.passivate?.()
              this.stats.passivations++
            }
            await slot.state.flush()
          } catch (err) {
            this.#o.log.warn({ key: slot.key, err }, 'passivation incomplete')
          } finally {
            resolve()
          }
        },
        drop: resolve,
      })
      slot.mailbox.close()
    })
    slot.closed = closed
    this.#closing.set(slot.key, closed)
    void closed.then(() => { if (this.#closing.get(slot.key) === closed) this.#closing.delete(slot.key) })
    return closed
  }

  #sweep(): void {
    const now = performance.now()
    for (const slot of this.#actors.values()) {
      if (!slot.mailbox.active && now - slot.lastActive >= this.#idleMs) void this.#passivate(slot)
    }
    this.#supervisor.sweep(now)
  }
}
