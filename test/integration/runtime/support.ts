// Helpers for the actor runtime integration tests: a silent log, polling, a counter actor and its
// msgpack envelopes, and NATS requests retried the way a NAS retransmits.
import { Packr } from 'msgpackr'
import type { NatsConnection } from '@nats-io/transport-node'
import type { Actor, ActorContext, ActorNodeOptions, DecodeResult, RuntimeLog } from '../../../actors/runtime/index.js'
import { shardOf } from '../../../proto/wire/shard.js'
import { shardSubject } from '../../../proto/wire/subjects.js'

export const silentLog: RuntimeLog = { debug() {}, info() {}, warn() {}, error() {} }

/** Logs warnings and errors to stderr, for debugging a failing run. */
export const stderrLog: RuntimeLog = {
  debug() {},
  info() {},
  warn(o, m) { console.error('WARN', m, o) },
  error(o, m) { console.error('ERROR', m, o) },
}

export async function waitFor(cond: () => boolean, timeoutMs: number, what = 'condition'): Promise<number> {
  const t0 = performance.now()
  while (!cond()) {
    if (performance.now() - t0 > timeoutMs) throw new Error(`timed out after ${timeoutMs} ms waiting for ${what}`)
    await new Promise((r) => setTimeout(r, 20))
  }
  return performance.now() - t0
}

export const sleep = (ms: number): Promise<void> => new Promise((r) => setTimeout(r, ms))

export type CounterOp = 'inc' | 'get' | 'boom' | 'wait'
export interface CounterReq { key: string; op: CounterOp }
export type CounterReply =
  | { kind: 'ok'; count: number; node: string; instance: number }
  | { kind: 'overloaded' }
  | { kind: 'failed'; code: string }
export interface CounterState { count: number }

const packr = new Packr({ useRecords: false })
export const encodeReq = (r: CounterReq): Uint8Array => packr.pack(r)
export const decodeReply = (d: Uint8Array): CounterReply => packr.unpack(d) as CounterReply

/** Everything the counter actor reports to the test. */
export class CounterWorld {
  activations: string[] = []
  passivations: string[] = []
  gate: Promise<void> = Promise.resolve()
  #open: () => void = () => {}
  #instances = 0

  closeGate(): void {
    this.gate = new Promise((r) => { this.#open = r })
  }

  openGate(): void {
    this.#open()
  }

  nextInstance(): number {
    return ++this.#instances
  }
}

/** A counter that reads, yields, then writes: lost updates show at once if messages interleave. */
class CounterActor implements Actor<CounterReq, CounterReply> {
  readonly #ctx: ActorContext<CounterState>
  readonly #world: CounterWorld
  readonly #node: string
  readonly #instance: number
  #count: number

  constructor(ctx: ActorContext<CounterState>, world: CounterWorld, node: string, count: number) {
    this.#ctx = ctx
    this.#world = world
    this.#node = node
    this.#count = count
    this.#instance = world.nextInstance()
  }

  async receive(m: CounterReq): Promise<CounterReply> {
    switch (m.op) {
      case 'inc': {
        const v = this.#count
        await sleep(1)
        this.#count = v + 1
        this.#ctx.state.save({ count: this.#count })
        break
      }
      case 'boom':
        throw new Error('boom')
      case 'wait':
        await this.#world.gate
        break
      case 'get':
        break
    }
    return { kind: 'ok', count: this.#count, node: this.#node, instance: this.#instance }
  }

  async passivate(): Promise<void> {
    this.#world.passivations.push(this.#ctx.key)
    await this.#ctx.state.flush()
  }
}

export function counterNodeOptions(
  nc: NatsConnection,
  nodeId: string,
  world: CounterWorld,
  extra: Partial<ActorNodeOptions<CounterReq, CounterReply, CounterState>> & { shardCount: number },
): ActorNodeOptions<CounterReq, CounterReply, CounterState> {
  return {
    nc,
    nodeId,
    subjectPrefix: 'rt',
    shardOfKey: (key) => shardOf(key, extra.shardCount),
    decode: (data): DecodeResult<CounterReq> => {
      try {
        const v = packr.unpack(data) as Partial<CounterReq>
        return typeof v.key === 'string' && typeof v.op === 'string' ? { ok: true, key: v.key, msg: v as CounterReq } : { ok: false, reason: 'BAD_ENVELOPE' }
      } catch {
        return { ok: false, reason: 'NOT_MSGPACK' }
      }
    },
    encode: (r) => packr.pack(r),
    activate: async (key, ctx) => {
      const stored = await ctx.state.load()
      world.activations.push(key)
      return new CounterActor(ctx, world, nodeId, stored?.count ?? 0)
    },
    overloaded: () => ({ kind: 'overloaded' }),
    failed: (_m, err) => ({ kind: 'failed', code: (err as { code?: string }).code ?? 'THREW' }),
    log: process.env['RT_LOG'] === '1' ? stderrLog : silentLog,
    ...extra,
  }
}

/** A request retried on timeout or no responders, as a NAS retransmits. */
export async function request(nc: NatsConnection, shardCount: number, req: CounterReq, attempts = 10, timeoutMs = 1000): Promise<CounterReply> {
  const subject = shardSubject('rt', shardOf(req.key, shardCount))
  let last: unknown
  for (let i = 0; i < attempts; i++) {
    try {
      const m = await nc.request(subject, encodeReq(req), { timeout: timeoutMs })
      return decodeReply(m.data)
    } catch (err) {
      last = err
      await sleep(100)
    }
  }
  throw new Error(`no reply to ${req.op} ${req.key}`, { cause: last })
}
