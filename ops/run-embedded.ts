// The embedded default (README, Quick start): a local nats-server as a child process, one gateway,
// one actor node and the worker pool in this process, and the demo org with its files under
// .data/demo/ (the demo contract of README).
import { copyFileSync, mkdirSync, writeFileSync } from 'node:fs'
import type { GatewayPorts } from '../gateway/index.js'
import { join } from 'node:path'
import { connectNats } from '../actors/runtime/index.js'
import { createWorkerPool } from '../workers/pool.js'
import { startEmbeddedApi } from './api/index.js'
import { applyEndpoints, applyOrg } from './cluster/config-store.js'
import { formatConfigError, loadOrgConfigFile } from './config/index.js'
import { radsecproxyConf } from './demo/radsecproxy-conf.js'
import { eapolPeapTlsConf, eapolTeapConf, eapolTlsConf, eapolTtlsConf } from './demo/eapol-conf.js'
import { startEmbeddedNats } from './nats/embedded-nats.js'
import { ensureTopology } from './nats/topology.js'
import { defaultDataDir, projectRoot } from './paths.js'
import { ensureEapPki, ensureOrgPki, ensureRadsecServerPki } from './pki/index.js'
import { startActorNodeProcess } from './processes/actor-node-process.js'
import { startGatewayProcess } from './processes/gateway-process.js'
import { loadOrCreateClusterKey } from './secrets/index.js'
import { createLogger } from './telemetry/logger.js'

export interface EmbeddedOptions {
  dataDir?: string
  host: string
  natsPort: number
  radsecPort: number
  authPort: number
  acctPort: number
  shardCount: number
  /** Where the demo radsecproxy.conf makes radsecproxy listen (demo contract: 11812). */
  radsecproxyPort: number
  /** Admin API (HTTPS) port; default 8443 (demo contract), 0 picks a free one. */
  apiPort?: number
}

export interface Embedded {
  ports: GatewayPorts & { nats: number; api: number }
  dataDir: string
  counters(): Record<string, number>
  stop(): Promise<void>
}

