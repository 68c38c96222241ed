// Acknowledged JetStream publishes on one long-lived reply subscription, as the Go client's
// PublishAsync does: each message goes out with a reply subject `<inbox>.<n>`, and the stream's
// PubAck (JSON `{ stream, seq, duplicate? }` or `{ error: { code, description } }`) comes back there.
// Why not `js.publish`: it is `nc.request`, and nats.js (3.3.1, 3.4.0) ends every answered request
// by building a `RequestError("cancelled")` with a stack trace to reject an already resolved promise
// (RequestOne.resolver -> cancel): 8.6 % of a node's busy main thread under MAB load
// (bench/README.md), and `noAsyncTraces` does not reach it. Timeouts are one sweep, not a timer
// per message. A subject no stream listens on answers with a 503 status (no responders).
import { createInbox, type Msg, type MsgHdrs, type NatsConnection, type Subscription } from '@nats-io/transport-node'

export interface PubAck {
  stream: string
  seq: number
  duplicate: boolean
}

/** Why an acknowledged publish failed: a closed list, for counters. */
export const PubAckFailure = {
  timeout: 'timeout',
  noResponders: 'no_responders',
  streamError: 'stream_error',
  badAck: 'bad_ack',
  closed: 'closed',
} as const
export type PubAckFailure = (typeof PubAckFailure)[keyof typeof PubAckFailure]

export class PubAckError extends Error {
  /** The stream's `err_code` (e.g. 10071, wrong last sequence), for stream errors. */
  readonly errCode: number | undefined

  constructor(readonly reason: PubAckFailure, message: string, errCode?: number) {
    super(message)
    this.name = 'PubAckError'
    this.errCode = errCode
  }
}

interface Waiting {
  resolve(a: PubAck): void
  reject(e: PubAckError): void
  deadline: number
}

export class JetStreamAcks {
  readonly #nc: NatsConnection
  readonly #inbox: string
  readonly #sub: Subscription
  readonly #waiting = new Map<number, Waiting>()
  readonly #sweepMs: number
  #sweeper: NodeJS.Timeout | undefined
  #next = 0
  #closed = false

  constructor(nc: NatsConnection, o: { sweepMs?: number } = {}) {
    this.#nc = nc
    this.#inbox = createInbox()
    this.#sweepMs = o.sweepMs ?? 250
    this.#sub = nc.subscribe(`${this.#inbox}.*`, { callback: (err, msg) => { if (err === null) this.#onAck(msg) } })
  }

  /** Publish to a stream's subject and wait for its PubAck (at most `timeoutMs`). */
  publish(subject: string, data: Uint8Array | string, o: { timeoutMs: number; headers?: MsgHdrs }): Promise<PubAck> {
    if (this.#closed) return Promise.reject(new PubAckError(PubAckFailure.closed, 'the publisher is closed'))
    const id = ++this.#next
    return new Promise<PubAck>((resolve, reject) => {
      this.#waiting.set(id, { resolve, reject, deadline: Date.now() + o.timeoutMs })
      try {
        this.#nc.publish(subject, data, { reply: `${this.#inbox}.${id}`, ...(o.headers === undefined ? {} : { headers: o.headers }) })
      } catch (err) {
        this.#waiting.delete(id)
        reject(new PubAckError(PubAckFailure.closed, `publish failed: ${(err as Error).message}`))
        return
      }
      this.#sweeper ??= setInterval(() => this.#sweep(), this.#sweepMs)
    })
  }

  /** Messages published so far. */
  get published(): number {
    return this.#next
  }

  /** Messages waiting for their ack. */
  get pending(): number {
    return this.#waiting.size
  }

  /** Stops listening; whatever still waits is rejected (closed). */
  close(): void {
    this.#closed = true
    this.#sub.unsubscribe()
    this.#stopSweep()
    for (const w of this.#waiting.values()) w.reject(new PubAckError(PubAckFailure.closed, 'the publisher closed before the ack'))
    this.#waiting.clear()
  }

  #onAck(msg: Msg): void {
    const id = Number(msg.subject.slice(this.#inbox.length + 1))
    const w = this.#waiting.get(id)
    // Late (after its timeout) or forged: nothing waits for it.
    if (w === undefined) return
    this.#waiting.delete(id)
    if (msg.data.length === 0 && msg.headers?.code === 503) return w.reject(new PubAckError(PubAckFailure.noResponders, 'no stream takes this subject'))
    let ack: unknown
    try {
      ack = msg.json()
    } catch {
      return w.reject(new PubAckError(PubAckFailure.badAck, 'the acknowledgement is not JSON'))
    }
    const a = ack as { stream?: unknown; seq?: unknown; duplicate?: unknown; error?: { code?: unknown; err_code?: unknown; description?: unknown } }
    if (typeof a.error === 'object' && a.error !== null) {
      const errCode = typeof a.error.err_code === 'number' ? a.error.err_code : undefined
      return w.reject(new PubAckError(PubAckFailure.streamError, `stream error ${String(a.error.code)}: ${String(a.error.description)}`, errCode))
    }
    if (typeof a.stream !== 'string' || typeof a.seq !== 'number') return w.reject(new PubAckError(PubAckFailure.badAck, 'the acknowledgement names no stream and sequence'))
    w.resolve({ stream: a.stream, seq: a.seq, duplicate: a.duplicate === true })
  }

  #sweep(): void {
    const now = Date.now()
    for (const [id, w] of this.#waiting) {
      if (now < w.deadline) continue
      this.#waiting.delete(id)
      w.reject(new PubAckError(PubAckFailure.timeout, 'no acknowledgement in time'))
    }
    if (this.#waiting.size === 0) this.#stopSweep()
  }

  #stopSweep(): void {
    if (this.#sweeper !== undefined) clearInterval(this.#sweeper)
    this.#sweeper = undefined
  }
}
