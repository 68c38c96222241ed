// Prometheus metrics of a gateway and an actor node (real processes, real nats-server): the
// counters a request moves, the runtime's shard and actor gauges, the event-loop delay, the TLS
// steps' CPU slices.
import { mkdtempSync, rmSync } from 'node:fs'
import { createSocket } from 'node:dgram'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { NatsConnection } from '@nats-io/transport-node'
import { connectNats } from '../../../actors/runtime/index.js'
import { Code } from '../../../proto/radius/index.js'
import type { OrgConfig } from '../../../proto/wire/org-config.js'
import { applyEndpoints, applyOrg } from '../../../ops/cluster/config-store.js'
import { ensureTopology } from '../../../ops/nats/topology.js'
import { loadOrCreateClusterKey } from '../../../ops/secrets/index.js'
import { freeTcpPort, freeUdpPort } from '../../support/free-port.js'
import { startNatsServer, type NatsServer } from '../../support/nats-server.js'
import { opensslCa, opensslLeaf, SERVER_EXT } from '../../support/openssl-pki.js'
import { mabAttributes, UdpNas } from '../../support/radius-udp-client.js'
import { startService, type ServiceProcess } from '../../support/service-process.js'

const org: OrgConfig = {
  v: 1, org: 'm', name: undefined, deviceCa: '', sites: [], labels: [{ name: 'iot', type: 'client-label', values: ['iot'] }],
  radiusClients: [{ name: 'lo', cidr: '127.0.0.0/8', secret: 'm-secret', site: undefined, vendor: undefined }],
  rules: [{ name: 'iot', match: ['MAB', 'iot'], action: 'allow', assign: [] }],
}

/** The value of one sample line, e.g. metric{event="reply.accept"} 3. */
function sample(text: string, metric: string, label: string): number | undefined {
  const line = text.split('\n').find((l) => l.startsWith(`${metric}{`) && l.includes(label))
  return line === undefined ? undefined : Number(line.slice(line.lastIndexOf(' ') + 1))
}

describe('metrics', () => {
  let nats: NatsServer
  let dir: string
  let nc: NatsConnection
  const procs: ServiceProcess[] = []
  let gwMetrics: string
  let actorMetrics: string
  let authPort: number

  beforeAll(async () => {
    nats = await startNatsServer()
    dir = mkdtempSync(join(tmpdir(), 'nac-metrics-'))
    const keyFile = join(dir, 'cluster.key')
    nc = await connectNats({ servers: nats.url, name: 'test' })
    const topo = await ensureTopology(nc)
    await applyOrg(topo.config, org, loadOrCreateClusterKey(keyFile))
    await applyEndpoints(topo.endpoints, 'm', [{ mac: '020000000042', name: undefined, role: undefined, vlan: undefined, labels: ['iot'], description: undefined }])
    const common = ['--nats', nats.url, '--cluster-key', keyFile, '--shards', '8']
    const ap = await freeTcpPort()
    procs.push(await startService(['actor-node', ...common, '--node-id', 'm1', '--metrics-port', String(ap)]))
    actorMetrics = `http://127.0.0.1:${ap}/metrics`
    const ca = opensslCa(dir, 'ca', '/CN=ca')
    const server = opensslLeaf(dir, ca, 'server', '/CN=localhost', SERVER_EXT)
    const gp = await freeTcpPort()
    authPort = await freeUdpPort()
    procs.push(await startService(['gateway', ...common, '--radsec-cert', server.cert, '--radsec-key', server.key, '--radsec-port', String(await freeTcpPort()),
      '--auth-port', String(authPort), '--acct-port', String(await freeUdpPort()), '--metrics-port', String(gp)]))
    gwMetrics = `http://127.0.0.1:${gp}/metrics`
  })

  afterAll(async () => {
    for (const p of procs.reverse()) await p.stop()
    await nc?.close()
    await nats?.stop()
    if (dir !== undefined) rmSync(dir, { recursive: true, force: true })
  })

  it('counts accepts, rejects and drops, and shows shards, actors and event-loop delay', async () => {
    const nas = new UdpNas({ host: '127.0.0.1', port: authPort, secret: 'm-secret', timeoutMs: 1000, retries: 3 })
    await nas.bind()
    // The node may still be acquiring shards: the NAS retries, as a switch would.
    for (let i = 0; i < 3; i++) expect((await nas.request(mabAttributes('020000000042')))?.code).toBe(Code.AccessAccept)
    expect((await nas.request(mabAttributes('020000000043')))?.code).toBe(Code.AccessReject)
    nas.close()
    const s = createSocket('udp4')
    await new Promise<void>((r) => s.send(Buffer.from('not radius'), authPort, '127.0.0.1', () => r()))
    s.close()
    await new Promise((r) => setTimeout(r, 200))

    const gw = await (await fetch(gwMetrics)).text()
    expect(sample(gw, 'nac_gateway_events_total', 'event="reply.accept"')).toBe(3)
    expect(sample(gw, 'nac_gateway_events_total', 'event="reply.reject"')).toBe(1)
    expect(sample(gw, 'nac_gateway_events_total', 'event="drop.decode.')).toBe(1)
    expect(gw).toMatch(/^nac_event_loop_delay_p99_ms(\{[^}]*\})? \d/m)
    // The same delay as a cumulative histogram: a 10 ms timer, so nothing below 10 ms, and by now
    // (the processes have run for a moment) some samples.
    const below10 = sample(gw, 'nac_event_loop_delay_ms_bucket', 'le="10"')
    const all = sample(gw, 'nac_event_loop_delay_ms_bucket', 'le="+Inf"')
    expect(below10).toBeDefined()
    expect(all).toBeGreaterThan(10)
    expect(below10 as number).toBeLessThan((all as number) / 2)

    const actor = await (await fetch(actorMetrics)).text()
    expect(sample(actor, 'nac_actor_events_total', 'event="actor.mab.accept"')).toBe(3)
    expect(sample(actor, 'nac_runtime_state', 'name="owned_shards"')).toBe(8)
    expect(sample(actor, 'nac_runtime_state', 'name="active_actors"')).toBe(2)
    expect(sample(actor, 'nac_runtime_events_total', 'event="received"')).toBe(4)
    // The CPU slices of TLS handshake steps (loop-slices.ts): exported, and MAB runs none.
    expect(sample(actor, 'nac_loop_slices_events_total', 'event="ran_at_once"')).toBe(0)
    expect(sample(actor, 'nac_loop_slices_events_total', 'event="deferred"')).toBe(0)
    expect(sample(actor, 'nac_loop_slices_state', 'name="waiting"')).toBe(0)
  })
})
