// The org's PKI: its device CA certificate (GET, PEM) and NAS certificates for RadSec issued from
// it through the worker pool (POST: certificate and private key, returned once, never stored).
import type { FastifyInstance } from 'fastify'
import { TOKEN_RE } from '../../../proto/wire/subjects.js'
import { readOrg } from '../../cluster/config-store.js'
import { issueNasCertificate } from '../../pki/index.js'
import type { ApiContext, OrgParams } from '../api-context.js'
import { ApiError, notFound } from '../api-errors.js'
import { commonErrors, orgParams, writeErrors } from '../schemas.js'

interface IssueBody { site: string; nasId: string; validDays?: number }

export function pkiRoutes(app: FastifyInstance, ctx: ApiContext): void {
  app.get<{ Params: OrgParams }>('/device-ca', {
    schema: {
      tags: ['pki'], summary: "the org's device CA certificate (PEM): NAS certificates for RadSec chain to it",
      produces: ['application/x-pem-file'], params: orgParams, response: { 200: { type: 'string' }, ...commonErrors },
    },
  }, async (req, reply) => {
    const current = await readOrg(ctx.config, req.params.org)
    if (current === undefined || current.value.deviceCa === '') throw notFound()
    return reply.type('application/x-pem-file').send(current.value.deviceCa)
  })

  app.post<{ Params: OrgParams; Body: IssueBody }>('/nas-certificates', {
    schema: {
      tags: ['pki'], summary: 'issue a NAS certificate (O=org, OU=site, CN=nasId) from the device CA; the key is returned once',
      params: orgParams,
      body: {
        type: 'object', required: ['site', 'nasId'], additionalProperties: false,
        properties: { site: { type: 'string' }, nasId: { type: 'string', pattern: TOKEN_RE.source }, validDays: { type: 'integer', minimum: 1, maximum: 825 } },
      },
      response: { 201: { type: 'object', required: ['certPem', 'keyPem'], properties: { certPem: { type: 'string' }, keyPem: { type: 'string' } } }, ...writeErrors },
    },
  }, async (req, reply) => {
    const { org } = req.params
    const current = await readOrg(ctx.config, org)
    if (current === undefined) throw notFound()
    if (!current.value.sites.some((s) => s.id === req.body.site)) {
      throw new ApiError('NAC_ERR_API_INVALID_CONFIG', 'unknown site', [{ path: 'site', rule: 'site-exists', message: `the org has no site "${req.body.site}"` }])
    }
    const ca = await ctx.deviceCaKeys.get(org)
    if (ca === undefined || ca.certPem.trim() !== current.value.deviceCa.trim()) {
      throw new ApiError('NAC_ERR_API_NO_DEVICE_CA_KEY', "this API does not hold the key of the org's device CA")
    }
    const cert = await issueNasCertificate(ctx.pool, { caCertPem: ca.certPem, caKeyPem: ca.keyPem, org, site: req.body.site, nasId: req.body.nasId, validDays: req.body.validDays ?? 825 })
    return reply.code(201).header('cache-control', 'no-store').send(cert)
  })
}
