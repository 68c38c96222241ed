// Router over NATS: one request per RADIUS request on the shard's subject, on the connection's
// shared reply subscription (nats.js muxes request inboxes). No responders (a shard between
// owners) and timeouts both yield undefined: the NAS retries.
import type { NatsConnection } from '@nats-io/transport-node'
import { decodeReply, encodeRequest, type RadiusReply, type RadiusRequest } from '../../proto/wire/envelope.js'
import { shardSubject } from '../../proto/wire/subjects.js'
import type { Counters } from '../counters.js'
import type { Router } from './router.js'

export class NatsRouter implements Router {
  constructor(
    private readonly nc: NatsConnection,
    private readonly subjectPrefix: string,
    private readonly counters: Counters,
  ) {}

  async route(req: RadiusRequest, timeoutMs: number): Promise<RadiusReply | undefined> {
    try {
      const msg = await this.nc.request(shardSubject(this.subjectPrefix, req.shard), encodeRequest(req), { timeout: timeoutMs })
      const reply = decodeReply(msg.data)
      if (!reply.ok) {
        this.counters.inc('route.malformed_reply')
        return undefined
      }
      return reply.value
    } catch (err) {
      const name = err instanceof Error ? err.name : 'unknown'
      this.counters.inc(`route.failed.${name}`)
      return undefined
    }
  }
}
