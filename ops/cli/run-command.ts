// `nac run`: the embedded default (README quick start): a local nats-server, one gateway, one
// actor node, the demo org and the admin API.
import type { Command } from 'commander'
import { defaultDataDir } from '../paths.js'
import { runEmbedded } from '../run-embedded.js'
import { loopSlicesMetrics } from '../telemetry/loop-slices-metrics.js'
import { maybeStartMetrics, metricsOption } from './metrics-option.js'
import { int, onSignals, printCountersOnSignal } from './process-signals.js'

export function registerRunCommand(program: Command): void {
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
      const metrics = await maybeStartMetrics(o.metricsPort, o.host, 'nac-embedded', [{ name: 'node', counters: () => e.counters() }, loopSlicesMetrics])
      process.stdout.write(`${JSON.stringify({ ready: 'embedded', ports: e.ports, dataDir: e.dataDir })}\n`)
      printCountersOnSignal(() => e.counters())
      onSignals(async () => { await metrics?.stop(); await e.stop() })
    })
}
