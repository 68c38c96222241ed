// The request path end to end on a real nats-server: one gateway and two actor nodes as separate
// processes (built dist/), 10,000 MAB requests for 1,000 MACs over RADIUS/UDP, then one actor node
// killed (SIGKILL) mid-run: its shards move to the other node, every request is answered
// correctly, and the lease history never shows a shard with two owners at once.
import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { KV, KvEntry } from '@nats-io/kv'
import type { NatsConnection } from '@nats-io/transport-node'
import { connectNats } from '../../../actors/runtime/index.js'
import { applyEndpoints, applyOrg } from '../../../ops/cluster/config-store.js'
import { ensureTopology } from '../../../ops/nats/topology.js'
import { loadOrCreateClusterKey } from '../../../ops/secrets/index.js'
import { freeTcpPort, freeUdpPort } from '../../support/free-port.js'
import { startNatsServer, type NatsServer } from '../../support/nats-server.js'
import { opensslCa, opensslLeaf, SERVER_EXT } from '../../support/openssl-pki.js'
import { mabAttributes, UdpNas, type Answer } from '../../support/radius-udp-client.js'
import { startService, type ServiceProcess } from '../../support/service-process.js'
import { mabFixture } from './mab-fixture.js'

const SHARDS = 32
const HEARTBEAT_MS = 500
const LEASE_TTL_MS = 2500
const FENCE_MARGIN_MS = 1000 // the runtime's default
const MACS = 1000

const F = mabFixture({ org: 'load', secret: 'load-secret', macs: MACS, prefix: '0200', vlanSpread: 37 })
const { macOf, expected } = F

async function drive(nas: UdpNas, count: number, concurrency: number, offset: number, onAnswer: (i: number, a: Answer | undefined) => void): Promise<void> {
  let next = 0
  await Promise.all(Array.from({ length: concurrency }, async () => {
    while (next < count) {
      const n = next++
      const i = (offset + n) % MACS
      onAnswer(i, await nas.request(mabAttributes(macOf(i))))
    }
  }))
}

async function leaseHistory(kv: KV): Promise<KvEntry[]> {
  const out: KvEntry[] = []
  for await (const e of await kv.history({ key: '>' })) out.push(e)
  return out
}

