// The embedded default (`nac run`, the README's first command) on free ports with its own data
// directory, for tests that need the whole service with its demo org.
import { freeTcpPort, freeUdpPort } from './free-port.js'
import { startService, type ServiceProcess } from './service-process.js'

export interface EmbeddedPorts {
  radsec: number
  auth: number
  acct: number
  nats: number
  api: number
  radsecproxy: number
}

export async function startEmbedded(dataDir: string): Promise<{ svc: ServiceProcess; ports: EmbeddedPorts }> {
  const radsecproxy = await freeUdpPort()
  const api = await freeTcpPort()
  const svc = await startService(['run', '--data-dir', dataDir, '--nats-port', String(await freeTcpPort()), '--radsec-port', String(await freeTcpPort()),
    '--auth-port', String(await freeUdpPort()), '--acct-port', String(await freeUdpPort()), '--radsecproxy-port', String(radsecproxy),
    '--api-port', String(api)], { timeoutMs: 60_000 })
  const ready = svc.ready['ports'] as { radsec: number; auth: number; acct: number; nats: number }
  return { svc, ports: { ...ready, api, radsecproxy } }
}
