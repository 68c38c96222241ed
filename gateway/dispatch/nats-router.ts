// Router over NATS. Requests whose shard owner is known (placement KV, watched) are coalesced per
// owner within one tick: everything routed before setImmediate fires leaves as one batch message on
// that node's batch subject, on this router's long-lived reply subscription, and is answered in one
// reply message per batch and tick (a lone request goes alone, with no added delay). A request
// whose owner is not known yet goes alone on its shard's subject as a plain NATS request.
// No responders (an owner gone, a shard between owners) and timeouts both yield undefined for
// every request concerned: the NAS retries. nats.js's own request() is not used on the hot path:
// besides its per-request timer it builds a RequestError for every answered request (5.6 % of the
// busy time in the MAB profile, bench/README.md).
import { Kvm } from '@nats-io/kv'
import { createInbox, type Msg, type NatsConnection, type Subscription } from '@nats-io/transport-node'
import {
  batchSubject, decodeBatchReply, decodeReply, encodeBatch, encodeRequest, type RadiusReply, type RadiusRequest,
} from '../../proto/wire/envelope.js'
import { Buckets, shardSubject } from '../../proto/wire/subjects.js'
import type { Counters } from '../counters.js'
import type { Router } from './router.js'

type Resolve = (reply: RadiusReply | undefined) => void

interface Queue {
  owner: string
  requests: Uint8Array[]
  resolvers: Resolve[]
  timeoutMs: number
}

interface Batch {
  /** Item i's resolver, cleared once answered. */
  resolvers: Array<Resolve | undefined>
  open: number
  timer: NodeJS.Timeout
}

// The lease record's owner, written by the actor runtime's shard leaser ({ owner, epoch, at }).
const dec = new TextDecoder()
function leaseOwner(data: Uint8Array): string | undefined {
  try {
    const v = JSON.parse(dec.decode(data)) as { owner?: unknown }
    return typeof v.owner === 'string' ? v.owner : undefined
  } catch {
    return undefined
  }
}

const SHARD_LEASE_PREFIX = 'shard.'
const WATCH_RETRY_MS = 1000

export interface NatsRouterOptions {
  /** Coalesce requests per owner node (default true); false sends every request alone on its shard subject. */
  coalesce?: boolean
  /** Placement bucket to learn shard owners from (default Buckets.placement). */
  placementBucket?: string
}

export class NatsRouter implements Router {
  readonly #owners = new Map<number, string>()
  readonly #queues = new Map<string, Queue>()
  readonly #batches = new Map<number, Batch>()
  readonly #inbox: string
  #sub: Subscription | undefined
  #seq = 0
  #flushScheduled = false
  readonly #flush = (): void => this.#flushQueues()

  constructor(
    private readonly nc: NatsConnection,
    private readonly subjectPrefix: string,
    private readonly counters: Counters,
    private readonly options: NatsRouterOptions = {},
  ) {
    this.#inbox = createInbox()
    if (options.coalesce !== false) void this.#watchPlacement()
  }

  route(req: RadiusRequest, timeoutMs: number): Promise<RadiusReply | undefined> {
    const owner = this.#owners.get(req.shard)
    if (owner === undefined) return this.#alone(req, timeoutMs)
    return new Promise<RadiusReply | undefined>((resolve) => {
      let q = this.#queues.get(owner)
      if (q === undefined) {
        q = { owner, requests: [], resolvers: [], timeoutMs }
        this.#queues.set(owner, q)
      }
      q.requests.push(encodeRequest(req))
      q.resolvers.push(resolve)
      // Every request of a batch waits at least as long as it asked for.
      if (timeoutMs > q.timeoutMs) q.timeoutMs = timeoutMs
      if (!this.#flushScheduled) {
        this.#flushScheduled = true
        setImmediate(this.#flush)
      }
    })
  }

  /** Shard owners known from the placement bucket (for tests and diagnostics). */
  get knownOwners(): number {
    return this.#owners.size
  }

  async #alone(req: RadiusRequest, timeoutMs: number): Promise<RadiusReply | undefined> {
    try {
      const msg = await this.nc.request(shardSubject(this.subjectPrefix, req.shard), encodeRequest(req), { timeout: timeoutMs })
      return this.#decode(msg.data)
    } catch (err) {
      const name = err instanceof Error ? err.name : 'unknown'
      this.counters.inc(`route.failed.${name}`)
      return undefined
    }
  }

