// Shard leases against a real nats-server: exclusive ownership, rebalancing on join, failover
// after a node dies without releasing (it must fence itself), checked both from the KV history
// and from the serve intervals recorded in-process.
import { afterAll, beforeAll, describe, expect, test } from 'vitest'
import { connect, type NatsConnection } from '@nats-io/transport-node'
import { Kvm, type KvEntry } from '@nats-io/kv'
import { ActorNode, type LeaseRecord, type NodeRecord } from '../../../actors/runtime/index.js'
import { Buckets, nodeKey, shardLeaseKey } from '../../../proto/wire/subjects.js'
import { startNatsServer, type NatsServer } from '../../support/nats-server.js'
import { CounterWorld, counterNodeOptions, waitFor, type CounterReply, type CounterReq, type CounterState } from './support.js'

const SHARDS = 32
const HEARTBEAT_MS = 250
const LEASE_TTL_MS = 1500

type Node = ActorNode<CounterReq, CounterReply, CounterState>
interface Interval { node: string; shard: number; start: number; end: number | undefined }

let srv: NatsServer
beforeAll(async () => { srv = await startNatsServer() })
afterAll(async () => { await srv?.stop() })

/** True when every shard is served by exactly one of `nodes`. */
function exclusive(nodes: Node[]): boolean {
  const owners = new Map<number, number>()
  for (const n of nodes) for (const s of n.ownedShards()) owners.set(s, (owners.get(s) ?? 0) + 1)
  return owners.size === SHARDS && [...owners.values()].every((c) => c === 1)
}

async function history(kv: Awaited<ReturnType<Kvm['open']>>, key: string): Promise<KvEntry[]> {
  const out: KvEntry[] = []
  for await (const e of await kv.history({ key })) out.push(e)
  return out
}

describe('placement', () => {
  test('leases are exclusive, rebalance on join, and fail over after a crash without overlap', async () => {
    const conns: NatsConnection[] = []
    const nodes: Node[] = []
    const intervals: Interval[] = []
    const world = new CounterWorld()

    const startNode = async (id: string): Promise<Node> => {
      const nc = await connect({ servers: srv.url, name: id })
      conns.push(nc)
      const node: Node = new ActorNode(counterNodeOptions(nc, id, world, {
        shardCount: SHARDS, heartbeatMs: HEARTBEAT_MS, leaseTtlMs: LEASE_TTL_MS,
      }))
      let prev = new Set<number>()
      node.onShardsChanged = (owned) => {
        const now = performance.now()
        const cur = new Set(owned)
        for (const s of cur) if (!prev.has(s)) intervals.push({ node: id, shard: s, start: now, end: undefined })
        for (const s of prev) {
          if (cur.has(s)) continue
          const open = intervals.find((i) => i.node === id && i.shard === s && i.end === undefined)
          if (open !== undefined) open.end = now
        }
        prev = cur
      }
      nodes.push(node)
      await node.start()
      return node
    }

    const observer = await connect({ servers: srv.url, name: 'observer' })
    conns.push(observer)
    try {
      const a = await startNode('a')
      const b = await startNode('b')
      await waitFor(() => exclusive([a, b]) && a.ownedShards().length > 0 && b.ownedShards().length > 0, 10_000, 'a and b to share all shards')

      const c = await startNode('c')
      await waitFor(() => exclusive([a, b, c]) && [a, b, c].every((n) => n.ownedShards().length > 0), 10_000, 'rebalance onto c')
      const cHeld = c.ownedShards()
      expect(cHeld.length).toBeGreaterThan(0)

      // Crash c: its connection goes without a word; its heartbeats fail and it must fence itself.
      await conns[3]!.close()
      const fencedAfter = await waitFor(() => c.ownedShards().length === 0, LEASE_TTL_MS, 'c to fence itself')
      const failoverMs = await waitFor(() => exclusive([a, b]), LEASE_TTL_MS + 3000, 'a and b to take over')
      console.info(`placement: c fenced after ${fencedAfter.toFixed(0)} ms, shards failed over after ${failoverMs.toFixed(0)} ms (lease TTL ${LEASE_TTL_MS} ms, heartbeat ${HEARTBEAT_MS} ms)`)
      expect(fencedAfter).toBeLessThan(LEASE_TTL_MS - 1000 + HEARTBEAT_MS)
      expect(failoverMs).toBeLessThan(LEASE_TTL_MS + 2000)

      // Graceful leave: a releases its shards, so b takes them without waiting for a lease TTL.
      const tLeave = performance.now()
      await a.stop()
      await waitFor(() => exclusive([b]), LEASE_TTL_MS, 'b to take all shards')
      const leaveMs = performance.now() - tLeave
      console.info(`placement: graceful leave of a, b serves all shards ${leaveMs.toFixed(0)} ms after a began to stop`)
      expect(leaveMs).toBeLessThan(LEASE_TTL_MS)

      // KV history: every owner change without a release comes a full TTL after the old owner's last heartbeat.
      const kv = await new Kvm(observer).open(Buckets.placement)
      const heartbeats = new Map<string, number[]>()
      for (const id of ['a', 'b', 'c']) {
        const beats = (await history(kv, nodeKey(id))).filter((e) => e.operation === 'PUT')
        expect(beats[0]?.json<NodeRecord>().nodeId).toBe(id)
        heartbeats.set(id, beats.map((e) => e.created.getTime()))
      }
      let takeovers = 0
      const gaps: number[] = []
      let releases = 0
      for (let s = 0; s < SHARDS; s++) {
        const h = (await history(kv, shardLeaseKey(s))).filter((e) => e.operation === 'PUT')
        for (let i = 1; i < h.length; i++) {
          const prev = h[i - 1]!.json<LeaseRecord>()
          const cur = h[i]!.json<LeaseRecord>()
          if (prev.owner === null) continue
          if (cur.owner === null) { releases++; continue }
          if (cur.owner === prev.owner && cur.epoch === prev.epoch) continue
          const at = h[i]!.created.getTime()
          const lastBeat = (heartbeats.get(prev.owner) ?? []).filter((t) => t <= at).at(-1)
          expect(lastBeat, `heartbeat of ${prev.owner} before shard ${s} moved`).toBeDefined()
          expect(at - lastBeat!, `shard ${s}: ${prev.owner} -> ${cur.owner}`).toBeGreaterThanOrEqual(LEASE_TTL_MS - 1)
          gaps.push(at - lastBeat!)
          takeovers++
        }
      }
      expect(takeovers).toBe(cHeld.length)
      console.info(`placement: takeovers came ${Math.min(...gaps)}-${Math.max(...gaps)} ms after the dead owner's last heartbeat (server time)`)
      expect(releases).toBeGreaterThan(0)

      // In-process serve intervals: no two nodes served one shard at the same time.
      for (let s = 0; s < SHARDS; s++) {
        const iv = intervals.filter((i) => i.shard === s).sort((x, y) => x.start - y.start)
        for (let i = 1; i < iv.length; i++) {
          const p = iv[i - 1]!
          expect(p.end, `shard ${s}: ${p.node} still serving when ${iv[i]!.node} started`).toBeDefined()
          expect(p.end!).toBeLessThanOrEqual(iv[i]!.start)
        }
      }
    } finally {
      await Promise.all(nodes.map((n) => n.stop()))
      await Promise.all(conns.map((nc) => nc.close()))
    }
  })
})
