// /api/v1/orgs/:org: the whole org document (GET; PUT with If-Match, 412 when the stored revision
// moved, 428 when an existing document is replaced without one) and its stored history.
import { confirmApplied } from '../config-applied.js'
import type { FastifyInstance } from 'fastify'
import { orgHistory, readOrg, writeOrg } from '../../cluster/config-store.js'
import { setEtag, ifMatch, type ApiContext, type OrgParams } from '../api-context.js'
import { ApiError, notFound } from '../api-errors.js'
import { orgFromBody, orgView } from '../org-document.js'
import { commonErrors, ifMatchHeader, orgDocumentSchema, orgParams, revisionSchema, writeErrors } from '../schemas.js'

export function orgRoutes(app: FastifyInstance, ctx: ApiContext): void {
  app.get<{ Params: OrgParams }>('', {
    schema: { tags: ['org'], summary: 'the org document (secrets show as { set: true }); ETag: its revision', params: orgParams, response: { 200: orgDocumentSchema, ...commonErrors } },
  }, async (req, reply) => {
    const current = await readOrg(ctx.config, req.params.org)
    if (current === undefined) throw notFound()
    setEtag(reply, current.revision)
    return orgView(current.value)
  })

  app.put<{ Params: OrgParams; Body: Record<string, unknown> }>('', {
    schema: {
      tags: ['org'], summary: 'replace the org document (If-Match: the revision it was read at; required once it exists)',
      params: orgParams, headers: ifMatchHeader, body: orgDocumentSchema, response: { 200: revisionSchema, ...writeErrors },
    },
  }, async (req, reply) => {
    const { org } = req.params
    const current = await readOrg(ctx.config, org)
    const wanted = ifMatch(req)
    if (current !== undefined && wanted === undefined) throw new ApiError('NAC_ERR_API_PRECONDITION_REQUIRED', 'replacing the org document needs If-Match: "<revision>"')
    if (wanted !== undefined && wanted !== (current?.revision ?? 0)) throw new ApiError('NAC_ERR_API_REVISION_CONFLICT', `the stored revision is ${current?.revision ?? 0}, not ${wanted}`)
    const next = orgFromBody(org, req.body, current?.value)
    if (!next.ok) throw new ApiError('NAC_ERR_API_INVALID_CONFIG', 'the org configuration is invalid', next.details)
    const revision = await writeOrg(ctx.config, next.org, current?.revision ?? 0, ctx.clusterKey)
    await confirmApplied(ctx.applied, req, 'config', revision)
    setEtag(reply, revision)
    return { revision }
  })

  app.get<{ Params: OrgParams }>('/history', {
    schema: {
      tags: ['org'], summary: 'stored revisions of the org document (the config bucket keeps 10)', params: orgParams,
      response: {
        200: {
          type: 'object', required: ['items'],
          properties: { items: { type: 'array', items: { type: 'object', properties: { revision: { type: 'integer' }, operation: { type: 'string' }, at: { type: 'string', format: 'date-time' } } } } },
        },
        ...commonErrors,
      },
    },
  }, async (req) => {
    const items = await orgHistory(ctx.config, req.params.org)
    if (items.length === 0) throw notFound()
    return { items: items.map((h) => ({ revision: h.revision, operation: h.operation, at: h.at.toISOString() })) }
  })
}
