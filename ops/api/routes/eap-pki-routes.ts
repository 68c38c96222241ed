// The org's EAP PKI (requirements auth-policy-edge-monitoring.md §3.1-3.3): trusted client CAs
// (list, add, remove; shown by their parsed properties), and the EAP server certificate: its
// properties, the default one (re)issued by the org's private CA (made on demand), or a custom
// one imported through the checks of ops/pki. Keys go in, sealed into KV (config-codec), and never
// come out: no answer and no log line carries one. Every write is a revision-checked change of the
// org document, which every actor node watches: its ConfigWatcher rebuilds the org's TLS
// SecureContext from the new document (ops/cluster/eap-org-context.ts).
import { X509Certificate } from 'node:crypto'
import type { FastifyInstance, FastifyRequest } from 'fastify'
import type { OrgConfig, OrgPkiConfig } from '../../../proto/wire/org-config.js'
import { readOrg } from '../../cluster/config-store.js'
import {
  certificateProperties, checkServerCertificate, defaultEapServerName, issueDefaultServerCertificate, normaliseFingerprint,
  parseTrustedCas, pemCertificates, serverNameProblem, trustedCaCertificates, MAX_TRUSTED_CAS, type PkiInputError,
} from '../../pki/index.js'
import { isSealed, unseal } from '../../secrets/index.js'
import { setEtag, type ApiContext, type OrgParams } from '../api-context.js'
import { ApiError, notFound, type ApiErrorDetail } from '../api-errors.js'
import { changeStoredOrg } from './stored-org-change.js'
import { commonErrors, ifMatchHeader, orgParams, revisionSchema, writeErrors } from '../schemas.js'

const certificateSchema = {
  type: 'object',
  required: ['commonName', 'subject', 'issuer', 'serialNumber', 'notBefore', 'notAfter', 'fingerprintSha256', 'isCa', 'selfSigned', 'dnsNames'],
  properties: {
    commonName: { type: 'string' },
    subject: { type: 'string' },
    issuer: { type: 'string' },
    serialNumber: { type: 'string' },
    notBefore: { type: 'string', format: 'date-time' },
    notAfter: { type: 'string', format: 'date-time' },
    fingerprintSha256: { type: 'string', description: 'SHA-256 of the DER, 64 lower-case hex digits' },
    isCa: { type: 'boolean' },
    selfSigned: { type: 'boolean' },
    dnsNames: { type: 'array', items: { type: 'string' } },
  },
} as const

const listSchema = { type: 'object', required: ['revision', 'items'], properties: { revision: { type: 'integer' }, items: { type: 'array', items: certificateSchema } } } as const

const serverCertificateSchema = {
  type: 'object', required: ['revision', 'origin', 'chain'],
  properties: {
    revision: { type: 'integer' },
    origin: { type: 'string', enum: ['private-ca', 'custom'], description: "private-ca: the default one, issued by the org's private CA" },
    chain: { type: 'array', items: certificateSchema, description: 'the certificates served in the TLS handshake, leaf first' },
  },
} as const

const fingerprintParams = {
  type: 'object', required: ['org', 'fingerprint'],
  properties: { org: { type: 'string' }, fingerprint: { type: 'string', description: 'SHA-256 fingerprint, hex, colons optional' } },
} as const

const EMPTY_PKI: OrgPkiConfig = { trustedCas: [], server: undefined }

/**
 * A revision-checked change of the org's PKI (not part of the org view the other routes edit): the
 * stored document's keys are still sealed; what is new goes in plain and config-codec seals it.
 */
async function changeOrgPki(
  ctx: ApiContext, req: FastifyRequest, org: string, change: (pki: OrgPkiConfig, doc: OrgConfig) => OrgPkiConfig,
): Promise<{ revision: number; pki: OrgPkiConfig }> {
  let pki = EMPTY_PKI
  const revision = await changeStoredOrg(ctx, req, org, (doc) => {
    pki = change(doc.pki ?? EMPTY_PKI, doc)
    return { ...doc, pki }
  })
  return { revision, pki }
}

interface TrustedCaBody { pem: string }
interface IssueBody { name?: string; validDays?: number }
interface ImportBody { chainPem: string; keyPem: string; passphrase?: string }

function refused(message: string, errors: PkiInputError[]): ApiError {
  const details: ApiErrorDetail[] = errors.map((e) => ({ path: e.path, rule: e.code, message: e.message }))
  return new ApiError('NAC_ERR_API_INVALID_CONFIG', message, details)
}

