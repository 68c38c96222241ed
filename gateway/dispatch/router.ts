// The gateway's view of the cluster: send a checked request to the owner of its client actor and
// get the reply, or nothing (timeout, no owner during a shard move, overload).
import type { RadiusReply, RadiusRequest } from '../../proto/wire/envelope.js'

export interface Router {
  route(req: RadiusRequest, timeoutMs: number): Promise<RadiusReply | undefined>
}