describe('MAB through gateway → NATS → two actor nodes', () => {
  let nats: NatsServer
  let dir: string
  let nc: NatsConnection
  const procs: ServiceProcess[] = []
  let gateway: ServiceProcess
  let nodeA: ServiceProcess
  let nodeB: ServiceProcess
  let nas: UdpNas

  beforeAll(async () => {
    nats = await startNatsServer()
    dir = mkdtempSync(join(tmpdir(), 'nac-int-'))
    const keyFile = join(dir, 'cluster.key')
    const clusterKey = loadOrCreateClusterKey(keyFile)
    nc = await connectNats({ servers: nats.url, name: 'test' })
    const topo = await ensureTopology(nc)
    await applyOrg(topo.config, F.orgDoc(), clusterKey)
    await applyEndpoints(topo.endpoints, F.org, F.endpoints())
    const ca = opensslCa(dir, 'ca', '/CN=test radsec CA')
    const server = opensslLeaf(dir, ca, 'server', '/CN=localhost', SERVER_EXT)
    const common = ['--nats', nats.url, '--cluster-key', keyFile, '--shards', String(SHARDS)]
    const node = ['--heartbeat', String(HEARTBEAT_MS), '--lease-ttl', String(LEASE_TTL_MS)]
    nodeA = await startService(['actor-node', ...common, ...node, '--node-id', 'node-a'])
    procs.push(nodeA)
    nodeB = await startService(['actor-node', ...common, ...node, '--node-id', 'node-b'])
    procs.push(nodeB)
    const authPort = await freeUdpPort()
    gateway = await startService(['gateway', ...common, '--radsec-cert', server.cert, '--radsec-key', server.key,
      '--radsec-port', String(await freeTcpPort()), '--auth-port', String(authPort), '--acct-port', String(await freeUdpPort())])
    procs.push(gateway)
    nas = new UdpNas({ host: '127.0.0.1', port: authPort, secret: F.secret, timeoutMs: 1000, retries: 6 })
    await nas.bind()
    // Both nodes hold shards before the run starts (rebalancing after the second joined).
    const kv = topo.placement
    const deadline = Date.now() + 20_000
    for (;;) {
      const owners = new Set<string>()
      for (let s = 0; s < SHARDS; s++) {
        const e = await kv.get(`shard.${s}`)
        if (e?.operation === 'PUT') owners.add((e.json() as { owner: string | null }).owner ?? '')
      }
      if (owners.has('node-a') && owners.has('node-b') && !owners.has('')) break
      if (Date.now() > deadline) throw new Error(`shards not spread over both nodes: ${[...owners].join(',')}`)
      await new Promise((r) => setTimeout(r, 200))
    }
  })

  afterAll(async () => {
    nas?.close()
    for (const p of procs.reverse()) await p.stop()
    await nc?.close()
    await nats?.stop()
    if (dir !== undefined) rmSync(dir, { recursive: true, force: true })
  })

  it('answers 10,000 MAB requests for 1,000 MACs correctly', async () => {
    const wrong: string[] = []
    let answered = 0
    await drive(nas, 10_000, 64, 0, (i, a) => {
      if (a === undefined) wrong.push(`${macOf(i)}: no answer`)
      else {
        answered++
        const want = expected(i)
        if (a.code !== want.code || a.vlan !== want.vlan) wrong.push(`${macOf(i)}: got ${a.code}/${a.vlan}, want ${want.code}/${want.vlan}`)
      }
    })
    expect(wrong.slice(0, 10)).toEqual([])
    expect(answered).toBe(10_000)
  })

  it('moves a killed node\'s shards within 5 s; every later request is answered correctly; no shard ever had two owners', async () => {
    const topo = await ensureTopology(nc)
    const kv = topo.placement
    const answers: Array<{ i: number; a: Answer | undefined }> = []
    let stop = false
    const load = (async () => {
      let n = 0
      while (!stop) {
        await drive(nas, 200, 32, n, (i, a) => answers.push({ i, a }))
        n += 200
      }
    })()
    await new Promise((r) => setTimeout(r, 1000))
    const killedAt = Date.now()
    await nodeB.kill()
    // The move is complete when no shard names node-b as owner any more.
    let movedAt = 0
    while (movedAt === 0) {
      let onB = 0
      for (let s = 0; s < SHARDS; s++) {
        const e = await kv.get(`shard.${s}`)
        const owner = e?.operation === 'PUT' ? (e.json() as { owner: string | null }).owner : null
        if (owner !== 'node-a') onB++
      }
      if (onB === 0) movedAt = Date.now()
      else if (Date.now() - killedAt > 15_000) throw new Error(`${onB} shards still not on node-a after 15 s`)
      else await new Promise((r) => setTimeout(r, 50))
    }
    const moveMs = movedAt - killedAt
    // Keep the load running a while on the single survivor.
    await new Promise((r) => setTimeout(r, 3000))
    stop = true
    await load
    console.log(`shards moved ${moveMs} ms after SIGKILL; ${answers.length} requests during the failover run`)
    expect(moveMs).toBeLessThan(5000)

    const after = answers.filter(({ a }) => a !== undefined && a.sentAt >= movedAt)
    expect(after.length).toBeGreaterThan(100)
    const unanswered = answers.filter(({ a }) => a === undefined)
    expect(unanswered.length).toBe(0)
    const wrong = answers.filter(({ i, a }) => a !== undefined && (a.code !== expected(i).code || a.vlan !== expected(i).vlan))
    expect(wrong.map(({ i, a }) => `${macOf(i)} ${a?.code}/${a?.vlan}`).slice(0, 10)).toEqual([])

    // Lease history (server timestamps, one clock): when a shard passes from A to B without A
    // releasing it, B's acquisition must come after A could still have been serving, i.e. at least
    // leaseTtl - fenceMargin after A's last committed heartbeat (the runtime's safety argument).
    const history = await leaseHistory(kv)
    const beats = new Map<string, number[]>()
    for (const e of history) {
      if (e.key.startsWith('node.') && e.operation === 'PUT') {
        const id = (e.json() as { nodeId: string }).nodeId
        beats.set(id, [...(beats.get(id) ?? []), e.created.getTime()])
      }
    }
    const violations: string[] = []
    let takeovers = 0
    for (let s = 0; s < SHARDS; s++) {
      const entries = history.filter((e) => e.key === `shard.${s}` && e.operation === 'PUT').sort((x, y) => x.revision - y.revision)
      for (let k = 1; k < entries.length; k++) {
        const prev = (entries[k - 1]!.json() as { owner: string | null }).owner
        const cur = (entries[k]!.json() as { owner: string | null }).owner
        if (prev === null || cur === null || prev === cur) continue
        takeovers++
        const t = entries[k]!.created.getTime()
        const last = (beats.get(prev) ?? []).filter((b) => b <= t).pop()
        if (last === undefined || t - last < LEASE_TTL_MS - FENCE_MARGIN_MS) violations.push(`shard ${s}: ${prev}→${cur} ${last === undefined ? 'no heartbeat seen' : `${t - last} ms after last heartbeat`}`)
      }
    }
    expect(takeovers).toBeGreaterThan(0)
    expect(violations).toEqual([])
  })
})
