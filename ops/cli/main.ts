#!/usr/bin/env node
// nac: the command line of nac-cluster. `run` is the embedded default; `gateway` and `actor-node`
// are the processes of a real deployment; `config` and `pki` administer orgs.
import { readFileSync } from 'node:fs'
import { join } from 'node:path'
import { Command, InvalidArgumentError } from 'commander'
import { connectNats } from '../../actors/runtime/index.js'
import { createWorkerPool } from '../../workers/pool.js'
import { hashPassword } from '../../workers/tasks/password-hash.js'
import { applyEndpoints, applyOrg } from '../cluster/config-store.js'
import { formatConfigError, loadOrgConfigFile } from '../config/index.js'
import { ensureTopology } from '../nats/topology.js'
import { defaultDataDir } from '../paths.js'
import { issueNasCertificate } from '../pki/index.js'
import { startActorNodeProcess } from '../processes/actor-node-process.js'
import { startGatewayProcess } from '../processes/gateway-process.js'
import { runEmbedded } from '../run-embedded.js'
import { applyViaApi, registerApiCommands } from '../api/cli-commands.js'
import { loadOrCreateClusterKey } from '../secrets/index.js'
import { createLogger } from '../telemetry/logger.js'
import { writePrivateFile } from './write-private-file.js'
import { maybeStartMetrics, metricsOption } from './metrics-option.js'

const int = (v: string): number => {
  const n = Number(v)
  if (!Number.isInteger(n) || n < 0 || n > 65535) throw new InvalidArgumentError('not a port or count')
  return n
}

function onSignals(stop: () => Promise<void>): void {
  let stopping = false
  const handler = (): void => {
    if (stopping) return
    stopping = true
    stop().then(() => process.exit(0), () => process.exit(1))
  }
  process.on('SIGINT', handler)
  process.on('SIGTERM', handler)
}

/** SIGUSR2 prints the counters as one JSON line: for operators, and for tests that count drops. */
function printCountersOnSignal(counters: () => Record<string, number>): void {
  process.on('SIGUSR2', () => process.stdout.write(`${JSON.stringify({ counters: counters() })}\n`))
}

const program = new Command('nac').description('nac-cluster: cloud network access control')

metricsOption(program.command('run'))
  .description('the embedded default: local nats-server, one gateway, one actor node, the demo org')
  .option('--host <addr>', 'listen address', '127.0.0.1')
  .option('--nats-port <port>', 'embedded nats-server port', int, 4222)
  .option('--radsec-port <port>', 'RadSec (RFC 6614) port', int, 2083)
  .option('--auth-port <port>', 'RADIUS authentication port', int, 1812)
  .option('--acct-port <port>', 'RADIUS accounting port', int, 1813)
  .option('--shards <n>', 'shard count (same on every node)', int, 64)
  .option('--radsecproxy-port <port>', 'UDP port the demo radsecproxy.conf listens on', int, 11812)
  .option('--data-dir <dir>', 'data directory', defaultDataDir())
  .option('--api-port <port>', 'admin API (HTTPS) port', int, 8443)
  .action(async (o: { host: string; natsPort: number; radsecPort: number; authPort: number; acctPort: number; shards: number; radsecproxyPort: number; dataDir: string; apiPort: number; metricsPort?: number }) => {
    const e = await runEmbedded({ dataDir: o.dataDir, host: o.host, natsPort: o.natsPort, radsecPort: o.radsecPort, authPort: o.authPort, acctPort: o.acctPort, shardCount: o.shards, radsecproxyPort: o.radsecproxyPort, apiPort: o.apiPort })
    const metrics = await maybeStartMetrics(o.metricsPort, o.host, 'nac-embedded', [{ name: 'node', counters: () => e.counters() }])
    process.stdout.write(`${JSON.stringify({ ready: 'embedded', ports: e.ports, dataDir: e.dataDir })}\n`)
    printCountersOnSignal(() => e.counters())
    onSignals(async () => { await metrics?.stop(); await e.stop() })
  })

