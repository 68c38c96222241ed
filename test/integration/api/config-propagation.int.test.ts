// Issue 5: a change through the admin API reaches a running two-node cluster and takes effect
// within 1 s, measured while authentication goes on: no request is dropped, and none sent after
// the API confirmed the change (its Config-Applied header says every live actor node applied it)
// is answered with the old rule. Real nats-server; gateway and actor nodes as processes.
import { mkdtempSync, readFileSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { Kvm } from '@nats-io/kv'
import type { NatsConnection } from '@nats-io/transport-node'
import { connectNats } from '../../../actors/runtime/index.js'
import { Code } from '../../../proto/radius/index.js'
import { Buckets } from '../../../proto/wire/subjects.js'
import type { OrgConfig } from '../../../proto/wire/org-config.js'
import { buildAdminApi, type ApiApp } from '../../../ops/api/api-server.js'
import { ApiRole, TokenStore, openTokenBucket } from '../../../ops/api/token-store.js'
import { AppliedTracker } from '../../../ops/cluster/applied-revisions.js'
import { applyEndpoints, applyOrg } from '../../../ops/cluster/config-store.js'
import { ensureTopology } from '../../../ops/nats/topology.js'
import { loadOrCreateClusterKey } from '../../../ops/secrets/index.js'
import { createLogger } from '../../../ops/telemetry/logger.js'
import { createWorkerPool, type WorkerPool } from '../../../workers/pool.js'
import { freeTcpPort, freeUdpPort } from '../../support/free-port.js'
import { startNatsServer, type NatsServer } from '../../support/nats-server.js'
import { opensslCa, opensslLeaf, SERVER_EXT } from '../../support/openssl-pki.js'
import { mabAttributes, UdpNas, type Answer } from '../../support/radius-udp-client.js'
import { startService, type ServiceProcess } from '../../support/service-process.js'

const SHARDS = 16
const MACS = Array.from({ length: 40 }, (_, i) => `0300${i.toString(16).padStart(8, '0')}`)

const org: OrgConfig = {
  v: 1, org: 'prop', name: undefined, deviceCa: '', sites: [{ id: 'hq', name: undefined }],
  radiusClients: [{ name: 'lo', cidr: '127.0.0.0/8', secret: 'prop-secret', site: 'hq', vendor: undefined }],
  labels: [
    { name: 'iot', type: 'client-label', values: ['iot'] },
    { name: 'v', type: 'vlan', vlan: '300', allowEndpointOverride: false },
  ],
  rules: [{ name: 'iot', match: ['MAB', 'iot'], action: 'allow', assign: ['v'] }],
}

describe('a change through the API on a two-node cluster', () => {
  let nats: NatsServer
  let dir: string
  let nc: NatsConnection
  let pool: WorkerPool
  let app: ApiApp
  let token: string
  let nas: UdpNas
  const procs: ServiceProcess[] = []

  beforeAll(async () => {
    nats = await startNatsServer()
    dir = mkdtempSync(join(tmpdir(), 'nac-prop-'))
    const keyFile = join(dir, 'cluster.key')
    const clusterKey = loadOrCreateClusterKey(keyFile)
    nc = await connectNats({ servers: nats.url, name: 'test' })
    const topo = await ensureTopology(nc)
    await applyOrg(topo.config, org, clusterKey)
    await applyEndpoints(topo.endpoints, 'prop', MACS.map((mac) => ({ mac, name: undefined, role: undefined, vlan: undefined, labels: ['iot'], description: undefined })))
    const common = ['--nats', nats.url, '--cluster-key', keyFile, '--shards', String(SHARDS)]
    procs.push(await startService(['actor-node', ...common, '--node-id', 'a']))
    procs.push(await startService(['actor-node', ...common, '--node-id', 'b']))
    const ca = opensslCa(dir, 'ca', '/CN=test CA')
    const server = opensslLeaf(dir, ca, 'server', '/CN=localhost', SERVER_EXT)
    const authPort = await freeUdpPort()
    procs.push(await startService(['gateway', ...common, '--radsec-cert', server.cert, '--radsec-key', server.key,
      '--radsec-port', String(await freeTcpPort()), '--auth-port', String(authPort), '--acct-port', String(await freeUdpPort())]))
    nas = new UdpNas({ host: '127.0.0.1', port: authPort, secret: 'prop-secret', timeoutMs: 1000, retries: 4 })
    await nas.bind()
    pool = createWorkerPool({ threads: 1 })
    const tokens = new TokenStore(await openTokenBucket(nc))
    token = (await tokens.create('prop', ApiRole.admin, 'test')).token
    app = buildAdminApi({
      host: '127.0.0.1', port: 0, tls: { certPem: readFileSync(server.cert, 'utf8'), keyPem: readFileSync(server.key, 'utf8') }, log: createLogger('api', 'warn'),
      config: topo.config, endpoints: topo.endpoints, tokens, clusterKey, pool, deviceCaKeys: { get: async () => undefined },
      applied: new AppliedTracker(nc, 'nac', await new Kvm(nc).open(Buckets.placement)),
    })
    await app.ready()
    // Both nodes serve before the run (the second one's shards were handed over).
    const placement = topo.placement
    const until = Date.now() + 20_000
    for (;;) {
      const owners = new Set<string | null>()
      for (let s = 0; s < SHARDS; s++) owners.add((await placement.get(`shard.${s}`))?.json<{ owner: string | null }>().owner ?? null)
      if (owners.has('a') && owners.has('b') && !owners.has(null)) break
      if (Date.now() > until) throw new Error('shards not spread over both nodes')
      await new Promise((r) => setTimeout(r, 200))
    }
  })

  afterAll(async () => {
    nas?.close()
    await app?.close()
    await pool?.destroy()
    for (const p of procs.reverse()) await p.stop()
    await nc?.close()
    await nats?.stop()
    if (dir !== undefined) rmSync(dir, { recursive: true, force: true })
  })

  it('takes effect within 1 s, confirmed, with no request dropped or answered by the old rule after', async () => {
    const answers: Array<{ mac: string; a: Answer | undefined }> = []
    let stop = false
    const load = Promise.all(Array.from({ length: 8 }, async (_, w) => {
      for (let n = w; !stop; n += 8) {
        const mac = MACS[n % MACS.length]!
        answers.push({ mac, a: await nas.request(mabAttributes(mac)) })
      }
    }))
    await new Promise((r) => setTimeout(r, 1000))
    const putAt = Date.now()
    const res = await app.inject({
      method: 'PUT', url: '/api/v1/orgs/prop/labels',
      headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
      payload: JSON.stringify([{ name: 'iot', type: 'client-label', values: ['iot'] }, { name: 'v', type: 'vlan', vlan: '301' }]),
    })
    const confirmedAt = Date.now()
    await new Promise((r) => setTimeout(r, 1500))
    stop = true
    await load
    expect(res.statusCode).toBeLessThan(300)
    const header = String(res.headers['config-applied'])
    console.log(`PUT labels → confirmed in ${confirmedAt - putAt} ms (Config-Applied: ${header}); ${answers.length} requests during the run`)
    expect(header).toMatch(/^2\/2; ms=\d+$/)
    expect(confirmedAt - putAt).toBeLessThan(1000)
    expect(answers.filter(({ a }) => a === undefined)).toHaveLength(0)
    const after = answers.filter(({ a }) => a!.sentAt >= confirmedAt)
    expect(after.length).toBeGreaterThan(50)
    expect(after.filter(({ a }) => a!.code !== Code.AccessAccept || a!.vlan !== '301').map(({ mac, a }) => `${mac} ${a!.code}/${a!.vlan}`)).toEqual([])
    const before = answers.filter(({ a }) => a!.answeredAt < putAt)
    expect(before.every(({ a }) => a!.vlan === '300')).toBe(true)
  })
})
