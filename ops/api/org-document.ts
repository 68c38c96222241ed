// The org document as the API shows it and takes it: RADIUS client secrets are write-only (shown
// as { set: true }, kept by client name when not given again), and every write is validated by
// ops/config's validateOrgConfig (errors name the path and the rule) before it reaches KV.
import { X509Certificate } from 'node:crypto'
import type { EndpointConfig, OrgConfig } from '../../proto/wire/org-config.js'
import { validateOrgConfig } from '../config/index.js'
import { isSealed } from '../secrets/index.js'
import type { ApiErrorDetail } from './api-errors.js'

type Json = Record<string, unknown>

/** The document as answered: no secret, only whether it is set. */
export function orgView(org: OrgConfig): Json {
  return {
    org: org.org,
    ...(org.name === undefined ? {} : { name: org.name }),
    deviceCa: org.deviceCa,
    sites: org.sites,
    radiusClients: org.radiusClients.map((c) => ({
      name: c.name, cidr: c.cidr, secret: { set: c.secret !== '' },
      ...(c.site === undefined ? {} : { site: c.site }),
      ...(c.vendor === undefined ? {} : { vendor: c.vendor }),
    })),
    labels: org.labels,
    rules: org.rules,
  }
}

export type OrgFromBody = { ok: true; org: OrgConfig } | { ok: false; details: ApiErrorDetail[] }

const detail = (path: string, rule: string, message: string): ApiErrorDetail => ({ path, rule, message })

/**
 * The document to store from a request body (shaped as orgView), for the org of the path.
 * `current` is the stored document: secrets and the device CA not given again are kept from it.
 */
export function orgFromBody(pathOrg: string, body: Json, current: OrgConfig | undefined): OrgFromBody {
  const details: ApiErrorDetail[] = []
  if (body['org'] !== undefined && body['org'] !== pathOrg) details.push(detail('org', 'org-path', 'the document names another org than the path'))

  let deviceCa = current?.deviceCa ?? ''
  if (typeof body['deviceCa'] === 'string' && body['deviceCa'] !== '') {
    deviceCa = body['deviceCa']
    try {
      if (!new X509Certificate(deviceCa).ca) details.push(detail('deviceCa', 'device-ca', 'not a CA certificate'))
    } catch {
      details.push(detail('deviceCa', 'device-ca', 'not a PEM certificate'))
    }
  }

  const stored = new Map((current?.radiusClients ?? []).map((c) => [c.name, c.secret]))
  const clients = Array.isArray(body['radiusClients']) ? (body['radiusClients'] as Json[]) : body['radiusClients']
  const radiusClients = Array.isArray(clients)
    ? clients.map((c, i) => {
        if (typeof c !== 'object' || c === null) return c
        const secret = c['secret']
        if (typeof secret === 'string') {
          // A sealed text could only be replayed from elsewhere: secrets come in plain, over TLS.
          if (isSealed(secret)) details.push(detail(`radiusClients[${i}].secret`, 'secret', 'give the shared secret itself'))
          return c
        }
        const kept = typeof c['name'] === 'string' ? stored.get(c['name']) : undefined
        if (kept === undefined) {
          details.push(detail(`radiusClients[${i}].secret`, 'secret', 'a new RADIUS client needs its shared secret'))
          // A stand-in, so the rest of the client is still checked without a second report.
          return { ...c, secret: 'missing' }
        }
        return { ...c, secret: kept }
      })
    : clients

  const doc: Json = { org: pathOrg }
  for (const k of ['name', 'sites', 'labels', 'rules'] as const) if (body[k] !== undefined) doc[k] = body[k]
  if (radiusClients !== undefined) doc['radiusClients'] = radiusClients
  const r = validateOrgConfig(doc, 'api')
  if (!r.ok) details.push(...r.errors.map((e) => detail(e.path, e.rule, e.message)))
  // Registered NAS devices name a site: a change may not remove one they stand in (its devices
  // would be refused at their next write and carry a site no policy token matches).
  const siteList = Array.isArray(doc['sites']) ? (doc['sites'] as unknown[]) : (current?.sites ?? [])
  const sites = new Set(siteList.map((x) => (typeof x === 'object' && x !== null ? (x as Json)['id'] : undefined)))
  ;(current?.nasDevices ?? []).forEach((d, i) => {
    if (!sites.has(d.site)) details.push(detail(`nasDevices[${i}].site`, 'site-exists', `the NAS device "${d.name}" is registered at site "${d.site}": move or remove it first`))
  })
  if (details.length > 0 || !r.ok) return { ok: false, details }
  // Parts of the stored document this view does not carry (the EAP PKI, with its sealed key) are
  // kept as they are: the API changes only what it shows.
  return { ok: true, org: { ...current, ...r.org, deviceCa } }
}

export type EndpointFromBody = { ok: true; endpoint: EndpointConfig } | { ok: false; details: ApiErrorDetail[] }

/** One endpoint from a request body, validated by the same rules as the YAML `endpoints` list. */
export function endpointFromBody(org: string, body: Json): EndpointFromBody {
  const r = validateOrgConfig({ org, endpoints: [body] }, 'api')
  if (!r.ok) return { ok: false, details: r.errors.map((e) => detail(e.path.replace(/^endpoints\[0\]\.?/, ''), e.rule, e.message)) }
  const endpoint = r.endpoints[0]
  if (endpoint === undefined) return { ok: false, details: [detail('', 'required', 'no endpoint')] }
  return { ok: true, endpoint }
}

/** An endpoint as answered: keys with no value left out. */
export function endpointView(e: EndpointConfig): Json {
  return Object.fromEntries(Object.entries(e).filter(([, v]) => v !== undefined))
}