metricsOption(program.command('gateway'))
  .description('a gateway node: RadSec and RADIUS/UDP listeners routing to actor nodes over NATS')
  .requiredOption('--nats <url>', 'NATS server URL(s), comma-separated')
  .requiredOption('--cluster-key <file>', 'cluster key file (seals secrets)')
  .requiredOption('--radsec-cert <file>', 'RadSec server certificate (PEM)')
  .requiredOption('--radsec-key <file>', 'RadSec server key (PEM)')
  .option('--host <addr>', 'listen address', '127.0.0.1')
  .option('--radsec-port <port>', 'RadSec port', int, 2083)
  .option('--auth-port <port>', 'RADIUS authentication port', int, 1812)
  .option('--acct-port <port>', 'RADIUS accounting port', int, 1813)
  .option('--no-udp', 'no RADIUS/UDP listeners')
  .option('--shards <n>', 'shard count', int, 64)
  .option('--route-timeout <ms>', 'wait for the actor, within the NAS retransmit budget', int, 2000)
  .option('--allow-missing-message-authenticator', 'accept UDP Access-Request without Message-Authenticator (unsafe: CVE-2024-3596)')
  .action(async (o: { nats: string; clusterKey: string; radsecCert: string; radsecKey: string; host: string; radsecPort: number; authPort: number; acctPort: number; udp: boolean; shards: number; routeTimeout: number; allowMissingMessageAuthenticator?: boolean; metricsPort?: number }) => {
    const log = createLogger('gateway')
    const nc = await connectNats({ servers: o.nats.split(','), name: 'nac-gateway' })
    const gw = await startGatewayProcess({
      nc, clusterKey: loadOrCreateClusterKey(o.clusterKey), subjectPrefix: 'nac', shardCount: o.shards, routeTimeoutMs: o.routeTimeout,
      radsec: { host: o.host, port: o.radsecPort, certPem: readFileSync(o.radsecCert, 'utf8'), keyPem: readFileSync(o.radsecKey, 'utf8') },
      udp: o.udp ? { host: o.host, authPort: o.authPort, acctPort: o.acctPort, requireMessageAuthenticator: o.allowMissingMessageAuthenticator !== true } : undefined,
      log,
    })
    // Tests and operators read the bound ports and counters from this line.
    process.stdout.write(`${JSON.stringify({ ready: 'gateway', ports: gw.ports })}\n`)
    const timer = setInterval(() => log.info({ counters: gw.gateway.counters.snapshot() }, 'gateway counters'), 10_000)
    timer.unref()
    printCountersOnSignal(() => gw.gateway.counters.snapshot())
    const metrics = await maybeStartMetrics(o.metricsPort, o.host, 'nac-gateway', [{ name: 'gateway', counters: () => gw.gateway.counters.snapshot() }])
    onSignals(async () => { await metrics?.stop(); await gw.stop(); await nc.drain() })
  })

metricsOption(program.command('actor-node'))
  .description('an actor node: holds shard leases and hosts the client actors of its shards')
  .requiredOption('--nats <url>', 'NATS server URL(s), comma-separated')
  .requiredOption('--cluster-key <file>', 'cluster key file')
  .requiredOption('--node-id <id>', 'unique node id')
  .option('--shards <n>', 'shard count', int, 64)
  .option('--heartbeat <ms>', 'lease heartbeat interval', int)
  .option('--lease-ttl <ms>', 'lease time-to-live', int)
  .option('--metrics-host <addr>', 'address the metrics server listens on', '127.0.0.1')
  .action(async (o: { nats: string; clusterKey: string; nodeId: string; shards: number; heartbeat?: number; leaseTtl?: number; metricsPort?: number; metricsHost: string }) => {
    const log = createLogger('actor-node')
    const nc = await connectNats({ servers: o.nats.split(','), name: `nac-actor-${o.nodeId}` })
    // Chain and revocation checks of client certificates (issue 4) run in this pool.
    const pool = createWorkerPool({})
    const node = await startActorNodeProcess({
      nc, nodeId: o.nodeId, clusterKey: loadOrCreateClusterKey(o.clusterKey), subjectPrefix: 'nac', shardCount: o.shards, log, pool,
      ...(o.heartbeat === undefined ? {} : { heartbeatMs: o.heartbeat }),
      ...(o.leaseTtl === undefined ? {} : { leaseTtlMs: o.leaseTtl }),
    })
    process.stdout.write(`${JSON.stringify({ ready: 'actor-node', nodeId: o.nodeId })}\n`)
    const metrics = await maybeStartMetrics(o.metricsPort, o.metricsHost, `nac-actor-${o.nodeId}`, [
      { name: 'actor', counters: () => node.counters.snapshot() },
      {
        name: 'runtime',
        counters: () => ({ ...node.node.stats }),
        gauges: () => ({ owned_shards: node.node.ownedShards().length, active_actors: node.node.activeActors }),
      },
      { name: 'pool', counters: () => ({ completed: pool.stats.completed }), gauges: () => ({ queued: pool.stats.queued, utilization: pool.stats.utilization }) },
    ])
    printCountersOnSignal(() => node.counters.snapshot())
    onSignals(async () => { await metrics?.stop(); await node.stop(); await nc.drain(); await pool.destroy() })
  })