/** private-ca when the served leaf is signed by the org's private CA. */
function origin(pki: OrgPkiConfig, leaf: X509Certificate): 'private-ca' | 'custom' {
  if (pki.serverCa === undefined) return 'custom'
  try {
    const ca = new X509Certificate(pki.serverCa.certPem)
    return leaf.checkIssued(ca) && leaf.verify(ca.publicKey) ? 'private-ca' : 'custom'
  } catch {
    return 'custom'
  }
}

function serverView(revision: number, pki: OrgPkiConfig): { revision: number; origin: 'private-ca' | 'custom'; chain: ReturnType<typeof certificateProperties>[] } | undefined {
  if (pki.server === undefined) return undefined
  const chain = pemCertificates(pki.server.chainPem).map((p) => new X509Certificate(p))
  const leaf = chain[0]
  if (leaf === undefined) return undefined
  return { revision, origin: origin(pki, leaf), chain: chain.map(certificateProperties) }
}

export function eapPkiRoutes(app: FastifyInstance, ctx: ApiContext): void {
  app.get<{ Params: OrgParams }>('/trusted-cas', {
    schema: { tags: ['eap-pki'], summary: 'the trusted client CAs (roots and intermediates) with their parsed properties', params: orgParams, response: { 200: listSchema, ...commonErrors } },
  }, async (req, reply) => {
    const current = await readOrg(ctx.config, req.params.org)
    if (current === undefined) throw notFound()
    setEtag(reply, current.revision)
    return { revision: current.revision, items: trustedCaCertificates(current.value.pki?.trustedCas ?? []).map(certificateProperties) }
  })

  app.post<{ Params: OrgParams; Body: TrustedCaBody }>('/trusted-cas', {
    schema: {
      tags: ['eap-pki'], summary: 'trust one or more CA certificates (PEM); a certificate that is not a CA is refused',
      params: orgParams, headers: ifMatchHeader,
      body: { type: 'object', required: ['pem'], additionalProperties: false, properties: { pem: { type: 'string', minLength: 1, maxLength: 400_000 } } },
      response: { 201: listSchema, ...writeErrors },
    },
  }, async (req, reply) => {
    const parsed = parseTrustedCas(req.body.pem)
    if (!parsed.ok) throw refused('the CA certificate is refused', parsed.errors)
    const r = await changeOrgPki(ctx, req, req.params.org, (pki) => {
      const have = trustedCaCertificates(pki.trustedCas)
      const known = new Set(have.map((c) => c.fingerprint256))
      const dup = parsed.value.find((c) => known.has(c.fingerprint256))
      if (dup !== undefined) throw new ApiError('NAC_ERR_API_ALREADY_EXISTS', `already trusted: ${dup.subject.split('\n').join(', ')}`)
      if (have.length + parsed.value.length > MAX_TRUSTED_CAS) throw new ApiError('NAC_ERR_API_INVALID_CONFIG', `an org trusts at most ${MAX_TRUSTED_CAS} CA certificates`)
      return { ...pki, trustedCas: [...have, ...parsed.value].map((c) => c.toString()) }
    })
    setEtag(reply, r.revision)
    return reply.code(201).send({ revision: r.revision, items: parsed.value.map(certificateProperties) })
  })

  app.delete<{ Params: OrgParams & { fingerprint: string } }>('/trusted-cas/:fingerprint', {
    schema: { tags: ['eap-pki'], summary: 'stop trusting a CA, named by its SHA-256 fingerprint', params: fingerprintParams, headers: ifMatchHeader, response: { 200: revisionSchema, ...writeErrors } },
  }, async (req, reply) => {
    const fp = normaliseFingerprint(req.params.fingerprint)
    const r = await changeOrgPki(ctx, req, req.params.org, (pki) => {
      const have = trustedCaCertificates(pki.trustedCas)
      const kept = have.filter((c) => normaliseFingerprint(c.fingerprint256) !== fp)
      if (fp === undefined || kept.length === have.length) throw notFound()
      return { ...pki, trustedCas: kept.map((c) => c.toString()) }
    })
    setEtag(reply, r.revision)
    return { revision: r.revision }
  })

  app.get<{ Params: OrgParams }>('/eap-server-certificate', {
    schema: { tags: ['eap-pki'], summary: 'the EAP server certificate chain served to supplicants (never its key)', params: orgParams, response: { 200: serverCertificateSchema, ...commonErrors } },
  }, async (req, reply) => {
    const current = await readOrg(ctx.config, req.params.org)
    const view = current === undefined ? undefined : serverView(current.revision, current.value.pki ?? EMPTY_PKI)
    if (current === undefined || view === undefined) throw notFound()
    setEtag(reply, current.revision)
    return view
  })

  app.post<{ Params: OrgParams; Body: IssueBody }>('/eap-server-certificate', {
    schema: {
      tags: ['eap-pki'],
      summary: "(re)issue the default EAP server certificate from the org's private CA, made on demand; name: default the current default certificate's, else auth.<org domain> or auth.<org>.example",
      params: orgParams, headers: ifMatchHeader,
      body: {
        type: 'object', additionalProperties: false,
        properties: { name: { type: 'string', minLength: 1, maxLength: 253 }, validDays: { type: 'integer', minimum: 1, maximum: 825 } },
      },
      response: { 201: serverCertificateSchema, ...writeErrors },
    },
  }, async (req, reply) => {
    const { org } = req.params
    if (req.body.name !== undefined) {
      const problem = serverNameProblem(req.body.name)
      if (problem !== undefined) throw new ApiError('NAC_ERR_API_INVALID_CONFIG', 'the server name is refused', [{ path: 'name', rule: 'server-name', message: problem }])
    }
    const r = await changeOrgPki(ctx, req, org, (pki, doc) => {
      const ca = pki.serverCa === undefined ? undefined : { certPem: pki.serverCa.certPem, keyPem: isSealed(pki.serverCa.keyPem) ? unseal(pki.serverCa.keyPem, ctx.clusterKey) : pki.serverCa.keyPem }
      // Renewal keeps the name of the default certificate in use unless told another.
      const current = serverView(0, pki)
      const keptName = current?.origin === 'private-ca' ? current.chain[0]?.dnsNames[0] : undefined
      const serverName = req.body.name ?? keptName ?? defaultEapServerName(org, doc.domain)
      const issued = issueDefaultServerCertificate({ org, serverName, ca, ...(req.body.validDays === undefined ? {} : { validDays: req.body.validDays }) })
      // A CA kept is stored as it was (sealed); a new one goes in plain and config-codec seals it.
      return { ...pki, server: issued.server, serverCa: issued.created ? issued.ca : pki.serverCa }
    })
    setEtag(reply, r.revision)
    return reply.code(201).send(serverView(r.revision, r.pki))
  })

  app.put<{ Params: OrgParams; Body: ImportBody }>('/eap-server-certificate', {
    schema: {
      tags: ['eap-pki'],
      summary: 'import a custom EAP server certificate: the chain (leaf first, up to the root), its key and the passphrase of an encrypted key; every broken rule is named',
      params: orgParams, headers: ifMatchHeader,
      body: {
        type: 'object', required: ['chainPem', 'keyPem'], additionalProperties: false,
        properties: {
          chainPem: { type: 'string', minLength: 1, maxLength: 65_536 },
          keyPem: { type: 'string', minLength: 1, maxLength: 16_384 },
          passphrase: { type: 'string', maxLength: 1024 },
        },
      },
      response: { 200: serverCertificateSchema, ...writeErrors },
    },
  }, async (req, reply) => {
    const checked = checkServerCertificate({ chainPem: req.body.chainPem, keyPem: req.body.keyPem, passphrase: req.body.passphrase })
    if (!checked.ok) throw refused(`the server certificate breaks ${checked.errors.length} rule(s)`, checked.errors)
    const r = await changeOrgPki(ctx, req, req.params.org, (pki) => ({ ...pki, server: { chainPem: checked.value.servedChainPem, keyPem: checked.value.keyPem } }))
    setEtag(reply, r.revision)
    return reply.header('cache-control', 'no-store').send(serverView(r.revision, r.pki))
  })

  app.get<{ Params: OrgParams }>('/eap-server-ca', {
    schema: {
      tags: ['eap-pki'], summary: "the org's private EAP server CA certificate (PEM): what supplicants trust for the default server certificate",
      produces: ['application/x-pem-file'], params: orgParams, response: { 200: { type: 'string' }, ...commonErrors },
    },
  }, async (req, reply) => {
    const current = await readOrg(ctx.config, req.params.org)
    const ca = current?.value.pki?.serverCa
    if (current === undefined || ca === undefined) throw notFound()
    setEtag(reply, current.revision)
    return reply.type('application/x-pem-file').send(ca.certPem)
  })
}
