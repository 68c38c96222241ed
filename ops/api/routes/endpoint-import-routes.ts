// POST /api/v1/orgs/:org/endpoints/import: endpoints from CSV (text/csv). Every line is checked
// first and each bad line reported (400 with line, path, rule); only a clean file is stored.
import type { FastifyInstance } from 'fastify'
import { upsertEndpoints } from '../../cluster/config-store.js'
import type { ApiContext, OrgParams } from '../api-context.js'
import { ApiError } from '../api-errors.js'
import type { EndpointsCsvParser } from '../endpoints-csv.js'
import { writeErrors } from '../schemas.js'

/** Largest CSV accepted: 100,000 endpoints of about 200 bytes each fit. */
const CSV_LIMIT = 64 * 1024 * 1024

export function endpointImportRoutes(app: FastifyInstance, ctx: ApiContext, parser: EndpointsCsvParser): void {
  app.addContentTypeParser('text/csv', { parseAs: 'string', bodyLimit: CSV_LIMIT }, (_req, body, done) => done(null, body))
  app.post<{ Params: OrgParams; Body: string }>('/endpoints/import', {
    bodyLimit: CSV_LIMIT,
    schema: {
      tags: ['endpoints'], summary: 'import endpoints from CSV: columns mac,name,role,vlan,labels,description (labels separated by ";")',
      consumes: ['text/csv'],
      params: { type: 'object', required: ['org'], properties: { org: { type: 'string' } } },
      body: { type: 'string' },
      response: { 200: { type: 'object', required: ['imported'], properties: { imported: { type: 'integer' } } }, ...writeErrors },
    },
  }, async (req) => {
    const r = parser.parse(req.body, req.params.org)
    if (!r.ok) throw new ApiError('NAC_ERR_API_INVALID_CONFIG', `${r.errors.length} bad line(s): nothing imported`, r.errors)
    return { imported: await upsertEndpoints(ctx.endpoints, req.params.org, r.endpoints) }
  })
}
