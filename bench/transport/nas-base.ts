// The request table a simulated NAS keeps, shared by UDP and RadSec: requests queue for one of the
// 256 Identifiers, are signed (Message-Authenticator, RFC 3579 §3.2) and sent, and finish on a
// verified reply (Response Authenticator, RFC 2865 §3; Message-Authenticator when present), on
// timeout, or on close. Every request ends within its budget: nothing waits forever.
// Timers: one periodic sweep per NAS while requests are open, not a setTimeout per request and
// attempt (a Timeout object, a timer-list insert and a clearTimeout per packet); a request's
// retransmission or expiry fires up to one sweep tick (a tenth of the per-attempt timeout, at most
// 100 ms) after its moment, as a switch's RADIUS client checks its timeouts on a periodic tick.
import {
  decodePacket, encodePacket, signRequest, verifyMessageAuthenticator, verifyResponseAuthenticator,
  type RawAttribute,
} from '../../proto/radius/index.js'
import { IdPool } from './id-pool.js'
import { RandomPool } from '../core/random-pool.js'
import { emptyStats, type Exchange, type RetryPolicy, type RoundTripper, type TransportStats } from './round-tripper.js'

export interface PendingRequest {
  code: number
  attributes: RawAttribute[]
  startedAt: number
  /** Latest moment the request may still be answered; after it, a timeout. */
  deadline: number
  attempts: number
  id: number
  packet: Buffer | undefined
  requestAuthenticator: Buffer | undefined
  /** When the sweep acts on it next (retransmission or expiry), performance.now() ms. */
  dueAt: number
  done: boolean
  resolve: (e: Exchange) => void
}

export abstract class NasBase implements RoundTripper {
  protected readonly ids: IdPool
  protected readonly pending = new Map<number, PendingRequest>()
  protected queue: PendingRequest[] = []
  protected readonly st: TransportStats = emptyStats()
  readonly secret: Buffer
  protected closed = false
  /** Sweep period, ms: a tenth of the per-attempt timeout, 1 to 100 ms. */
  readonly tickMs: number
  private sweeper: NodeJS.Timeout | undefined
  private readonly random = new RandomPool()

  /** `maxInFlight`: requests outstanding at once on this NAS (256: every Identifier). */
  constructor(readonly label: string, readonly nasId: string, secret: string, protected readonly policy: RetryPolicy, maxInFlight = 256) {
    this.secret = Buffer.from(secret)
    this.ids = new IdPool(maxInFlight)
    this.tickMs = Math.max(1, Math.min(100, Math.floor(policy.timeoutMs / 10)))
  }

  /** Budget of one request from its first send: timeout × (1 + retries). */
  protected get budgetMs(): number {
    return this.policy.timeoutMs * (1 + this.policy.retries)
  }

  protected abstract canSend(): boolean
  protected abstract write(packet: Buffer): void
  /** Called after the first send of a request: set its `dueAt`. */
  protected abstract armSent(r: PendingRequest): void
  /** The sweep found `r` (sent, or queued past its deadline) due: retransmit or expire it. */
  protected abstract onDue(r: PendingRequest, now: number): void

  exchange(code: number, attributes: RawAttribute[]): Promise<Exchange> {
    return new Promise((resolve) => {
      const now = performance.now()
      const r: PendingRequest = {
        code, attributes, startedAt: now, deadline: now + this.budgetMs, attempts: 0, id: -1,
        packet: undefined, requestAuthenticator: undefined, dueAt: now + this.budgetMs, done: false, resolve,
      }
      if (this.closed) {
        r.done = true
        resolve({ kind: 'error', reason: 'closed', latencyMs: 0, attempts: 0 })
        return
      }
      // Still queued (no free Identifier, or not connected): bounded by the budget all the same (dueAt).
      this.queue.push(r)
      this.pump()
      if (this.sweeper === undefined && !r.done) this.sweeper = setInterval(() => this.sweep(), this.tickMs)
    })
  }

  /** Retransmits or expires what is due; stops itself once nothing is open. */
  protected sweep(): void {
    const now = performance.now()
    const due: PendingRequest[] = []
    for (const r of this.pending.values()) if (now >= r.dueAt) due.push(r)
    for (const r of this.queue) if (!r.done && now >= r.dueAt) due.push(r)
    for (const r of due) if (!r.done) this.onDue(r, now)
    if (this.pending.size === 0 && this.queue.length === 0) this.stopSweep()
  }

  private stopSweep(): void {
    if (this.sweeper !== undefined) clearInterval(this.sweeper)
    this.sweeper = undefined
  }

  /** Sends queued requests while Identifiers are free and the transport can send. */
  protected pump(): void {
    while (this.queue.length > 0 && this.ids.available > 0 && this.canSend()) {
      const r = this.queue.shift() as PendingRequest
      if (r.done) continue
      // Its budget ran out while it waited (the sweep has not reached it yet): a timeout, never sent late.
      if (performance.now() >= r.deadline) { this.expire(r); continue }
      const id = this.ids.take() as number
      r.id = id
      // RFC 2865 §3: the Request Authenticator "SHOULD exhibit global and temporal uniqueness";
      // 16 fresh octets of the CSPRNG per packet, drawn from a pooled block (random-pool.ts).
      const packet = encodePacket({ code: r.code, identifier: id, authenticator: this.random.take(16), attributes: r.attributes })
      signRequest(packet, this.secret)
      r.packet = packet
      r.requestAuthenticator = Buffer.from(packet.subarray(4, 20))
      this.pending.set(id, r)
      r.attempts++
      this.st.sent++
      this.write(packet)
      this.armSent(r)
    }
  }

  protected expire(r: PendingRequest): void {
    this.finish(r, { kind: 'timeout', latencyMs: performance.now() - r.startedAt, attempts: r.attempts })
  }

  /** A datagram or RadSec frame from the server: matched, verified, then it finishes its request. */
  protected onReply(buf: Buffer): void {
    const d = decodePacket(buf)
    if (!d.ok) { this.st.badReplies++; return }
    const r = this.pending.get(d.value.identifier)
    if (r === undefined || r.requestAuthenticator === undefined) { this.st.badReplies++; return }
    if (!verifyResponseAuthenticator(buf, r.requestAuthenticator, this.secret)) { this.st.badReplies++; return }
    if (verifyMessageAuthenticator(buf, this.secret, r.requestAuthenticator, r.code) === 'invalid') { this.st.badReplies++; return }
    this.finish(r, { kind: 'answer', packet: d.value, latencyMs: performance.now() - r.startedAt, attempts: r.attempts, requestAuthenticator: r.requestAuthenticator })
  }

  protected finish(r: PendingRequest, e: Exchange): void {
    if (r.done) return
    r.done = true
    if (r.id >= 0 && this.pending.get(r.id) === r) {
      this.pending.delete(r.id)
      this.ids.release(r.id)
    }
    r.resolve(e)
    if (!this.closed) this.pump()
  }

  /** Ends every request still open with `reason` (the transport is going away). */
  protected failAll(reason: string): void {
    const open = [...this.pending.values(), ...this.queue]
    this.queue = []
    for (const r of open) this.finish(r, { kind: 'error', reason, latencyMs: performance.now() - r.startedAt, attempts: r.attempts })
    this.stopSweep()
  }

  stats(): TransportStats {
    return { ...this.st }
  }

  abstract close(): Promise<void>
}
