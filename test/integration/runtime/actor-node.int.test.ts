// The actor node against a real nats-server: routing to the owning node, serialized mailboxes,
// the mailbox bound, supervision with restarts and cool-down, idle passivation, and state saved
// with revision checks (StateConflictError, rebase).
import { afterAll, beforeAll, describe, expect, test } from 'vitest'
import { connect, type NatsConnection } from '@nats-io/transport-node'
import {
  ActorNode, KvStateStore, NacError, StateConflictError, StateHandle, ensureBucket,
} from '../../../actors/runtime/index.js'
import { shardOf } from '../../../proto/wire/shard.js'
import { sessionKey, shardSubject } from '../../../proto/wire/subjects.js'
import { startNatsServer, type NatsServer } from '../../support/nats-server.js'
import {
  CounterWorld, counterNodeOptions, encodeReq, request, sleep, waitFor,
  type CounterReply, type CounterReq, type CounterState,
} from './support.js'

type Node = ActorNode<CounterReq, CounterReply, CounterState>

let srv: NatsServer
const conns: NatsConnection[] = []
const nodes: Node[] = []

beforeAll(async () => { srv = await startNatsServer() })
afterAll(async () => {
  await Promise.all(nodes.map((n) => n.stop()))
  await Promise.all(conns.map((nc) => nc.close()))
  await srv?.stop()
})

async function conn(name: string): Promise<NatsConnection> {
  const nc = await connect({ servers: srv.url, name })
  conns.push(nc)
  return nc
}

async function startNode(id: string, world: CounterWorld, extra: Parameters<typeof counterNodeOptions>[3]): Promise<Node> {
  const node: Node = new ActorNode(counterNodeOptions(await conn(id), id, world, extra))
  nodes.push(node)
  await node.start()
  return node
}

