// `nac actor-node`: an actor node of a real deployment (shard leases, the client actors, the worker pool).
import type { Command } from 'commander'
import { connectNats } from '../../actors/runtime/index.js'
import { createWorkerPool } from '../../workers/pool.js'
import { startActorNodeProcess } from '../processes/actor-node-process.js'
import { loadOrCreateClusterKey } from '../secrets/index.js'
import { createLogger } from '../telemetry/logger.js'
import { loopSlicesMetrics } from '../telemetry/loop-slices-metrics.js'
import { maybeStartMetrics, metricsOption } from './metrics-option.js'
import { int, onSignals, printCountersOnSignal } from './process-signals.js'

export function registerActorNodeCommand(program: Command): void {
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
        loopSlicesMetrics,
      ])
      printCountersOnSignal(() => node.counters.snapshot())
      onSignals(async () => { await metrics?.stop(); await node.stop(); await nc.drain(); await pool.destroy() })
    })
}