  #decode(data: Uint8Array): RadiusReply | undefined {
    const reply = decodeReply(data)
    if (!reply.ok) {
      this.counters.inc('route.malformed_reply')
      return undefined
    }
    return reply.value
  }

  #flushQueues(): void {
    this.#flushScheduled = false
    const queues = [...this.#queues.values()]
    this.#queues.clear()
    for (const q of queues) this.#send(q)
  }

  #send(q: Queue): void {
    this.counters.inc('route.batches')
    try {
      if (this.#sub === undefined || this.#sub.isClosed()) {
        this.#sub = this.nc.subscribe(`${this.#inbox}.*`, { callback: (err, msg) => this.#onReply(err, msg) })
      }
    } catch (err) {
      this.#fail(q.resolvers, err instanceof Error ? err.name : 'unknown')
      return
    }
    const seq = ++this.#seq
    const batch: Batch = {
      resolvers: q.resolvers,
      open: q.resolvers.length,
      timer: setTimeout(() => this.#expire(seq, 'TimeoutError'), q.timeoutMs),
    }
    this.#batches.set(seq, batch)
    try {
      this.nc.publish(batchSubject(this.subjectPrefix, q.owner), encodeBatch(q.requests), { reply: `${this.#inbox}.${seq}` })
    } catch (err) {
      this.#expire(seq, err instanceof Error ? err.name : 'unknown')
    }
  }

  #onReply(err: Error | null, msg: Msg): void {
    if (err !== null) return
    const seq = Number(msg.subject.slice(this.#inbox.length + 1))
    const batch = this.#batches.get(seq)
    if (batch === undefined) {
      this.counters.inc('route.late_reply')
      return
    }
    // The server's 503 status: nobody serves that node's batch subject (the node is gone).
    if (msg.data.length === 0 && msg.headers?.code === 503) {
      this.#expire(seq, 'NoRespondersError')
      return
    }
    const r = decodeBatchReply(msg.data)
    if (!r.ok) {
      this.counters.inc('route.malformed_reply')
      return
    }
    const { ids, replies } = r.value
    for (let k = 0; k < ids.length; k++) {
      const id = ids[k] as number
      const resolve = batch.resolvers[id]
      if (resolve === undefined) continue
      batch.resolvers[id] = undefined
      batch.open--
      resolve(this.#decode(replies[k] as Uint8Array))
    }
    if (batch.open === 0) {
      clearTimeout(batch.timer)
      this.#batches.delete(seq)
    }
  }

  /** No reply for every request of the batch still waiting. */
  #expire(seq: number, why: string): void {
    const batch = this.#batches.get(seq)
    if (batch === undefined) return
    clearTimeout(batch.timer)
    this.#batches.delete(seq)
    this.#fail(batch.resolvers, why)
  }

  #fail(resolvers: Array<Resolve | undefined>, why: string): void {
    for (const resolve of resolvers) {
      if (resolve === undefined) continue
      this.counters.inc(`route.failed.${why}`)
      resolve(undefined)
    }
  }

  /**
   * Keeps `#owners` (shard → node holding its lease) from the placement bucket. A hint only: the
   * node checks ownership of every request, and a request for a shard with no known owner goes
   * on the shard subject. Ends when the connection closes.
   */
  async #watchPlacement(): Promise<void> {
    const bucket = this.options.placementBucket ?? Buckets.placement
    while (!this.nc.isClosed()) {
      try {
        const kv = await new Kvm(this.nc).open(bucket)
        const watch = await kv.watch({ key: '>' })
        for await (const e of watch) {
          if (!e.key.startsWith(SHARD_LEASE_PREFIX)) continue
          const shard = Number(e.key.slice(SHARD_LEASE_PREFIX.length))
          if (!Number.isInteger(shard)) continue
          const owner = e.operation === 'PUT' ? leaseOwner(e.value) : undefined
          if (owner === undefined) this.#owners.delete(shard)
          else this.#owners.set(shard, owner)
        }
      } catch {
        this.counters.inc('route.placement_watch_failed')
      }
      // The watch ended (connection closed, bucket not yet created): owners are unknown until it is back.
      this.#owners.clear()
      if (this.nc.isClosed()) return
      await new Promise<void>((resolve) => setTimeout(resolve, WATCH_RETRY_MS).unref())
    }
  }
}
