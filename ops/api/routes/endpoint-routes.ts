// /api/v1/orgs/:org/endpoints: the endpoint database by MAC (any usual spelling in the path or
// body; canonical 12 hex digits in answers). Each endpoint has its own KV revision (its ETag).
import { confirmApplied } from '../config-applied.js'
import type { FastifyInstance } from 'fastify'
import { canonicalMac } from '../../../proto/wire/mac.js'
import { deleteEndpoint, listEndpointMacs, readEndpoint, writeEndpoint } from '../../cluster/config-store.js'
import { ConfigRevisionConflictError } from '../../cluster/revision-conflict.js'
import { checkIfMatch, ifMatch, setEtag, type ApiContext, type OrgParams } from '../api-context.js'
import { ApiError, notFound } from '../api-errors.js'
import { endpointFromBody, endpointView } from '../org-document.js'
import { commonErrors, endpointSchema, errorSchema, ifMatchHeader, revisionSchema, writeErrors } from '../schemas.js'

type Json = Record<string, unknown>
interface MacParams extends OrgParams { mac: string }

const macParams = { type: 'object', required: ['org', 'mac'], properties: { org: { type: 'string' }, mac: { type: 'string', description: 'MAC in any usual spelling' } } } as const
/**
 * A write without If-Match is unconditional for the client: a conflict with another writer (or an
 * import switching generations between our read and our write) is ours to retry on a fresh read.
 * With If-Match the client asked for the revision it read, and a conflict is its 412.
 */
async function unlessConditional<T>(conditional: boolean, attempt: () => Promise<T>): Promise<T> {
  for (let i = 1; ; i++) {
    try {
      return await attempt()
    } catch (err) {
      if (conditional || !(err instanceof ConfigRevisionConflictError) || i >= 8) throw err
    }
  }
}

const invalid = (details: ReturnType<typeof endpointFromBody> & { ok: false }): ApiError =>
  new ApiError('NAC_ERR_API_INVALID_CONFIG', 'the endpoint is invalid', details.details)

export function endpointRoutes(app: FastifyInstance, ctx: ApiContext): void {
  app.get<{ Params: OrgParams; Querystring: { limit?: string; after?: string } }>('/endpoints', {
    schema: {
      tags: ['endpoints'], summary: 'endpoints sorted by MAC, a page at a time (next: the "after" of the next page)',
      params: { type: 'object', required: ['org'], properties: { org: { type: 'string' } } },
      querystring: { type: 'object', additionalProperties: false, properties: { limit: { type: 'string', pattern: '^[0-9]{1,4}$', description: '1-1000, default 100' }, after: { type: 'string' } } },
      response: {
        200: { type: 'object', required: ['items'], properties: { items: { type: 'array', items: endpointSchema }, next: { type: 'string' } } },
        ...commonErrors, 400: errorSchema,
      },
    },
  }, async (req) => {
    const limit = Math.min(1000, Math.max(1, Number(req.query.limit ?? '100')))
    const after = req.query.after === undefined ? '' : (canonicalMac(req.query.after) ?? req.query.after)
    const macs = (await listEndpointMacs(ctx.endpoints, req.params.org)).filter((m) => m > after)
    const page = macs.slice(0, limit)
    const items = (await Promise.all(page.map((m) => readEndpoint(ctx.endpoints, req.params.org, m)))).flatMap((e) => (e === undefined ? [] : [endpointView(e.value)]))
    const last = page[page.length - 1]
    return macs.length > limit && last !== undefined ? { items, next: last } : { items }
  })

  app.post<{ Params: OrgParams; Body: Json }>('/endpoints', {
    schema: {
      tags: ['endpoints'], summary: 'add an endpoint (409 when the MAC exists)',
      params: { type: 'object', required: ['org'], properties: { org: { type: 'string' } } },
      body: { ...endpointSchema, required: ['mac'] }, response: { 201: revisionSchema, ...writeErrors },
    },
  }, async (req, reply) => {
    const r = endpointFromBody(req.params.org, req.body)
    if (!r.ok) throw invalid(r)
    if (await readEndpoint(ctx.endpoints, req.params.org, r.endpoint.mac) !== undefined) throw new ApiError('NAC_ERR_API_ALREADY_EXISTS', `endpoint ${r.endpoint.mac} exists`)
    const revision = await writeEndpoint(ctx.endpoints, req.params.org, r.endpoint, 0)
    await confirmApplied(ctx.applied, req, 'endpoints', revision)
    setEtag(reply, revision)
    return reply.code(201).send({ revision })
  })

  app.get<{ Params: MacParams }>('/endpoints/:mac', {
    schema: { tags: ['endpoints'], summary: 'one endpoint', params: macParams, response: { 200: endpointSchema, ...commonErrors } },
  }, async (req, reply) => {
    const mac = canonicalMac(req.params.mac)
    const e = mac === undefined ? undefined : await readEndpoint(ctx.endpoints, req.params.org, mac)
    if (e === undefined) throw notFound()
    setEtag(reply, e.revision)
    return endpointView(e.value)
  })

  app.put<{ Params: MacParams; Body: Json }>('/endpoints/:mac', {
    schema: {
      tags: ['endpoints'], summary: 'create or replace an endpoint (If-Match optional: its revision)',
      params: macParams, headers: ifMatchHeader, body: endpointSchema, response: { 200: revisionSchema, ...writeErrors },
    },
  }, async (req, reply) => {
    const r = endpointFromBody(req.params.org, { ...req.body, mac: req.body['mac'] ?? req.params.mac })
    if (!r.ok) throw invalid(r)
    if (r.endpoint.mac !== canonicalMac(req.params.mac)) {
      throw new ApiError('NAC_ERR_API_INVALID_CONFIG', 'the endpoint is invalid', [{ path: 'mac', rule: 'mac', message: 'the body names another MAC than the path' }])
    }
    const endpoint = r.endpoint
    const revision = await unlessConditional(ifMatch(req) !== undefined, async () => {
      const current = await readEndpoint(ctx.endpoints, req.params.org, endpoint.mac)
      checkIfMatch(req, current?.revision ?? 0)
      return writeEndpoint(ctx.endpoints, req.params.org, endpoint, current?.revision ?? 0)
    })
    await confirmApplied(ctx.applied, req, 'endpoints', revision)
    setEtag(reply, revision)
    return { revision }
  })

  app.delete<{ Params: MacParams }>('/endpoints/:mac', {
    schema: { tags: ['endpoints'], summary: 'remove an endpoint (If-Match optional)', params: macParams, headers: ifMatchHeader, response: { 200: revisionSchema, ...writeErrors } },
  }, async (req) => {
    const mac = canonicalMac(req.params.mac)
    if (mac === undefined) throw notFound()
    const done = await unlessConditional(ifMatch(req) !== undefined, async () => {
      const current = await readEndpoint(ctx.endpoints, req.params.org, mac)
      if (current === undefined) throw notFound()
      if (ifMatch(req) !== undefined) checkIfMatch(req, current.revision)
      return { revision: current.revision, marker: await deleteEndpoint(ctx.endpoints, req.params.org, mac, current.revision) }
    })
    await confirmApplied(ctx.applied, req, 'endpoints', done.marker)
    return { revision: done.revision }
  })
}
