// A real nats-server on a free port and one client connection to it: the set-up most integration
// tests of the NATS-facing parts begin with. stop() closes the connection, then the server, and
// is safe to call after a failed start.
import type { NatsConnection } from '@nats-io/transport-node'
import { connectNats } from '../../actors/runtime/index.js'
import { startNatsServer, type NatsServer } from './nats-server.js'

export interface NatsWithConnection {
  nats: NatsServer
  nc: NatsConnection
  stop(): Promise<void>
}

export async function startNatsWithConnection(name = 'test'): Promise<NatsWithConnection> {
  const nats = await startNatsServer()
  let nc: NatsConnection
  try {
    nc = await connectNats({ servers: nats.url, name })
  } catch (err) {
    await nats.stop()
    throw err
  }
  return {
    nats, nc,
    async stop() {
      await nc.close()
      await nats.stop()
    },
  }
}
