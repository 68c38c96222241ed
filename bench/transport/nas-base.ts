// The request table a simulated NAS keeps, shared by UDP and RadSec: requests queue for one of the
// 256 Identifiers, are signed (Message-Authenticator, RFC 3579 §3.2) and sent, and finish on a
// verified reply (Response Authenticator, RFC 2865 §3; Message-Authenticator when present), on
// timeout, or on close. Every request ends within its budget: nothing waits forever.
import {
  decodePacket, encodePacket, randomAuthenticator, signRequest, verifyMessageAuthenticator, verifyResponseAuthenticator,
  type RawAttribute,
} from '../../proto/radius/index.js'
import { IdPool } from './id-pool.js'
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
  timer: NodeJS.Timeout | undefined
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

  /** `maxInFlight`: requests outstanding at once on this NAS (256: every Identifier). */
  constructor(readonly label: string, readonly nasId: string, secret: string, protected readonly policy: RetryPolicy, maxInFlight = 256) {
    this.secret = Buffer.from(secret)
    this.ids = new IdPool(maxInFlight)
  }

  /** Budget of one request from its first send: timeout × (1 + retries). */
  protected get budgetMs(): number {
    return this.policy.timeoutMs * (1 + this.policy.retries)
  }

  protected abstract canSend(): boolean
  protected abstract write(packet: Buffer): void
  /** Called after the first send of a request: arm its timer. */
  protected abstract armSent(r: PendingRequest): void

  exchange(code: number, attributes: RawAttribute[]): Promise<Exchange> {
    return new Promise((resolve) => {
      const now = performance.now()
      const r: PendingRequest = {
        code, attributes, startedAt: now, deadline: now + this.budgetMs, attempts: 0, id: -1,
        packet: undefined, requestAuthenticator: undefined, timer: undefined, done: false, resolve,
      }
      if (this.closed) {
        r.done = true
        resolve({ kind: 'error', reason: 'closed', latencyMs: 0, attempts: 0 })
        return
      }
      this.queue.push(r)
      this.pump()
      // Still queued (no free Identifier, or not connected): bounded by the budget all the same.
      if (r.packet === undefined && !r.done) r.timer = setTimeout(() => this.expire(r), this.budgetMs)
    })
  }

  /** Sends queued requests while Identifiers are free and the transport can send. */
  protected pump(): void {
    while (this.queue.length > 0 && this.ids.available > 0 && this.canSend()) {
      const r = this.queue.shift() as PendingRequest
      if (r.done) continue
      const id = this.ids.take() as number
      r.id = id
      const packet = encodePacket({ code: r.code, identifier: id, authenticator: randomAuthenticator(), attributes: r.attributes })
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
    if (r.timer !== undefined) clearTimeout(r.timer)
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
  }

  stats(): TransportStats {
    return { ...this.st }
  }

  abstract close(): Promise<void>
}