/** Each test has its own placement and state buckets, so none sees another's nodes. */
describe('actor node', () => {
  test('requests reach the actor on the owning node and are serialized', async () => {
    const SHARDS = 8
    const world = new CounterWorld()
    const opts = { shardCount: SHARDS, heartbeatMs: 250, leaseTtlMs: 1500, subjectPrefix: 'rt', stateBucket: 'rt_route', placementBucket: 'rt_route_placement' }
    const a = await startNode('route-a', world, opts)
    const b = await startNode('route-b', world, opts)
    await waitFor(() => a.ownedShards().length + b.ownedShards().length === SHARDS && a.ownedShards().length > 0 && b.ownedShards().length > 0, 10_000, 'placement')
    const client = await conn('route-client')
    const keys = Array.from({ length: 12 }, (_, i) => `org1.00000000000${i.toString(16)}`)
    const replies = await Promise.all(keys.flatMap((key) => Array.from({ length: 25 }, () => request(client, SHARDS, { key, op: 'inc' }))))
    expect(replies.every((r) => r.kind === 'ok')).toBe(true)
    for (const key of keys) {
      const r = await request(client, SHARDS, { key, op: 'get' })
      expect(r).toMatchObject({ kind: 'ok', count: 25 })
      const owner = a.ownedShards().includes(shardOf(key, SHARDS)) ? 'route-a' : 'route-b'
      expect(r.kind === 'ok' && r.node).toBe(owner)
    }
    expect(a.stats.replied + b.stats.replied).toBe(keys.length * 26)
    // Undecodable input is counted and dropped, with no reply.
    await expect(client.request(shardSubject('rt', 0), encodeReq('hello' as unknown as CounterReq), { timeout: 300 })).rejects.toThrow()
    expect((a.dropReasons.get('BAD_ENVELOPE') ?? 0) + (b.dropReasons.get('BAD_ENVELOPE') ?? 0)).toBe(1)
    // A key whose shard the receiving node does not hold (as during a move) gets no reply.
    const keyOfB = keys.find((k) => b.ownedShards().includes(shardOf(k, SHARDS)))!
    const subjectOfA = shardSubject('rt', a.ownedShards()[0]!)
    await expect(client.request(subjectOfA, encodeReq({ key: keyOfB, op: 'get' }), { timeout: 300 })).rejects.toThrow()
    expect(a.dropReasons.get('NOT_OWNER')).toBe(1)
    await Promise.all([a.stop(), b.stop()])
    expect(a.activeActors + b.activeActors).toBe(0)
  })

  describe('one node', () => {
    const SHARDS = 4
    const world = new CounterWorld()
    let node: Node
    let client: NatsConnection

    beforeAll(async () => {
      node = await startNode('solo', world, {
        shardCount: SHARDS, heartbeatMs: 250, leaseTtlMs: 1500, subjectPrefix: 'rt', stateBucket: 'rt_solo', placementBucket: 'rt_solo_placement',
        mailboxLimit: 2, idleMs: 400, restartPolicy: { maxRestarts: 2, windowMs: 10_000, coolDownMs: 800 },
      })
      await waitFor(() => node.ownedShards().length === SHARDS, 10_000, 'solo to own all shards')
      client = await conn('solo-client')
    })

    test('a full mailbox answers overloaded', async () => {
      world.closeGate()
      const key = 'org1.0000000000aa'
      const pending = Array.from({ length: 6 }, () => request(client, SHARDS, { key, op: 'wait' }, 1, 5000))
      await waitFor(() => node.stats.overloaded >= 3, 5000, 'overloaded replies')
      world.openGate()
      const replies = await Promise.all(pending)
      expect(replies.filter((r) => r.kind === 'overloaded')).toHaveLength(3) // one running, two queued
      expect(replies.filter((r) => r.kind === 'ok')).toHaveLength(3)
    })

    test('a throwing actor answers failed, restarts from saved state, and cools down when it keeps failing', async () => {
      const key = 'org1.0000000000bb'
      expect(await request(client, SHARDS, { key, op: 'inc' })).toMatchObject({ kind: 'ok', count: 1 })
      const first = await request(client, SHARDS, { key, op: 'get' })
      const restarts0 = node.stats.restarts
      expect(await request(client, SHARDS, { key, op: 'boom' })).toEqual({ kind: 'failed', code: 'THREW' })
      const again = await request(client, SHARDS, { key, op: 'get' })
      expect(again).toMatchObject({ kind: 'ok', count: 1 })
      expect(again.kind === 'ok' && first.kind === 'ok' && again.instance !== first.instance).toBe(true)
      expect(node.stats.restarts).toBe(restarts0 + 1)

      // Two more failures pass the limit (2 per window): activation is refused for the cool-down.
      await request(client, SHARDS, { key, op: 'boom' })
      await request(client, SHARDS, { key, op: 'boom' })
      const activations = world.activations.length
      expect(await request(client, SHARDS, { key, op: 'get' })).toEqual({ kind: 'failed', code: 'NAC_ERR_ACTOR_COOLING_DOWN' })
      expect(world.activations.length).toBe(activations)
      await sleep(900)
      expect(await request(client, SHARDS, { key, op: 'get' })).toMatchObject({ kind: 'ok', count: 1 })
    })

    test('an idle actor is passivated and re-activated from KV state', async () => {
      const key = 'org1.0000000000cc'
      for (let i = 0; i < 3; i++) await request(client, SHARDS, { key, op: 'inc' })
      const passivations = node.stats.passivations
      await waitFor(() => world.passivations.includes(key), 3000, 'idle passivation')
      expect(node.stats.passivations).toBeGreaterThan(passivations)
      const store = new KvStateStore<CounterState>(await ensureBucket(client, 'rt_solo'))
      expect((await store.load(sessionKey(key)))?.value).toEqual({ count: 3 })
      const before = world.activations.filter((k) => k === key).length
      expect(await request(client, SHARDS, { key, op: 'get' })).toMatchObject({ kind: 'ok', count: 3 })
      expect(world.activations.filter((k) => k === key).length).toBe(before + 1)
    })
  })

  test('state is saved against its revision: StateConflictError, and rebase on conflict', async () => {
    const nc = await conn('state')
    const store = new KvStateStore<CounterState>(await ensureBucket(nc, 'rt_state', { history: 5 }))
    const r1 = await store.save('k1', { count: 1 }, 0)
    const conflict = await store.save('k1', { count: 9 }, 0).catch((e: unknown) => e)
    expect(conflict).toBeInstanceOf(StateConflictError)
    expect(conflict).toBeInstanceOf(NacError)
    expect((conflict as StateConflictError).code).toBe('NAC_ERR_STATE_CONFLICT')
    expect((conflict as StateConflictError).cause).toBeDefined()
    const r2 = await store.save('k1', { count: 2 }, r1)
    await expect(store.save('k1', { count: 3 }, r1)).rejects.toBeInstanceOf(StateConflictError)
    expect(await store.load('k1')).toEqual({ value: { count: 2 }, revision: r2 })

    // Two handles on one key: the second writes from a stale revision and rebases onto the first.
    const h1 = new StateHandle(store, 'k2')
    const h2 = new StateHandle(store, 'k2')
    expect(await h1.load()).toBeUndefined()
    expect(await h2.load()).toBeUndefined()
    h1.save({ count: 10 })
    await h1.flush()
    const seen: Array<CounterState | undefined> = []
    h2.save({ count: 1 }, (stored, next) => { seen.push(stored); return { count: (stored?.count ?? 0) + next.count } })
    await h2.flush()
    expect(seen).toEqual([{ count: 10 }])
    expect((await store.load('k2'))?.value).toEqual({ count: 11 })
    expect(h2.conflicts).toBe(1)

    // Without rebase a conflict is reported and the handle refuses to write until it reloads.
    h1.save({ count: 20 })
    await expect(h1.flush()).rejects.toBeInstanceOf(StateConflictError)
    expect(h1.stale).toBe(true)
    h1.save({ count: 21 })
    await expect(h1.flush()).rejects.toBeInstanceOf(StateConflictError)
    expect((await store.load('k2'))?.value).toEqual({ count: 11 })
    expect(await h1.load()).toEqual({ count: 11 })
    h1.save({ count: 12 })
    await h1.flush()
    expect((await store.load('k2'))?.value).toEqual({ count: 12 })

    // Writes are behind: save returns at once, later saves coalesce, flush awaits them.
    for (let i = 0; i < 50; i++) h1.save({ count: 100 + i })
    await h1.flush()
    expect((await store.load('k2'))?.value).toEqual({ count: 149 })
  })
})
