// StateHandle: one actor's view of its stored state. Writes are behind the reply, serialized,
// coalesced, and checked against the revision last read or written; a conflict reloads and rebases
// or gives up, and never writes blindly (STYLE.md, errors; Orleans' grain state with ETags).
import { StateConflictError } from './nac-error.js'
import type { StateStore } from './kv-state-store.js'

/**
 * Merges the caller's `next` value onto what is stored now (undefined: nothing stored). Returning
 * undefined gives up the write: the handle turns stale and the actor must load() again.
 */
export type Rebase<S> = (stored: S | undefined, next: S) => S | undefined

export interface StateHandleLog {
  warn(o: object, m?: string): void
}

const MAX_REBASES = 5
const MAX_TRANSIENT_RETRIES = 3
const RETRY_DELAY_MS = 50

/** The state of one actor key, bound to a store. Owned by one actor instance at a time. */
export class StateHandle<S> {
  readonly key: string
  readonly #store: StateStore<S>
  readonly #log: StateHandleLog | undefined
  #revision = 0
  #stale = false
  #pending: { next: S; rebase: Rebase<S> | undefined } | undefined
  #writing: Promise<void> | undefined
  #error: unknown
  #conflicts = 0

  constructor(store: StateStore<S>, key: string, log?: StateHandleLog) {
    this.#store = store
    this.key = key
    this.#log = log
  }

  /** The revision the next write is checked against (0: the key must not exist). */
  get revision(): number { return this.#revision }
  /** True after a conflict that was not rebased: saves are refused until load(). */
  get stale(): boolean { return this.#stale }
  /** Revision conflicts met so far (rebased or not). */
  get conflicts(): number { return this.#conflicts }

  /** Reads the stored value (after pending writes of this handle) and remembers its revision. */
  async load(): Promise<S | undefined> {
    await this.#idle()
    const stored = await this.#store.load(this.key)
    this.#revision = stored?.revision ?? 0
    this.#stale = false
    return stored?.value
  }

  /**
   * Queues a write of `next`, behind the reply: it returns at once. Writes are serialized; a newer
   * save replaces a queued one. On a revision conflict the handle reloads and, when `rebase`
   * returns a value, retries with it. Failures surface in flush().
   */
  save(next: S, rebase?: Rebase<S>): void {
    if (this.#stale) {
      this.#error ??= new StateConflictError(this.key, this.#revision)
      return
    }
    this.#pending = { next, rebase }
    this.#writing ??= this.#drain().finally(() => { this.#writing = undefined })
  }

  /** Awaits every queued write; rejects with the first failure since the last flush(). */
  async flush(): Promise<void> {
    await this.#idle()
    const err = this.#error
    this.#error = undefined
    if (err !== undefined) throw err
  }

  async #idle(): Promise<void> {
    while (this.#writing !== undefined) await this.#writing
  }

  async #drain(): Promise<void> {
    while (this.#pending !== undefined) {
      const { next, rebase } = this.#pending
      this.#pending = undefined
      try {
        await this.#write(next, rebase)
      } catch (err) {
        this.#error ??= err
        this.#log?.warn({ key: this.key, err }, 'state write failed')
      }
    }
  }

  async #write(next: S, rebase: Rebase<S> | undefined): Promise<void> {
    let value = next
    let rebases = 0
    let transient = 0
    for (;;) {
      if (this.#stale) throw new StateConflictError(this.key, this.#revision)
      try {
        this.#revision = await this.#store.save(this.key, value, this.#revision)
        return
      } catch (err) {
        if (!(err instanceof StateConflictError)) {
          // A lost or timed-out write is retried against the same revision: if it had landed,
          // the retry meets a conflict and goes through rebase like any other.
          if (++transient > MAX_TRANSIENT_RETRIES) throw err
          await new Promise((r) => setTimeout(r, RETRY_DELAY_MS * transient))
          continue
        }
        this.#conflicts++
        const stored = await this.#store.load(this.key)
        this.#revision = stored?.revision ?? 0
        const rebased = rebase !== undefined && rebases++ < MAX_REBASES ? rebase(stored?.value, value) : undefined
        if (rebased === undefined) {
          this.#stale = true
          throw err
        }
        value = rebased
      }
    }
  }
}