export async function runEmbedded(o: EmbeddedOptions): Promise<Embedded> {
  const log = createLogger('nac')
  const dataDir = o.dataDir ?? defaultDataDir()
  const demoDir = join(dataDir, 'demo')
  const pkiDir = join(dataDir, 'pki')
  mkdirSync(demoDir, { recursive: true })
  const stops: Array<() => Promise<void>> = []
  const stop = async (): Promise<void> => {
    for (const s of stops.reverse()) await s().catch((err: unknown) => log.error({ err }, 'stop failed'))
  }
  try {
    const nats = await startEmbeddedNats({ dataDir, host: o.host, port: o.natsPort })
    stops.push(() => nats.stop())
    log.info({ url: nats.url }, 'embedded nats-server started')
    const pool = createWorkerPool({ threads: 2 })
    stops.push(() => pool.destroy())
    const clusterKey = loadOrCreateClusterKey(join(dataDir, 'cluster.key'))

    const radsecPki = await ensureRadsecServerPki(pool, pkiDir)
    const orgPki = await ensureOrgPki(pool, demoDir, 'demo', ['hq'])
    copyFileSync(radsecPki.ca.certPath, join(demoDir, 'radsec-ca.pem'))
    const eapPki = await ensureEapPki(pool, demoDir, 'demo')
    for (const tls of ['1.2', '1.3'] as const) {
      writeFileSync(join(demoDir, `eapol-tls${tls.replace('.', '')}.conf`), eapolTlsConf({
        tls, identity: eapPki.deviceId, caCert: eapPki.serverCa.certPath, clientCert: eapPki.client.certPath, privateKey: eapPki.client.keyPath, serverName: eapPki.serverName,
      }))
    }
    // The demo org's local user (ops/config/demo-org.yaml localUsers) and its client certificate.
    writeFileSync(join(demoDir, 'eapol-ttls.conf'), eapolTtlsConf({ identity: 'alice', password: 'wonderland', caCert: eapPki.serverCa.certPath, serverName: eapPki.serverName }))
    writeFileSync(join(demoDir, 'eapol-peap-tls.conf'), eapolPeapTlsConf({
      identity: eapPki.deviceId, caCert: eapPki.serverCa.certPath, clientCert: eapPki.client.certPath, privateKey: eapPki.client.keyPath, serverName: eapPki.serverName,
    }))
    writeFileSync(join(demoDir, 'eapol-teap.conf'), eapolTeapConf({
      caCert: eapPki.serverCa.certPath, serverName: eapPki.serverName,
      machine: { identity: `host/${eapPki.deviceId}`, clientCert: eapPki.client.certPath, privateKey: eapPki.client.keyPath },
      user: { identity: eapPki.userName, clientCert: eapPki.user.certPath, privateKey: eapPki.user.keyPath },
    }))
    writeFileSync(join(demoDir, 'radsecproxy.conf'), radsecproxyConf({
      listenHost: '127.0.0.1', listenPort: o.radsecproxyPort, clientSecret: 'testing123',
      gatewayHost: '127.0.0.1', gatewayPort: o.radsecPort,
      caFile: join(demoDir, 'radsec-ca.pem'), certFile: join(demoDir, 'nas.pem'), keyFile: join(demoDir, 'nas-key.pem'),
    }))

    const nc = await connectNats({ servers: nats.url, name: 'nac-embedded' })
    stops.push(() => nc.drain())
    const topo = await ensureTopology(nc)
    const demo = loadOrgConfigFile(join(projectRoot(), 'ops', 'config', 'demo-org.yaml'))
    if (!demo.ok) throw new Error(`demo org config is invalid:\n${demo.errors.map(formatConfigError).join('\n')}`)
    // The demo's EAP PKI unless its YAML names its own (pki: in demo-org.yaml).
    const pki = demo.org.pki ?? {
      trustedCas: [eapPki.clientCa.certPem],
      server: { chainPem: eapPki.server.certPem, keyPem: eapPki.server.keyPem },
      // The org's private EAP server CA: `nac pki server-cert issue` re-issues from it, so the
      // demo's eapol configs (which trust eap-server-ca.pem) keep working.
      serverCa: { certPem: eapPki.serverCa.certPem, keyPem: eapPki.serverCa.keyPem },
    }
    await applyOrg(topo.config, { ...demo.org, deviceCa: orgPki.deviceCa.certPem, pki }, clusterKey)
    await applyEndpoints(topo.endpoints, demo.org.org, demo.endpoints)

    const actorNode = await startActorNodeProcess({ nc, nodeId: 'node-1', clusterKey, subjectPrefix: 'nac', shardCount: o.shardCount, log, pool })
    stops.push(() => actorNode.stop())
    const gw = await startGatewayProcess({
      nc, clusterKey, subjectPrefix: 'nac', shardCount: o.shardCount, routeTimeoutMs: 2000,
      radsec: { host: o.host, port: o.radsecPort, certPem: radsecPki.server.certPem, keyPem: radsecPki.server.keyPem },
      udp: { host: o.host, authPort: o.authPort, acctPort: o.acctPort, requireMessageAuthenticator: true },
      log,
    })
    stops.push(() => gw.stop())
    const api = await startEmbeddedApi({
      nc, config: topo.config, endpoints: topo.endpoints, clusterKey, pool, host: o.host, port: o.apiPort ?? 8443, pkiDir, demoDir,
      demoOrg: demo.org.org, deviceCas: new Map([[demo.org.org, orgPki.deviceCa]]), log,
    })
    stops.push(() => api.stop())
    log.info({ radsec: `${o.host}:${gw.ports.radsec}`, auth: `${o.host}:${gw.ports.auth}`, acct: `${o.host}:${gw.ports.acct}`, api: api.url, demo: demoDir }, 'nac-cluster ready')
    return { ports: { ...gw.ports, nats: o.natsPort, api: api.port }, dataDir, counters: () => ({ ...gw.gateway.counters.snapshot(), ...actorNode.counters.snapshot() }), stop }
  } catch (err) {
    await stop()
    throw err
  }
}
