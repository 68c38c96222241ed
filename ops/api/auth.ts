// Bearer-token authentication and org isolation for every /api/v1/orgs/:org route:
// no or unknown token -> 401; a token of another org -> 404, the same answer as for an org that
// does not exist (the existence of other orgs is never revealed); a read-only token on a write
// route, or on a route for admins only -> 403.
import type { FastifyRequest } from 'fastify'
import { ApiError, notFound } from './api-errors.js'
import { ApiRole, type ApiTokenRecord, type TokenStore } from './token-store.js'

/** Route option `config.access`: read (GET), write (default for other methods) or admin-only. */
export type RouteAccess = 'read' | 'write' | 'admin'

export interface RouteConfig {
  access?: RouteAccess
  /** Where the body sits in the org document, to name paths of body errors ("labels"). */
  bodyPath?: string
}

declare module 'fastify' {
  // Route options `config` of this API (read back as req.routeOptions.config).
  // eslint-disable-next-line @typescript-eslint/no-empty-object-type
  interface FastifyContextConfig extends RouteConfig {}
}

function bearer(req: FastifyRequest): string | undefined {
  const h = req.headers.authorization
  const m = h === undefined ? null : /^Bearer ([^\s]+)$/i.exec(h)
  return m?.[1]
}

/** The onRequest check; returns the token's record. */
export async function authorize(tokens: TokenStore, req: FastifyRequest): Promise<ApiTokenRecord> {
  const presented = bearer(req)
  const record = presented === undefined ? undefined : await tokens.verify(presented)
  if (record === undefined) throw new ApiError('NAC_ERR_API_UNAUTHENTICATED', 'a valid bearer token is required')
  const org = (req.params as { org?: unknown }).org
  if (org !== record.org) throw notFound()
  const cfg = req.routeOptions.config as RouteConfig
  const access: RouteAccess = cfg.access ?? (req.method === 'GET' || req.method === 'HEAD' ? 'read' : 'write')
  if (access !== 'read' && record.role !== ApiRole.admin) {
    throw new ApiError('NAC_ERR_API_READ_ONLY', access === 'admin' ? 'this route needs an admin token' : 'a read-only token cannot change anything')
  }
  return record
}
