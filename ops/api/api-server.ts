// The admin API server: fastify over HTTPS (node:https), the OpenAPI 3 document generated from
// the routes' JSON schemas (@fastify/swagger) at /openapi.json, bearer-token authorization for
// every route under /api/v1/orgs/:org, and one error shape { code, message, details? }.
import { appliedHeader } from './config-applied.js'
import type { FastifyError, FastifyInstance } from 'fastify'
import Fastify from 'fastify'
import swagger from '@fastify/swagger'
import type { Server } from 'node:https'
import type { Logger } from '../telemetry/logger.js'
import { ConfigRevisionConflictError } from '../cluster/config-store.js'
import type { ApiContext } from './api-context.js'
import { ApiError, type ApiErrorDetail } from './api-errors.js'
import { authorize, type RouteConfig } from './auth.js'
import { documentedEndpointsCsv, type EndpointsCsvParser } from './endpoints-csv.js'
import { configSectionRoutes } from './routes/config-sections.js'
import { eapPkiRoutes } from './routes/eap-pki-routes.js'
import { endpointImportRoutes } from './routes/endpoint-import-routes.js'
import { endpointRoutes } from './routes/endpoint-routes.js'
import { nasDeviceRoutes } from './routes/nas-device-routes.js'
import { orgRoutes } from './routes/org-routes.js'
import { pkiRoutes } from './routes/pki-routes.js'
import { pskRoutes } from './routes/psk-routes.js'
import { tokenRoutes } from './routes/token-routes.js'

export type ApiApp = FastifyInstance<Server>

export interface AdminApiOptions extends ApiContext {
  host: string
  port: number
  tls: { certPem: string; keyPem: string }
  log: Logger
  csv?: EndpointsCsvParser
}

export interface AdminApi {
  url: string
  port: number
  app: ApiApp
  stop(): Promise<void>
}

/** Prefix of every org-scoped route. */
export const ORG_PREFIX = '/api/v1/orgs/:org'

/** ajv keyword -> the rule id of ops/config's catalogue where one matches. */
const AJV_RULE: Record<string, string> = { type: 'type', required: 'required', additionalProperties: 'unknown-key', minLength: 'non-empty', minItems: 'non-empty' }

interface AjvError { instancePath: string; keyword: string; message?: string; params: Record<string, unknown> }

/** "/rules/0/match/1" under "rules" -> "rules[0].match[1]"; missing and unknown keys appended. */
function ajvDetail(e: AjvError, base: string): ApiErrorDetail {
  let path = base
  const segs = e.instancePath.split('/').slice(1).map((s) => s.replace(/~1/g, '/').replace(/~0/g, '~'))
  const extra = e.params['missingProperty'] ?? e.params['additionalProperty']
  if (typeof extra === 'string') segs.push(extra)
  for (const s of segs) path += /^\d+$/.test(s) ? `[${s}]` : path === '' ? s : `.${s}`
  return { path, rule: AJV_RULE[e.keyword] ?? e.keyword, message: e.message ?? e.keyword }
}

export function buildAdminApi(o: AdminApiOptions): ApiApp {
  const app: ApiApp = Fastify({
    https: { cert: o.tls.certPem, key: o.tls.keyPem, minVersion: 'TLSv1.2' },
    logger: false,
    // Bodies are checked as sent: no type coercion, and unknown keys are errors, never dropped.
    ajv: { customOptions: { coerceTypes: false, removeAdditional: false, allErrors: true } },
  })

  app.setErrorHandler((err: FastifyError | ApiError | ConfigRevisionConflictError, req, reply) => {
    if (err instanceof ApiError) return reply.code(err.status).send(err.toJSON())
    if (err instanceof ConfigRevisionConflictError) return reply.code(412).send({ code: 'NAC_ERR_API_REVISION_CONFLICT', message: 'changed by someone else meanwhile: read it again' })
    if (err.validation !== undefined) {
      const cfg = req.routeOptions.config as RouteConfig
      const base = err.validationContext === 'body' ? (cfg.bodyPath ?? '') : (err.validationContext ?? '')
      return reply.code(400).send({ code: 'NAC_ERR_API_INVALID_BODY', message: 'the request does not match its schema', details: err.validation.map((e) => ajvDetail(e as AjvError, base)) })
    }
    if (err.code === 'FST_ERR_CTP_INVALID_MEDIA_TYPE') return reply.code(415).send({ code: 'NAC_ERR_API_UNSUPPORTED_MEDIA_TYPE', message: 'unsupported Content-Type' })
    if (err.statusCode !== undefined && err.statusCode >= 400 && err.statusCode < 500) {
      return reply.code(err.statusCode).send({ code: 'NAC_ERR_API_INVALID_BODY', message: err.message })
    }
    o.log.error({ err, method: req.method, route: req.routeOptions.url }, 'admin API request failed')
    return reply.code(500).send({ code: 'NAC_ERR_API_INTERNAL', message: 'internal error' })
  })
  app.setNotFoundHandler((_req, reply) => reply.code(404).send({ code: 'NAC_ERR_API_NOT_FOUND', message: 'not found' }))

  void app.register(swagger, {
    openapi: {
      openapi: '3.0.3',
      info: { title: 'nac-cluster admin API', version: '1' },
      components: { securitySchemes: { bearer: { type: 'http', scheme: 'bearer', description: 'a per-org API token (role admin or read-only)' } } },
      security: [{ bearer: [] }],
    },
  })
  app.get('/openapi.json', { schema: { hide: true } }, async () => app.swagger())

  void app.register(async (org) => {
    org.addHook('onRequest', async (req) => { await authorize(o.tokens, req) })
    org.addHook('onSend', appliedHeader)
    orgRoutes(org, o)
    configSectionRoutes(org, o)
    endpointRoutes(org, o)
    endpointImportRoutes(org, o, o.csv ?? documentedEndpointsCsv)
    pskRoutes(org, o)
    nasDeviceRoutes(org, o)
    pkiRoutes(org, o)
    eapPkiRoutes(org, o)
    tokenRoutes(org, o)
  }, { prefix: ORG_PREFIX })
  return app
}

/** Build and listen; `port` 0 picks a free one. */
export async function startAdminApi(o: AdminApiOptions): Promise<AdminApi> {
  const app = buildAdminApi(o)
  await app.listen({ host: o.host, port: o.port })
  const addr = app.server.address()
  const port = typeof addr === 'object' && addr !== null ? addr.port : o.port
  const host = o.host.includes(':') ? `[${o.host}]` : o.host
  return { url: `https://${host}:${port}`, port, app, stop: () => app.close() }
}