const config = program.command('config').description('org configuration')
config.command('check')
  .description('validate org YAML files')
  .argument('<files...>')
  .action((files: string[]) => {
    let bad = 0
    for (const f of files) {
      const r = loadOrgConfigFile(f)
      if (r.ok) process.stdout.write(`${f}: ok (org ${r.org.org}, ${r.org.rules.length} rules, ${r.endpoints.length} endpoints)\n`)
      else {
        bad++
        for (const e of r.errors) process.stderr.write(`${formatConfigError(e)}\n`)
      }
    }
    process.exitCode = bad === 0 ? 0 : 1
  })
config.command('apply')
  .description('validate and store org YAML files in the cluster (KV bucket config, endpoints)')
  .argument('<files...>')
  .option('--nats <url>', 'NATS server URL(s) (straight to KV; or use --api)')
  .option('--cluster-key <file>', 'cluster key file (with --nats)')
  .option('--device-ca <file>', "PEM of the org's device CA (when the YAML names none)")
  .option('--api <url>', 'store through the admin API instead, e.g. https://127.0.0.1:8443')
  .option('--token-file <file>', 'API token file (with --api)', '.data/demo/admin-token')
  .option('--ca <file>', "the API's CA certificate (with --api)", '.data/demo/api-ca.pem')
  .action(async (files: string[], o: { nats?: string; clusterKey?: string; deviceCa?: string; api?: string; tokenFile: string; ca: string }) => {
    if (o.api !== undefined) {
      process.exitCode = (await applyViaApi(files, { api: o.api, tokenFile: o.tokenFile, ca: o.ca, ...(o.deviceCa === undefined ? {} : { deviceCa: o.deviceCa }) })) === 0 ? 0 : 1
      return
    }
    if (o.nats === undefined || o.clusterKey === undefined) throw new InvalidArgumentError('--nats and --cluster-key are required without --api')
    const key = loadOrCreateClusterKey(o.clusterKey)
    const nc = await connectNats({ servers: o.nats.split(','), name: 'nac-config-apply' })
    try {
      const topo = await ensureTopology(nc)
      for (const f of files) {
        const r = loadOrgConfigFile(f)
        if (!r.ok) {
          for (const e of r.errors) process.stderr.write(`${formatConfigError(e)}\n`)
          process.exitCode = 1
          continue
        }
        const deviceCa = r.org.deviceCa !== '' ? r.org.deviceCa : o.deviceCa !== undefined ? readFileSync(o.deviceCa, 'utf8') : ''
        const rev = await applyOrg(topo.config, { ...r.org, deviceCa }, key)
        const n = await applyEndpoints(topo.endpoints, r.org.org, r.endpoints)
        process.stdout.write(`${f}: org ${r.org.org} stored at revision ${rev}, ${n} endpoints\n`)
      }
    } finally {
      await nc.drain()
    }
  })

const pki = program.command('pki').description("orgs' certificates")
pki.command('issue-nas')
  .description("issue a NAS certificate for RadSec from an org's device CA")
  .requiredOption('--org <org>').requiredOption('--site <site>').requiredOption('--nas <id>')
  .option('--ca-cert <file>', 'device CA certificate', join(defaultDataDir(), 'demo', 'device-ca.pem'))
  .option('--ca-key <file>', 'device CA key', join(defaultDataDir(), 'demo', 'device-ca-key.pem'))
  .option('--days <n>', 'validity in days', int, 825)
  .requiredOption('--out <prefix>', 'writes <prefix>.pem and <prefix>-key.pem')
  .action(async (o: { org: string; site: string; nas: string; caCert: string; caKey: string; days: number; out: string }) => {
    const pool = createWorkerPool({ threads: 1 })
    try {
      const cert = await issueNasCertificate(pool, {
        caCertPem: readFileSync(o.caCert, 'utf8'), caKeyPem: readFileSync(o.caKey, 'utf8'), org: o.org, site: o.site, nasId: o.nas, validDays: o.days,
      })
      writePrivateFile(`${o.out}-key.pem`, cert.keyPem)
      writePrivateFile(`${o.out}.pem`, cert.certPem, 0o644)
      process.stdout.write(`${o.out}.pem, ${o.out}-key.pem\n`)
    } finally {
      await pool.destroy()
    }
  })

registerApiCommands(program)

const user = program.command('user').description('local users (EAP-TTLS/PAP)')
user.command('hash')
  .description('print a scrypt$N$r$p$salt$hash string for localUsers[].passwordHash; the password is read from stdin')
  .action(async () => {
    const chunks: Buffer[] = []
    for await (const c of process.stdin) chunks.push(c as Buffer)
    const password = Buffer.concat(chunks).toString('utf8').replace(/\r?\n$/, '')
    if (password === '') throw new InvalidArgumentError('no password on stdin')
    process.stdout.write(`${hashPassword({ password })}\n`)
  })

program.parseAsync(process.argv).catch((err: unknown) => {
  process.stderr.write(`nac: ${err instanceof Error ? err.message : String(err)}\n`)
  process.exit(1)
})
