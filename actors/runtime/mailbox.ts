// Mailbox: one actor's queue. FIFO, one job at a time, bounded for user messages; system messages
// (passivate, stop) jump the queue (proto.actor's system/user mailbox split).

/** One unit of work; `drop` is called instead of `run` when the mailbox closes with it queued. */
export interface MailboxJob {
  run(): Promise<void>
  drop?(): void
}

/** Serial executor of an actor's messages. `run` errors are the job's business: they are caught here only to keep the loop alive. */
export class Mailbox {
  readonly limit: number
  readonly #user: MailboxJob[] = []
  readonly #system: MailboxJob[] = []
  readonly #onError: (err: unknown) => void
  #busy = false
  #closed = false

  constructor(limit: number, onError: (err: unknown) => void) {
    this.limit = limit
    this.#onError = onError
  }

  /** Queued user messages (the one running is not counted). */
  get size(): number { return this.#user.length }
  /** True while a job runs or any is queued. */
  get active(): boolean { return this.#busy || this.#user.length > 0 || this.#system.length > 0 }
  get closed(): boolean { return this.#closed }

  /** Queues a user message; false when the mailbox is full or closed (the caller replies overloaded). */
  post(job: MailboxJob): boolean {
    if (this.#closed || this.#user.length >= this.limit) return false
    this.#user.push(job)
    this.#kick()
    return true
  }

  /** Queues a system message ahead of every user message. Ignored once closed. */
  postSystem(job: MailboxJob): void {
    if (this.#closed) { job.drop?.(); return }
    this.#system.push(job)
    this.#kick()
  }

  /** Refuses further posts and drops the queued user messages; system messages still run. */
  close(): void {
    this.#closed = true
    for (const job of this.#user.splice(0)) job.drop?.()
  }

  // The first job starts at once (up to its first await), so `limit` counts waiting messages only.
  #kick(): void {
    if (this.#busy) return
    this.#busy = true
    void this.#loop()
  }

  async #loop(): Promise<void> {
    for (;;) {
      const job = this.#system.shift() ?? this.#user.shift()
      if (job === undefined) break
      try {
        await job.run()
      } catch (err) {
        this.#onError(err)
      }
    }
    this.#busy = false
  }
}
