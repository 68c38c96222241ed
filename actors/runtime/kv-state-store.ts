// KvStateStore: actor state in a JetStream KV bucket, saved against the revision it was read at.
// A revision mismatch is StateConflictError, never a blind overwrite (STYLE.md; Orleans' ETags).
import { Packr } from 'msgpackr'
import type { KV } from '@nats-io/kv'
import { JetStreamApiCodes, JetStreamApiError } from '@nats-io/jetstream'
import { StateConflictError } from './nac-error.js'

/** What an actor's state handle needs from a store; KvStateStore is the production one. */
export interface StateStore<S> {
  load(key: string): Promise<{ value: S; revision: number } | undefined>
  /** Writes `value` if the stored revision is `revision` (0: the key must not exist). */
  save(key: string, value: S, revision: number): Promise<number>
}

export interface StateCodec<S> {
  encode(value: S): Uint8Array
  decode(data: Uint8Array): S
}

/** Plain msgpack (no shared record structures): stored state must decode without the writer's context. */
export function msgpackStateCodec<S>(): StateCodec<S> {
  const packr = new Packr({ useRecords: false })
  return { encode: (v) => packr.pack(v), decode: (d) => packr.unpack(d) as S }
}

/** True for the JetStream "wrong last sequence" answer to a revision-checked write. */
export function isWrongLastSequence(err: unknown): boolean {
  return err instanceof JetStreamApiError
    && (err.code === JetStreamApiCodes.StreamWrongLastSequence || err.code === JetStreamApiCodes.StreamWrongLastSequenceUnknown)
}

/** State of many keys in one KV bucket; values msgpack-encoded unless another codec is given. */
export class KvStateStore<S> implements StateStore<S> {
  readonly #kv: KV
  readonly #codec: StateCodec<S>

  constructor(kv: KV, codec: StateCodec<S> = msgpackStateCodec<S>()) {
    this.#kv = kv
    this.#codec = codec
  }

  /** The stored value and its revision; undefined when the key is absent or deleted. */
  async load(key: string): Promise<{ value: S; revision: number } | undefined> {
    const e = await this.#kv.get(key)
    if (e === null || e.operation !== 'PUT') return undefined
    return { value: this.#codec.decode(e.value), revision: e.revision }
  }

  /**
   * Saves `value` if the stored revision is `revision` (0: the key must not exist, or be deleted).
   * Returns the new revision; throws StateConflictError when the revision does not match.
   */
  async save(key: string, value: S, revision: number): Promise<number> {
    const data = this.#codec.encode(value)
    try {
      return revision === 0 ? await this.#kv.create(key, data) : await this.#kv.update(key, data, revision)
    } catch (err) {
      if (isWrongLastSequence(err)) throw new StateConflictError(key, revision, { cause: err })
      throw err
    }
  }
}
