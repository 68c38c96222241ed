// Wires a gateway node: NATS connection, config watch, RadSec and RADIUS/UDP listeners.
import type { NatsConnection } from '@nats-io/transport-node'
import { NatsRouter } from '../../gateway/dispatch/index.js'
import { Counters, Gateway, type GatewayPorts } from '../../gateway/index.js'
import { ConfigWatcher } from '../cluster/config-watcher.js'
import { ensureTopology } from '../nats/topology.js'
import type { Logger } from '../telemetry/logger.js'

export interface GatewayProcessOptions {
  nc: NatsConnection
  clusterKey: Buffer
  subjectPrefix: string
  shardCount: number
  routeTimeoutMs: number
  radsec: { host: string; port: number; certPem: string; keyPem: string } | undefined
  udp: { host: string; authPort: number; acctPort: number; requireMessageAuthenticator: boolean } | undefined
  log: Logger
}

export interface GatewayProcess {
  gateway: Gateway
  ports: GatewayPorts
  stop(): Promise<void>
}

export async function startGatewayProcess(o: GatewayProcessOptions): Promise<GatewayProcess> {
  const topo = await ensureTopology(o.nc)
  const counters = new Counters()
  const gateway = new Gateway({
    router: new NatsRouter(o.nc, o.subjectPrefix, counters),
    counters,
    shardCount: o.shardCount,
    routeTimeoutMs: o.routeTimeoutMs,
    radsec: o.radsec,
    udp: o.udp,
  })
  const watcher = new ConfigWatcher({
    config: topo.config,
    endpoints: undefined,
    clusterKey: o.clusterKey,
    onError: (err, key) => o.log.error({ err, key }, 'config entry not applied'),
  })
  await watcher.start()
  gateway.applyConfig(watcher.gatewaySnapshot())
  watcher.onChange(() => gateway.applyConfig(watcher.gatewaySnapshot()))
  const ports = await gateway.start()
  o.log.info({ ports }, 'gateway listening')
  return {
    gateway,
    ports,
    async stop() {
      await gateway.stop()
      watcher.stop()
    },
  }
}
