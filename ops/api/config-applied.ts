// The `Config-Applied` response header of every write: how many live actor nodes had applied the
// written revision when the API answered ("3/3; ms=12"). The write is stored either way; the
// header is what "confirmed" means for an admin or a script (issue 5: a change takes effect
// within 1 s, and no request is answered with the old rule after the change is confirmed).
import type { FastifyReply, FastifyRequest } from 'fastify'
import type { AppliedRevisions } from '../cluster/config-watcher.js'
import type { Confirmation } from '../cluster/applied-revisions.js'

export interface AppliedWaiter {
  wait(bucket: keyof AppliedRevisions, revision: number, timeoutMs: number): Promise<Confirmation>
}

/** How long a write waits for the cluster before answering anyway. */
export const APPLIED_WAIT_MS = 1000

const confirmations = new WeakMap<FastifyRequest, Confirmation>()

/** Waits for the cluster to apply `revision` and remembers the outcome for the response header. */
export async function confirmApplied(waiter: AppliedWaiter | undefined, req: FastifyRequest, bucket: keyof AppliedRevisions, revision: number): Promise<void> {
  if (waiter === undefined) return
  confirmations.set(req, await waiter.wait(bucket, revision, APPLIED_WAIT_MS))
}

/** onSend hook: the header, when the request wrote something. */
export async function appliedHeader(req: FastifyRequest, reply: FastifyReply): Promise<void> {
  const c = confirmations.get(req)
  if (c !== undefined) void reply.header('config-applied', `${c.nodes}/${c.live}; ms=${Math.round(c.ms)}`)
}
