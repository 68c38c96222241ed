// /api/v1/orgs/:org/tokens: an org's API tokens, for admin tokens only. A new token is shown once
// in the answer; listings show ids, names and roles, never the token or its hash.
import type { FastifyInstance } from 'fastify'
import type { ApiContext, OrgParams } from '../api-context.js'
import { notFound } from '../api-errors.js'
import { ApiRole } from '../token-store.js'
import { commonErrors, orgParams, writeErrors } from '../schemas.js'

const tokenInfo = {
  type: 'object', required: ['id', 'role', 'name', 'createdAt'],
  properties: { id: { type: 'string' }, role: { type: 'string', enum: Object.values(ApiRole) }, name: { type: 'string' }, createdAt: { type: 'string', format: 'date-time' } },
} as const

export function tokenRoutes(app: FastifyInstance, ctx: ApiContext): void {
  app.get<{ Params: OrgParams }>('/tokens', {
    config: { access: 'admin' },
    schema: { tags: ['tokens'], summary: "the org's API tokens (admin only)", params: orgParams, response: { 200: { type: 'object', properties: { items: { type: 'array', items: tokenInfo } } }, ...commonErrors } },
  }, async (req) => ({ items: await ctx.tokens.list(req.params.org) }))

  app.post<{ Params: OrgParams; Body: { name: string; role: ApiRole } }>('/tokens', {
    config: { access: 'admin' },
    schema: {
      tags: ['tokens'], summary: 'create a token; the answer holds the only copy of it', params: orgParams,
      body: { type: 'object', required: ['name', 'role'], additionalProperties: false, properties: { name: { type: 'string', minLength: 1, maxLength: 64 }, role: { type: 'string', enum: Object.values(ApiRole) } } },
      response: { 201: { ...tokenInfo, required: [...tokenInfo.required, 'token'], properties: { ...tokenInfo.properties, token: { type: 'string' } } }, ...writeErrors },
    },
  }, async (req, reply) => {
    const { token, record } = await ctx.tokens.create(req.params.org, req.body.role, req.body.name)
    return reply.code(201).header('cache-control', 'no-store').send({ id: record.id, role: record.role, name: record.name, createdAt: record.createdAt, token })
  })

  app.delete<{ Params: OrgParams & { id: string } }>('/tokens/:id', {
    config: { access: 'admin' },
    schema: {
      tags: ['tokens'], summary: 'revoke a token',
      params: { type: 'object', required: ['org', 'id'], properties: { org: { type: 'string' }, id: { type: 'string' } } },
      response: { 204: { type: 'null' }, ...writeErrors },
    },
  }, async (req, reply) => {
    if (!(await ctx.tokens.revoke(req.params.org, req.params.id))) throw notFound()
    return reply.code(204).send()
  })
}
