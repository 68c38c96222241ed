// `nac gateway`: a gateway node of a real deployment (RadSec and RADIUS/UDP to actor nodes over NATS).
import { readFileSync } from 'node:fs'
import type { Command } from 'commander'
import { connectNats } from '../../actors/runtime/index.js'
import { startGatewayProcess } from '../processes/gateway-process.js'
import { loadOrCreateClusterKey } from '../secrets/index.js'
import { createLogger } from '../telemetry/logger.js'
import { maybeStartMetrics, metricsOption } from './metrics-option.js'
import { int, onSignals, printCountersOnSignal } from './process-signals.js'

export function registerGatewayCommand(program: Command): void {
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
}
