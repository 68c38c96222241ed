// KvStateStore: actor state in a JetStream KV bucket, saved against the revision it was read at.
// A revision mismatch is StateConflictError, never a blind overwrite (STYLE.md; Orleans' ETags).
import { Packr } from 'msgpackr'
import { Bucket, type KV } from '@nats-io/kv'
import { JetStreamApiCodes, JetStreamApiError, PubHeaders } from '@nats-io/jetstream'
import { headers } from '@nats-io/transport-node'
import { PubAckError, PubAckFailure, type JetStreamAcks } from './jetstream-acks.js'
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

const WRONG_LAST_SEQUENCE: readonly number[] = [JetStreamApiCodes.StreamWrongLastSequence, JetStreamApiCodes.StreamWrongLastSequenceUnknown]

/** True for the JetStream "wrong last sequence" answer to a revision-checked write. */
export function isWrongLastSequence(err: unknown): boolean {
  if (err instanceof PubAckError) return err.reason === PubAckFailure.streamError && err.errCode !== undefined && WRONG_LAST_SEQUENCE.includes(err.errCode)
  return err instanceof JetStreamApiError && WRONG_LAST_SEQUENCE.includes(err.code)
}

/** How long a save waits for the stream's ack (nats.js's default request timeout). */
const SAVE_TIMEOUT_MS = 5000

/** State of many keys in one KV bucket; values msgpack-encoded unless another codec is given. */
export class KvStateStore<S> implements StateStore<S> {
  readonly #kv: KV
  readonly #codec: StateCodec<S>
  readonly #acks: JetStreamAcks | undefined

  /**
   * `acks`: revision-checked writes go through it (one reply subscription, jetstream-acks.ts) rather
   * than kv.update's nc.request, which costs nats.js a stack-traced RequestError per answered write.
   */
  constructor(kv: KV, codec: StateCodec<S> = msgpackStateCodec<S>(), acks?: JetStreamAcks) {
    this.#kv = kv
    this.#codec = codec
    this.#acks = acks !== undefined && kv instanceof Bucket ? acks : undefined
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
      if (this.#acks !== undefined) {
        try {
          return await this.#put(this.#acks, key, data, revision)
        } catch (err) {
          // A key that was deleted or purged keeps a marker at some revision: "must not exist" then
          // means "at that marker", which kv.create resolves (and reports a conflict otherwise).
          if (revision !== 0 || !isWrongLastSequence(err)) throw err
          return await this.#kv.create(key, data)
        }
      }
      return revision === 0 ? await this.#kv.create(key, data) : await this.#kv.update(key, data, revision)
    } catch (err) {
      if (isWrongLastSequence(err)) throw new StateConflictError(key, revision, { cause: err })
      throw err
    }
  }

  /** What kv.update / kv.create publish (@nats-io/kv _put): the value with the expected revision. */
  async #put(acks: JetStreamAcks, key: string, data: Uint8Array, revision: number): Promise<number> {
    const h = headers()
    h.set(PubHeaders.ExpectedLastSubjectSequenceHdr, String(revision))
    const ack = await acks.publish((this.#kv as Bucket).subjectForKey(key, true), data, { timeoutMs: SAVE_TIMEOUT_MS, headers: h })
    return ack.seq
  }
}
