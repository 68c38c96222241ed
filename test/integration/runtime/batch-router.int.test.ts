// The gateway's NatsRouter against real actor nodes on a real nats-server: requests routed within
// one tick are coalesced per owner node (one batch message each way), a lone request goes alone,
// and a batch with no responders or no answer yields no reply for every request in it.
import { afterAll, beforeAll, describe, expect, test } from 'vitest'
import { connect, type NatsConnection } from '@nats-io/transport-node'
import { ActorNode, ensureBucket } from '../../../actors/runtime/index.js'
import { Counters } from '../../../gateway/counters.js'
import { NatsRouter } from '../../../gateway/dispatch/nats-router.js'
import {
  Outcome, batchSubject, decodeBatch, decodeRequest, encodeReply, type RadiusReply, type RadiusRequest,
} from '../../../proto/wire/envelope.js'
import { shardOf } from '../../../proto/wire/shard.js'
import { startNatsServer, type NatsServer } from '../../support/nats-server.js'
import { silentLog, waitFor } from './support.js'

const SHARDS = 8
const PREFIX = 'rtb'

let srv: NatsServer
const conns: NatsConnection[] = []
const nodes: Array<ActorNode<RadiusRequest, RadiusReply>> = []

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

/** An actor that accepts with its node id as Filter-Id (type 11). */
async function startNode(nodeId: string, placementBucket: string): Promise<ActorNode<RadiusRequest, RadiusReply>> {
  const node = new ActorNode<RadiusRequest, RadiusReply>({
    nc: await conn(nodeId),
    nodeId,
    subjectPrefix: PREFIX,
    shardCount: SHARDS,
    shardOfKey: (key) => shardOf(key, SHARDS),
    decode: (data) => {
      const r = decodeRequest(data)
      return r.ok ? { ok: true, key: r.value.clientKey, msg: r.value } : { ok: false, reason: r.reason }
    },
    encode: encodeReply,
    activate: async () => ({
      receive: async (m: RadiusRequest) => ({ outcome: Outcome.ACCEPT, attributes: [[11, Buffer.from(`${nodeId}:${m.clientKey}`)]], error: undefined }),
    }),
    overloaded: () => ({ outcome: Outcome.OVERLOADED, attributes: [], error: undefined }),
    failed: () => ({ outcome: Outcome.FAILED, attributes: [], error: undefined }),
    stateBucket: `${placementBucket}_state`,
    placementBucket,
    heartbeatMs: 250,
    leaseTtlMs: 1500,
    log: silentLog,
  })
  nodes.push(node)
  await node.start()
  return node
}

function req(key: string): RadiusRequest {
  return {
    kind: 'radius', org: 'o', site: undefined, nasId: 'n', vendor: undefined, transport: 'radsec',
    clientKey: key, shard: shardOf(key, SHARDS), deadline: Date.now() + 1000, packet: Buffer.from([1, 2, 3]),
  }
}

const text = (r: RadiusReply | undefined): string | undefined => (r === undefined ? undefined : Buffer.from(r.attributes[0]![1]).toString())

describe('NatsRouter batches', () => {
  test('requests of one tick are coalesced per owner node and each gets its own reply', async () => {
    const bucket = 'rtb_placement'
    const a = await startNode('batch-a', bucket)
    const b = await startNode('batch-b', bucket)
    await waitFor(() => a.ownedShards().length + b.ownedShards().length === SHARDS && a.ownedShards().length > 0 && b.ownedShards().length > 0, 10_000, 'placement')
    const counters = new Counters()
    const router = new NatsRouter(await conn('gw'), PREFIX, counters, { placementBucket: bucket })
    await waitFor(() => router.knownOwners === SHARDS, 10_000, 'router learns the owners')

    const keys = Array.from({ length: 40 }, (_, i) => `o.0200000000${i.toString(16).padStart(2, '0')}`)
    const replies = await Promise.all(keys.map((k) => router.route(req(k), 2000)))
    keys.forEach((k, i) => {
      const owner = a.ownedShards().includes(shardOf(k, SHARDS)) ? 'batch-a' : 'batch-b'
      expect(text(replies[i])).toBe(`${owner}:${k}`)
    })
    expect(counters.get('route.batches')).toBe(2)
    expect(a.stats.received + b.stats.received).toBe(40)

    // A lone request goes alone, at once.
    expect(text(await router.route(req(keys[0]!), 2000))).toMatch(/^batch-[ab]:/)
    expect(counters.get('route.batches')).toBe(3)
  })

  test('no responders and no answer mean no reply for every request of the batch', async () => {
    const bucket = 'rtb_ghost_placement'
    const nc = await conn('ghost-setup')
    const kv = await ensureBucket(nc, bucket, { history: 1 })
    // Shards 0..3 leased to a node that is gone, 4..7 to one that never answers.
    for (let s = 0; s < SHARDS; s++) await kv.put(`shard.${s}`, JSON.stringify({ owner: s < 4 ? 'gone' : 'mute', epoch: 'e', at: 0 }))
    const seen: number[] = []
    nc.subscribe(batchSubject(PREFIX, 'mute'), { callback: (_e, m) => { const d = decodeBatch(m.data); if (d.ok) seen.push(d.value.length) } })
    await nc.flush()
    const counters = new Counters()
    const router = new NatsRouter(await conn('gw-ghost'), PREFIX, counters, { placementBucket: bucket })
    await waitFor(() => router.knownOwners === SHARDS, 10_000, 'router learns the owners')

    const keys = Array.from({ length: 30 }, (_, i) => `o.0300000000${i.toString(16).padStart(2, '0')}`)
    const gone = keys.filter((k) => shardOf(k, SHARDS) < 4)
    const mute = keys.filter((k) => shardOf(k, SHARDS) >= 4)
    const t0 = performance.now()
    const goneReplies = Promise.all(gone.map((k) => router.route(req(k), 400)))
    const muteReplies = Promise.all(mute.map((k) => router.route(req(k), 400)))
    expect(await goneReplies).toEqual(gone.map(() => undefined))
    expect(performance.now() - t0).toBeLessThan(400)
    expect(counters.get('route.failed.NoRespondersError')).toBe(gone.length)
    expect(await muteReplies).toEqual(mute.map(() => undefined))
    expect(performance.now() - t0).toBeGreaterThanOrEqual(395)
    expect(counters.get('route.failed.TimeoutError')).toBe(mute.length)
    expect(seen).toEqual([mute.length])
  })
})
