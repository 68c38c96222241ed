// The cluster across a nats-server restart (SIGTERM, 2 s down, started again on the same port and
// JetStream store, as an operator's upgrade does): one gateway and two actor nodes as separate
// processes keep their connections (reconnect forever), fence their shards while they cannot
// heartbeat, take them back after the server returns, and answer every MAB request correctly:
// requests sent during the outage are answered once the NAS retransmits (as a switch does), none
// wrongly. The lease history kept in the store shows no shard with two owners at once.
import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { KV } from '@nats-io/kv'
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

const SHARDS = 16
const F = mabFixture({ org: 'restart', secret: 'restart-secret', macs: 200, prefix: '0210', vlanSpread: 23 })
const { macOf, expected } = F

async function owners(kv: KV): Promise<Array<string | null>> {
  const out: Array<string | null> = []
  for (let s = 0; s < SHARDS; s++) {
    const e = await kv.get(`shard.${s}`)
    out.push(e?.operation === 'PUT' ? (e.json() as { owner: string | null }).owner : null)
  }
  return out
}

describe('a nats-server restart under load', () => {
  let nats: NatsServer
  let dir: string
  let nc: NatsConnection | undefined
  const procs: ServiceProcess[] = []
  let nas: UdpNas

  beforeAll(async () => {
    nats = await startNatsServer()
    dir = mkdtempSync(join(tmpdir(), 'nac-restart-'))
    const keyFile = join(dir, 'cluster.key')
    const clusterKey = loadOrCreateClusterKey(keyFile)
    const setup = await connectNats({ servers: nats.url, name: 'setup' })
    const topo = await ensureTopology(setup)
    await applyOrg(topo.config, F.orgDoc(), clusterKey)
    await applyEndpoints(topo.endpoints, F.org, F.endpoints())
    await setup.close()
    const ca = opensslCa(dir, 'ca', '/CN=test radsec CA')
    const server = opensslLeaf(dir, ca, 'server', '/CN=localhost', SERVER_EXT)
    const common = ['--nats', nats.url, '--cluster-key', keyFile, '--shards', String(SHARDS)]
    const node = ['--heartbeat', '500', '--lease-ttl', '2500']
    procs.push(await startService(['actor-node', ...common, ...node, '--node-id', 'node-a']))
    procs.push(await startService(['actor-node', ...common, ...node, '--node-id', 'node-b']))
    const authPort = await freeUdpPort()
    procs.push(await startService(['gateway', ...common, '--radsec-cert', server.cert, '--radsec-key', server.key,
      '--radsec-port', String(await freeTcpPort()), '--auth-port', String(authPort), '--acct-port', String(await freeUdpPort())]))
    // A switch retransmits for about 10 s (6 retries of 1.5 s) before it gives up on a server.
    nas = new UdpNas({ host: '127.0.0.1', port: authPort, secret: F.secret, timeoutMs: 1500, retries: 6 })
    await nas.bind()
  }, 60_000)

  afterAll(async () => {
    nas?.close()
    for (const p of procs.reverse()) await p.stop()
    await nc?.close()
    await nats?.stop()
    if (dir !== undefined) rmSync(dir, { recursive: true, force: true })
  })

  it('answers every request correctly before, across and after a 2 s outage; the shards are owned again', async () => {
    const answers: Array<{ i: number; a: Answer | undefined; startedAt: number }> = []
    let stop = false
    let n = 0
    const worker = async (): Promise<void> => {
      while (!stop) {
        const i = n++ % F.macs
        const startedAt = Date.now()
        answers.push({ i, a: await nas.request(mabAttributes(macOf(i))), startedAt })
      }
    }
    const load = Promise.all(Array.from({ length: 8 }, worker))
    await new Promise((r) => setTimeout(r, 2000))
    const downAt = Date.now()
    await nats.restart(2000)
    const upAt = Date.now()
    // Load continues until every shard has an owner again and 3 s more.
    nc = await connectNats({ servers: nats.url, name: 'observer' })
    const placement = (await ensureTopology(nc)).placement
    // Owned again: every shard names a node, and both nodes have heartbeated since the server came
    // back (the lease records themselves survive in the store, so they alone prove nothing).
    let ownedAt = 0
    while (ownedAt === 0) {
      const o = await owners(placement)
      const beats = await Promise.all(['node-a', 'node-b'].map(async (id) => (await placement.get(`node.${id}`))?.created.getTime() ?? 0))
      if (o.every((x) => x === 'node-a' || x === 'node-b') && beats.every((t) => t > upAt)) ownedAt = Date.now()
      else if (Date.now() - upAt > 30_000) throw new Error(`shards without a live owner 30 s after the restart: ${JSON.stringify(o)}`)
      else await new Promise((r) => setTimeout(r, 100))
    }
    await new Promise((r) => setTimeout(r, 3000))
    stop = true
    await load

    const wrong = answers.filter(({ i, a }) => a !== undefined && (a.code !== expected(i).code || a.vlan !== expected(i).vlan))
    const unanswered = answers.filter(({ a }) => a === undefined)
    const firstAfter = answers.filter(({ a }) => a !== undefined && a.sentAt >= upAt).sort((x, y) => (x.a?.answeredAt ?? 0) - (y.a?.answeredAt ?? 0))[0]
    console.log(`nats-server down ${upAt - downAt} ms; every shard owned ${ownedAt - upAt} ms after it was back; first answer to a request sent after the restart ${firstAfter?.a === undefined ? 'none' : `${firstAfter.a.answeredAt - upAt} ms`} after it; ${answers.length} requests, ${unanswered.length} unanswered after retries`)
    expect(wrong.map(({ i, a }) => `${macOf(i)} ${a?.code}/${a?.vlan}`).slice(0, 10)).toEqual([])
    expect(unanswered.length).toBe(0)
    // Requests were sent across the outage, and answered after it.
    expect(answers.some(({ startedAt }) => startedAt > downAt && startedAt < upAt)).toBe(true)
    expect(answers.filter(({ a }) => a !== undefined && a.sentAt > ownedAt).length).toBeGreaterThan(50)
  }, 90_000)
})
