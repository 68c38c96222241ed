// A change to parts of the org document the API view (org-document.ts) does not carry, such as
// PSKs and NAS devices: read the stored document, check If-Match, build the next one from it,
// store it against the revision read. Without If-Match a conflict re-runs the change on a fresh
// read (up to 10 times, a little jitter); with If-Match it is a 412 at once.
import type { FastifyRequest } from 'fastify'
import type { OrgConfig } from '../../../proto/wire/org-config.js'
import { ConfigRevisionConflictError, readOrg, writeOrg } from '../../cluster/config-store.js'
import { checkIfMatch, ifMatch, type ApiContext } from '../api-context.js'
import { notFound } from '../api-errors.js'
import { confirmApplied } from '../config-applied.js'

/** `next` gets the stored document (secrets sealed) and returns the one to store, or throws an ApiError. */
export async function changeStoredOrg(ctx: ApiContext, req: FastifyRequest, org: string, next: (current: OrgConfig) => OrgConfig): Promise<number> {
  const attempts = ifMatch(req) === undefined ? 10 : 1
  for (let i = 1; ; i++) {
    const current = await readOrg(ctx.config, org)
    if (current === undefined) throw notFound()
    checkIfMatch(req, current.revision)
    const doc = next(current.value)
    try {
      const revision = await writeOrg(ctx.config, doc, current.revision, ctx.clusterKey)
      await confirmApplied(ctx.applied, req, 'config', revision)
      return revision
    } catch (err) {
      if (!(err instanceof ConfigRevisionConflictError) || i >= attempts) throw err
      await new Promise((r) => setTimeout(r, Math.random() * 10 * i))
    }
  }
}
