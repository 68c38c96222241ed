// Keeps CPU-heavy synchronous steps (a TLS handshake step in OpenSSL: ECDHE, the server's signature,
// checking the peer's; about 1-2 ms each on a small VM) from piling up in one event-loop turn. The
// gateway coalesces requests for a node into one NATS message, and a node at saturation receives
// several of them per socket read: run as they come, N handshake steps make one turn N times as
// long, and every timer (NATS pings, lease renewals, the reply flush) and every other socket waits
// behind them (bench/README.md "Event-loop delay under load": 23-26 ms per-second p99 at 16 in
// flight). The cure a single thread has is to slice: a step runs at once while the current slice
// has budget left; beyond it, steps queue in arrival order and run in later turns, one slice per
// turn, so between two slices the loop polls its sockets and fires its timers. The work is the same
// and in the same order per conversation (a queued step holds its conversation's mailbox, exactly as
// a running one does); only when it runs changes.
//
// A slice is one stretch of running steps: it begins with the first step run while no slice is open
// and ends when the loop reaches the check phase (a setImmediate scheduled at its start) or, for a
// draining slice, when the drain returns. A drain is itself a setImmediate, so each turn of the loop
// runs at most one drain: immediates queued during the check phase wait for the next turn.
import { performance } from 'node:perf_hooks'

/**
 * CPU time the steps of one slice may take before later steps wait for the next turn. A handshake
 * step costs about 1-1.5 ms here, so this is one step a turn (two when they are short). Measured
 * (bench/README.md "Event-loop delay under load"): 1, 2 and 4 ms give the same throughput; the
 * per-second p99 median was 15.1-15.5, 15.8-16.4 and 18.5 ms, and 21.2-21.8 ms without slices.
 */
export const DEFAULT_SLICE_MS = 1

export interface LoopSlicesStats {
  /** Steps that ran at once, within an open slice's budget. */
  readonly ranAtOnce: number
  /** Steps that waited for a later turn. */
  readonly deferred: number
  /** Steps waiting now. */
  readonly waiting: number
  /** Longest wait of a deferred step so far, ms. */
  readonly longestWaitMs: number
}

interface Waiting {
  run(): void
  since: number
}

export class LoopSlices {
  readonly #budgetMs: number
  readonly #queue: Waiting[] = []
  #head = 0
  #open = false
  #used = 0
  #drainScheduled = false
  #ranAtOnce = 0
  #deferred = 0
  #longestWaitMs = 0

  constructor(budgetMs = DEFAULT_SLICE_MS) {
    this.#budgetMs = budgetMs
  }

  /**
   * Runs `step` (synchronous) now if the open slice has room and nothing waits before it, else in a
   * later turn. The promise settles with the step's result or rejects with what it threw.
   */
  run<T>(step: () => T): Promise<T> {
    if (this.#waitingCount() === 0 && (!this.#open || this.#used < this.#budgetMs)) {
      if (!this.#open) {
        this.#open = true
        this.#used = 0
        this.#closeAtCheckPhase()
      }
      this.#ranAtOnce++
      try {
        return Promise.resolve(this.#timed(step))
      } catch (err) {
        return Promise.reject(err)
      }
    }
    return new Promise<T>((resolve, reject) => {
      this.#deferred++
      this.#queue.push({
        since: performance.now(),
        run: () => {
          try {
            resolve(this.#timed(step))
          } catch (err) {
            reject(err)
          }
        },
      })
      this.#scheduleDrain()
    })
  }

  stats(): LoopSlicesStats {
    return { ranAtOnce: this.#ranAtOnce, deferred: this.#deferred, waiting: this.#waitingCount(), longestWaitMs: this.#longestWaitMs }
  }

  #timed<T>(step: () => T): T {
    const t0 = performance.now()
    try {
      return step()
    } finally {
      this.#used += performance.now() - t0
    }
  }

  /** The slice ends when the loop reaches its check phase, unless a drain will carry it on. */
  #closeAtCheckPhase(): void {
    setImmediate(() => { if (!this.#drainScheduled) this.#open = false })
  }

  #waitingCount(): number {
    return this.#queue.length - this.#head
  }

  #scheduleDrain(): void {
    if (this.#drainScheduled) return
    this.#drainScheduled = true
    setImmediate(() => this.#drain())
  }

  #drain(): void {
    this.#drainScheduled = false
    this.#open = true
    this.#used = 0
    while (this.#head < this.#queue.length && this.#used < this.#budgetMs) {
      const w = this.#queue[this.#head] as Waiting
      this.#queue[this.#head++] = undefined as unknown as Waiting
      const waited = performance.now() - w.since
      if (waited > this.#longestWaitMs) this.#longestWaitMs = waited
      w.run()
    }
    if (this.#head === this.#queue.length) {
      this.#queue.length = 0
      this.#head = 0
      // The slice stays open (and full) until the check phase ends: steps arriving later in this
      // turn wait for the next one only if the budget is spent.
      this.#closeAtCheckPhase()
    } else {
      if (this.#head > 1024) {
        this.#queue.splice(0, this.#head)
        this.#head = 0
      }
      this.#scheduleDrain()
    }
  }
}

/** The event loop is one per process, so is its budget: every TLS engine of the node shares it. */
export const loopSlices = new LoopSlices()
