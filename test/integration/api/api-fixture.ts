// An admin API in this process over a real nats-server (JetStream), with two orgs (alpha, beta),
// their tokens, and a TLS certificate from openssl: what the API tests run against.
import { mkdtempSync, readFileSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { request } from 'node:https'
import type { NatsConnection } from '@nats-io/transport-node'
import { connectNats } from '../../../actors/runtime/index.js'
import { buildAdminApi, TokenStore, openTokenBucket, ApiRole, type ApiApp } from '../../../ops/api/index.js'
import { writeEndpoint, writeOrg } from '../../../ops/cluster/config-store.js'
import { ConfigWatcher } from '../../../ops/cluster/config-watcher.js'
import { validateOrgConfig } from '../../../ops/config/index.js'
import { ensureTopology, type Topology } from '../../../ops/nats/topology.js'
import { createLogger } from '../../../ops/telemetry/logger.js'
import { createWorkerPool, type WorkerPool } from '../../../workers/pool.js'
import { startNatsServer, type NatsServer } from '../../support/nats-server.js'
import { opensslCa, opensslLeaf, SERVER_EXT, type PemPair } from '../../support/openssl-pki.js'

export const CLUSTER_KEY = Buffer.alloc(32, 7)

/** Everything of beta that must never appear in an answer to alpha's tokens. */
export const BETA_MARKERS = ['Beta Corp', 'beta-only-rule', 'beta-device', 'beta-s3cret', 'beta-lab', 'beta-nas', 'beta-label', 'BETA',
  'beta-key', 'beta-ssid', 'beta-psk-s3cret', 'beta-default-s3cret', 'beta-role', 'beta-ap', '0b0b0b0b0b0a'] as const

export function orgDoc(org: string, extra: { name: string; site: string; nas: string; secret: string; label: string; rule: string }): Record<string, unknown> {
  return {
    org, name: extra.name,
    sites: [{ id: extra.site }],
    radiusClients: [{ name: extra.nas, cidr: org === 'alpha' ? '10.1.0.0/16' : '10.2.0.0/16', secret: extra.secret, site: extra.site }],
    labels: [{ name: extra.label, type: 'client-label', values: ['x'] }, { name: 'vlan-10', type: 'vlan', vlan: '10' }],
    rules: [{ name: extra.rule, match: ['MAB', extra.label], action: 'allow', assign: ['vlan-10'] }],
  }
}

export interface ApiFixture {
  nats: NatsServer
  nc: NatsConnection
  topo: Topology
  api: { url: string; app: ApiApp }
  /** Every route fastify registered (method, URL), to compare with the OpenAPI document. */
  routes: Array<{ method: string; url: string }>
  pool: WorkerPool
  dir: string
  caPem: string
  deviceCa: PemPair
  tokens: { alphaAdmin: string; alphaRead: string; betaAdmin: string; betaTokenId: string }
  stop(): Promise<void>
}

export async function startApiFixture(): Promise<ApiFixture> {
  const stops: Array<() => Promise<void> | void> = []
  const stop = async (): Promise<void> => { for (const s of stops.reverse()) await s() }
  try {
    const dir = mkdtempSync(join(tmpdir(), 'nac-api-'))
    stops.push(() => rmSync(dir, { recursive: true, force: true }))
    const nats = await startNatsServer()
    stops.push(() => nats.stop())
    const nc = await connectNats({ servers: nats.url, name: 'api-test' })
    stops.push(() => nc.drain())
    const topo = await ensureTopology(nc)
    const pool = createWorkerPool({ threads: 1 })
    stops.push(() => pool.destroy())
    const ca = opensslCa(dir, 'api-ca', '/CN=test API CA')
    const server = opensslLeaf(dir, ca, 'api', '/CN=localhost', SERVER_EXT)
    // node-forge signs with RSA keys only: the device CA the API issues from is RSA.
    const deviceCa = opensslCa(dir, 'alpha-ca', '/O=alpha/CN=alpha device CA', 'rsa')
    const deviceCaPem = readFileSync(deviceCa.cert, 'utf8')

    for (const [org, extra, ca] of [
      ['alpha', { name: 'Alpha Inc', site: 'lab', nas: 'alpha-nas', secret: 'alpha-s3cret', label: 'alpha-label', rule: 'alpha-rule' }, deviceCaPem],
      ['beta', { name: 'Beta Corp', site: 'beta-lab', nas: 'beta-nas', secret: 'beta-s3cret', label: 'beta-label', rule: 'beta-only-rule' }, ''],
    ] as const) {
      const r = validateOrgConfig(orgDoc(org, extra), 'test')
      if (!r.ok) throw new Error(JSON.stringify(r.errors))
      // beta also has PSKs and a registered NAS: parts of the document with routes of their own.
      const betaOnly = org !== 'beta' ? {} : {
        psks: {
          keys: [{ name: 'beta-key', ssid: 'beta-ssid', vlan: '10', passphrase: 'beta-psk-s3cret', expiresAt: undefined, role: 'beta-role', usage: 'multi' as const, macs: ['0b0b0b*'] }],
          wlans: [{ ssid: 'beta-ssid', security: 'wpa2' as const, defaultPsk: 'beta-default-s3cret', defaultVlan: undefined }],
        },
        nasDevices: [{ name: 'beta-ap', site: 'beta-lab', vendor: 'cisco', mac: '0b0b0b0b0b0a', description: 'BETA lobby' }],
      }
      await writeOrg(topo.config, { ...r.org, deviceCa: ca, ...betaOnly }, 0, CLUSTER_KEY)
    }
    await writeEndpoint(topo.endpoints, 'beta', { mac: '0b0b0b0b0b0b', name: 'beta-device', role: undefined, vlan: undefined, labels: ['BETA'], description: undefined }, 0)

    const store = new TokenStore(await openTokenBucket(nc))
    const alphaAdmin = (await store.create('alpha', ApiRole.admin, 'test')).token
    const alphaRead = (await store.create('alpha', ApiRole.readOnly, 'test')).token
    const beta = await store.create('beta', ApiRole.admin, 'test')

    const app = buildAdminApi({
      host: '127.0.0.1', port: 0, log: createLogger('api-test'),
      tls: { certPem: readFileSync(server.cert, 'utf8'), keyPem: readFileSync(server.key, 'utf8') },
      config: topo.config, endpoints: topo.endpoints, tokens: store, clusterKey: CLUSTER_KEY, pool,
      deviceCaKeys: { get: async (org) => (org === 'alpha' ? { certPem: deviceCaPem, keyPem: readFileSync(deviceCa.key, 'utf8') } : undefined) },
    })
    const routes: Array<{ method: string; url: string }> = []
    app.addHook('onRoute', (r) => { for (const m of [r.method].flat()) routes.push({ method: m, url: r.url }) })
    await app.listen({ host: '127.0.0.1', port: 0 })
    stops.push(() => app.close())
    const addr = app.server.address()
    const api = { url: `https://127.0.0.1:${typeof addr === 'object' && addr !== null ? addr.port : 0}`, app }
    return {
      nats, nc, topo, api, routes, pool, dir, caPem: readFileSync(ca.cert, 'utf8'), deviceCa,
      tokens: { alphaAdmin, alphaRead, betaAdmin: beta.token, betaTokenId: beta.record.id },
      stop,
    }
  } catch (err) {
    await stop()
    throw err
  }
}

export interface Answer { status: number; headers: Record<string, string | string[] | undefined>; text: string; json: unknown }

/** One HTTPS request to the API: raw, so tests see exactly what a client sees. */
export function call(f: { api: { url: string }; caPem: string }, method: string, path: string, o: { token?: string; body?: unknown; headers?: Record<string, string> } = {}): Promise<Answer> {
  const payload = o.body === undefined ? undefined : typeof o.body === 'string' ? o.body : JSON.stringify(o.body)
  const headers: Record<string, string> = { ...(o.token === undefined ? {} : { authorization: `Bearer ${o.token}` }), ...o.headers }
  if (payload !== undefined && headers['content-type'] === undefined) headers['content-type'] = typeof o.body === 'string' ? 'text/csv' : 'application/json'
  return new Promise((resolve, reject) => {
    const req = request(new URL(path, f.api.url), { method, ca: f.caPem, headers }, (res) => {
      const chunks: Buffer[] = []
      res.on('data', (c: Buffer) => chunks.push(c))
      res.on('end', () => {
        const text = Buffer.concat(chunks).toString()
        let json: unknown
        try { json = JSON.parse(text) } catch { json = undefined }
        resolve({ status: res.statusCode ?? 0, headers: res.headers, text, json })
      })
    })
    req.on('error', reject)
    req.end(payload)
  })
}

/** The fixture and a node's view of its KV (ConfigWatcher, as an actor node or gateway applies it); stop() ends both. */
export async function startWatchedApiFixture(o: { endpoints?: boolean; onError?: (err: unknown) => void } = {}): Promise<{ f: ApiFixture; watcher: ConfigWatcher; stop(): Promise<void> }> {
  const f = await startApiFixture()
  const watcher = new ConfigWatcher({
    config: f.topo.config, endpoints: o.endpoints === true ? f.topo.endpoints : undefined, clusterKey: CLUSTER_KEY,
    onError: o.onError ?? ((err) => { throw err }),
  })
  try {
    await watcher.start()
  } catch (err) {
    await f.stop()
    throw err
  }
  return { f, watcher, stop: async () => { watcher.stop(); await f.stop() } }
}
