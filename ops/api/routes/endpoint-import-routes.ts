// POST /api/v1/orgs/:org/endpoints/import: endpoints from CSV (text/csv). Every line is checked
// first and each bad line reported (400 with line, path, rule); only a clean file is stored, and
// it is stored all at once: written as a new generation that readers switch to in one step
// (ops/cluster/endpoint-generations.ts), so a lookup sees the set before or after, never a mix.
import type { FastifyInstance } from 'fastify'
import { importEndpoints } from '../../cluster/config-store.js'
import { confirmApplied } from '../config-applied.js'
import { setEtag, type ApiContext, type OrgParams } from '../api-context.js'
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
      tags: ['endpoints'],
      summary: 'import endpoints from CSV: columns mac,name,role,vlan,labels,description (labels separated by ";"); '
        + 'created or replaced by MAC, others kept; all or nothing, visible to lookups at once',
      consumes: ['text/csv'],
      params: { type: 'object', required: ['org'], properties: { org: { type: 'string' } } },
      body: { type: 'string' },
      response: {
        200: {
          type: 'object', required: ['imported'],
          properties: {
            imported: { type: 'integer', description: 'endpoints of the file' },
            kept: { type: 'integer', description: 'endpoints stored before and not in the file, carried over' },
            revision: { type: 'integer', description: 'bucket revision of the switch: nodes that applied it serve the new set' },
          },
        },
        ...writeErrors,
      },
    },
  }, async (req, reply) => {
    const r = parser.parse(req.body, req.params.org)
    if (!r.ok) throw new ApiError('NAC_ERR_API_INVALID_CONFIG', `${r.errors.length} bad line(s): nothing imported`, r.errors)
    const done = await importEndpoints(ctx.endpoints, req.params.org, r.endpoints)
    await confirmApplied(ctx.applied, req, 'endpoints', done.revision)
    setEtag(reply, done.revision)
    return { imported: done.imported, kept: done.kept, revision: done.revision }
  })
}
