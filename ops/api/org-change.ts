// A change to one org document, the way every write route makes it: read the stored document and
// its revision, check If-Match, build the next document, validate it (validateOrgConfig), store it
// against the revision read. Without If-Match a conflict re-runs the change on a fresh read, up to
// 10 times with a little jitter (the route replaces or adds its own part only); with If-Match it
// is a 412 at once.
import type { FastifyRequest } from 'fastify'
import type { OrgConfig } from '../../proto/wire/org-config.js'
import { ConfigRevisionConflictError, readOrg, writeOrg } from '../cluster/config-store.js'
import type { ApiContext } from './api-context.js'
import { checkIfMatch, ifMatch } from './api-context.js'
import { ApiError, notFound } from './api-errors.js'
import { orgFromBody, orgView } from './org-document.js'
import { confirmApplied } from './config-applied.js'

type Json = Record<string, unknown>

export interface OrgChangeResult {
  revision: number
  org: OrgConfig
}

/** Apply `change` to the org's document view (an existing org only) and store the result. */
export async function changeOrg(ctx: ApiContext, req: FastifyRequest, org: string, change: (view: Json) => Json): Promise<OrgChangeResult> {
  const attempts = ifMatch(req) === undefined ? 10 : 1
  for (let i = 1; ; i++) {
    const current = await readOrg(ctx.config, org)
    if (current === undefined) throw notFound()
    checkIfMatch(req, current.revision)
    const { deviceCa: _kept, ...view } = orgView(current.value)
    const next = orgFromBody(org, change(view), current.value)
    if (!next.ok) throw new ApiError('NAC_ERR_API_INVALID_CONFIG', 'the change breaks the org configuration', next.details)
    try {
      const revision = await writeOrg(ctx.config, next.org, current.revision, ctx.clusterKey)
      await confirmApplied(ctx.applied, req, 'config', revision)
      return { revision, org: next.org }
    } catch (err) {
      if (!(err instanceof ConfigRevisionConflictError) || i >= attempts) throw err
      await new Promise((r) => setTimeout(r, Math.random() * 10 * i))
    }
  }
}
