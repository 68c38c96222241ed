// /api/v1/orgs/:org/nas-devices: RadSec NAS devices (APs, switches, edges) by name, the CN of
// their RadSec certificate. Kept to what the service uses: the gateway takes a registered NAS's
// vendor for its reply dialect (requirements §2.7, L7370); site, MAC and description identify it
// for admins and events. RADIUS/UDP NAS are the `radius-clients` (address and shared secret).
import type { FastifyInstance } from 'fastify'
import type { NasDeviceConfig } from '../../../proto/wire/org-config.js'
import { readOrg } from '../../cluster/config-store.js'
import { validateNasDevices } from '../../config/validate-nas-devices.js'
import { setEtag, type ApiContext, type OrgParams } from '../api-context.js'
import { ApiError, notFound } from '../api-errors.js'
import { commonErrors, ifMatchHeader, orgParams, revisionSchema, writeErrors } from '../schemas.js'
import { changeStoredOrg } from './stored-org-change.js'

type Json = Record<string, unknown>
type NameParams = OrgParams & { name: string }

export const nasDeviceSchema = {
  type: 'object', required: ['name', 'site'], additionalProperties: false,
  properties: {
    name: { type: 'string', description: 'the NAS id: CN of its RadSec certificate (O=org, OU=site, CN=name); 1-64 letters, digits, "_", "-"' },
    site: { type: 'string', description: 'a site of the org: the OU of its certificate' },
    vendor: { type: 'string', description: 'NAS vendor (juniper, mist, cisco, aruba, hp, ietf and aliases): picks the reply dialect; absent: IETF' },
    mac: { type: 'string', description: "the device's own MAC, any usual spelling; canonical on read" },
    description: { type: 'string' },
  },
} as const

const nameParams = { type: 'object', required: ['org', 'name'], properties: { org: { type: 'string' }, name: { type: 'string' } } } as const
const listSchema = { type: 'object', required: ['revision', 'items'], properties: { revision: { type: 'integer' }, items: { type: 'array', items: nasDeviceSchema } } } as const
const tags = ['nas-devices']

const view = (d: NasDeviceConfig): Json => Object.fromEntries(Object.entries(d).filter(([, v]) => v !== undefined))

function changeDevices(ctx: ApiContext, req: Parameters<typeof changeStoredOrg>[1], org: string, change: (list: Json[]) => Json[]): Promise<number> {
  return changeStoredOrg(ctx, req, org, (current) => {
    const r = validateNasDevices(change((current.nasDevices ?? []).map(view)), new Set(current.sites.map((s) => s.id)), 'api')
    if (!r.ok) throw new ApiError('NAC_ERR_API_INVALID_CONFIG', 'the NAS device list is invalid', r.errors.map((e) => ({ path: e.path, rule: e.rule, message: e.message })))
    return { ...current, nasDevices: r.nasDevices }
  })
}

export function nasDeviceRoutes(app: FastifyInstance, ctx: ApiContext): void {
  app.get<{ Params: OrgParams }>('/nas-devices', {
    schema: { tags, summary: 'RadSec NAS devices registered for the gateway (vendor picks the reply dialect)', params: orgParams, response: { 200: listSchema, ...commonErrors } },
  }, async (req, reply) => {
    const current = await readOrg(ctx.config, req.params.org)
    if (current === undefined) throw notFound()
    setEtag(reply, current.revision)
    return { revision: current.revision, items: (current.value.nasDevices ?? []).map(view) }
  })

  app.post<{ Params: OrgParams; Body: Json }>('/nas-devices', {
    config: { bodyPath: 'nasDevices[new]' },
    schema: { tags, summary: 'register a RadSec NAS (409 when the name exists)', params: orgParams, headers: ifMatchHeader, body: nasDeviceSchema, response: { 201: revisionSchema, ...writeErrors } },
  }, async (req, reply) => {
    const revision = await changeDevices(ctx, req, req.params.org, (list) => {
      if (list.some((d) => d['name'] === req.body['name'])) throw new ApiError('NAC_ERR_API_ALREADY_EXISTS', `NAS ${String(req.body['name'])} is registered`)
      return [...list, req.body]
    })
    setEtag(reply, revision)
    return reply.code(201).send({ revision })
  })

  app.get<{ Params: NameParams }>('/nas-devices/:name', {
    schema: { tags, summary: 'one registered NAS by name', params: nameParams, response: { 200: nasDeviceSchema, ...commonErrors } },
  }, async (req, reply) => {
    const current = await readOrg(ctx.config, req.params.org)
    const d = current?.value.nasDevices?.find((n) => n.name === req.params.name)
    if (current === undefined || d === undefined) throw notFound()
    setEtag(reply, current.revision)
    return view(d)
  })

  app.put<{ Params: NameParams; Body: Json }>('/nas-devices/:name', {
    config: { bodyPath: 'nasDevices[name]' },
    schema: {
      tags, summary: 'register or replace a RadSec NAS (If-Match optional: the org document revision)',
      params: nameParams, headers: ifMatchHeader, body: { ...nasDeviceSchema, required: ['site'] }, response: { 200: revisionSchema, ...writeErrors },
    },
  }, async (req, reply) => {
    const { name } = req.params
    if (req.body['name'] !== undefined && req.body['name'] !== name) {
      throw new ApiError('NAC_ERR_API_INVALID_CONFIG', 'the NAS device is invalid', [{ path: 'name', rule: 'name', message: 'the body names another NAS than the path' }])
    }
    const item = { ...req.body, name }
    const revision = await changeDevices(ctx, req, req.params.org, (list) => {
      const at = list.findIndex((d) => d['name'] === name)
      return at < 0 ? [...list, item] : list.map((d, i) => (i === at ? item : d))
    })
    setEtag(reply, revision)
    return { revision }
  })

  app.delete<{ Params: NameParams }>('/nas-devices/:name', {
    schema: { tags, summary: 'remove a registered NAS (its RadSec connections then get the IETF dialect)', params: nameParams, headers: ifMatchHeader, response: { 200: revisionSchema, ...writeErrors } },
  }, async (req, reply) => {
    const revision = await changeDevices(ctx, req, req.params.org, (list) => {
      if (!list.some((d) => d['name'] === req.params.name)) throw notFound()
      return list.filter((d) => d['name'] !== req.params.name)
    })
    setEtag(reply, revision)
    return { revision }
  })
}
