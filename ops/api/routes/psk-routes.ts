// /api/v1/orgs/:org/psks: RADIUS PSK keys and PSK WLANs (requirements §1.7, L4187: "Key Name,
// SSID, VLAN ID, Passphrase, Expiration date, Role, and Usage as Registered MAC Addresses";
// L4028-L4032: WLAN security, "Default PSK and Default VLAN ID"). Passphrases are write-only and
// sealed in KV (config-codec.ts); every write is one revision-checked write of the org document.
import type { FastifyInstance, FastifyRequest } from 'fastify'
import { readOrg } from '../../cluster/config-store.js'
import { setEtag, type ApiContext, type OrgParams } from '../api-context.js'
import { ApiError, notFound } from '../api-errors.js'
import { commonErrors, ifMatchHeader, orgParams, revisionSchema, writeErrors } from '../schemas.js'
import { pskFromView, pskView, type PskView } from './psk-document.js'
import { changeStoredOrg } from './stored-org-change.js'

type Json = Record<string, unknown>

const setOnly = { type: 'object', additionalProperties: false, required: ['set'], properties: { set: { type: 'boolean' } } } as const

export const pskKeySchema = {
  type: 'object', required: ['name'], additionalProperties: false,
  properties: {
    name: { type: 'string', description: 'key name: the User of PSK clients (requirements §1.7 L7826)' },
    ssid: { type: 'string', description: 'the PSK WLAN the key is valid on; absent: every PSK WLAN of the org' },
    vlan: { type: 'string', description: 'VLAN ID 1-4094 or name' },
    passphrase: {
      description: 'write: 8-63 printable ASCII characters or 64 hex digits (IEEE 802.11-2020 J.4.1), or { "set": true } / absent to keep the stored one; read: always { "set": true }',
      anyOf: [{ type: 'string' }, setOnly],
    },
    expires: { type: 'string', description: 'ISO 8601 date or date-time with zone; refused from then on' },
    role: { type: 'string' },
    usage: { type: 'string', enum: ['single', 'multi'], description: 'single: only the registered MACs/OUIs may use it; multi (default): any station (WPA2 multi-PSK)' },
    macs: { type: 'array', items: { type: 'string' }, description: 'registered MACs or prefixes ending in "*", any usual spelling; canonical on read' },
  },
} as const

export const pskWlanSchema = {
  type: 'object', required: ['ssid'], additionalProperties: false,
  properties: {
    ssid: { type: 'string' },
    security: { type: 'string', enum: ['wpa2', 'wpa3', 'wpa3-transition'], description: 'wpa3 (SAE): keys need registered MACs (requirements §1.7 L4007)' },
    defaultPsk: {
      description: 'the PSK of unregistered stations. write: the passphrase, { "set": true } / absent to keep the stored one, null for none (unknown stations refused); read: { "set": true } when set',
      anyOf: [{ type: 'string' }, setOnly, { type: 'null' }],
    },
    defaultVlan: { type: 'string', description: 'VLAN of the default PSK; absent: 999 (requirements §8, L4032)' },
  },
} as const

type Part = keyof PskView

function changePsks(ctx: ApiContext, req: FastifyRequest, org: string, change: (view: PskView) => PskView): Promise<number> {
  return changeStoredOrg(ctx, req, org, (current) => {
    const next = pskFromView(change(pskView(current.psks)), current.psks)
    if (!next.ok) throw new ApiError('NAC_ERR_API_INVALID_CONFIG', 'the change breaks the PSK configuration', next.details)
    return { ...current, psks: next.psks }
  })
}

/** List, add, read, replace, remove one part (keys by name, WLANs by SSID). */
function partRoutes(app: FastifyInstance, ctx: ApiContext, part: Part, key: 'name' | 'ssid', itemSchema: Json, what: string): void {
  const path = `/psks/${part}`
  const itemParams = { type: 'object', required: ['org', key], properties: { org: { type: 'string' }, [key]: { type: 'string' } } }
  const listSchema = { type: 'object', required: ['revision', 'items'], properties: { revision: { type: 'integer' }, items: { type: 'array', items: itemSchema } } }
  const tags = ['psks']
  type ItemParams = OrgParams & Record<string, string>

  app.get<{ Params: OrgParams }>(path, {
    schema: { tags, summary: `the org's ${what}s (secrets show as { set: true })`, params: orgParams, response: { 200: listSchema, ...commonErrors } },
  }, async (req, reply) => {
    const current = await readOrg(ctx.config, req.params.org)
    if (current === undefined) throw notFound()
    setEtag(reply, current.revision)
    return { revision: current.revision, items: pskView(current.value.psks)[part] }
  })

  app.post<{ Params: OrgParams; Body: Json }>(path, {
    config: { bodyPath: `psks.${part}[new]` },
    schema: { tags, summary: `add a ${what} (409 when the ${key} exists)`, params: orgParams, headers: ifMatchHeader, body: itemSchema, response: { 201: revisionSchema, ...writeErrors } },
  }, async (req, reply) => {
    const revision = await changePsks(ctx, req, req.params.org, (view) => {
      if (view[part].some((i) => i[key] === req.body[key])) throw new ApiError('NAC_ERR_API_ALREADY_EXISTS', `the ${what} ${String(req.body[key])} exists`)
      return { ...view, [part]: [...view[part], req.body] }
    })
    setEtag(reply, revision)
    return reply.code(201).send({ revision })
  })

  app.get<{ Params: ItemParams }>(`${path}/:${key}`, {
    schema: { tags, summary: `one ${what} by ${key}`, params: itemParams, response: { 200: itemSchema, ...commonErrors } },
  }, async (req, reply) => {
    const current = await readOrg(ctx.config, req.params.org)
    const item = current === undefined ? undefined : pskView(current.value.psks)[part].find((i) => i[key] === req.params[key])
    if (current === undefined || item === undefined) throw notFound()
    setEtag(reply, current.revision)
    return item
  })

  app.put<{ Params: ItemParams; Body: Json }>(`${path}/:${key}`, {
    config: { bodyPath: `psks.${part}[${key}]` },
    schema: {
      tags, summary: `create or replace a ${what} (If-Match optional: the org document's revision)`,
      params: itemParams, headers: ifMatchHeader, body: { ...itemSchema, required: [] }, response: { 200: revisionSchema, ...writeErrors },
    },
  }, async (req, reply) => {
    const id = req.params[key]!
    if (req.body[key] !== undefined && req.body[key] !== id) {
      throw new ApiError('NAC_ERR_API_INVALID_CONFIG', `the ${what} is invalid`, [{ path: key, rule: key, message: `the body names another ${key} than the path` }])
    }
    const item = { ...req.body, [key]: id }
    const revision = await changePsks(ctx, req, req.params.org, (view) => {
      const list = view[part]
      const at = list.findIndex((i) => i[key] === id)
      return { ...view, [part]: at < 0 ? [...list, item] : list.map((i, j) => (j === at ? item : i)) }
    })
    setEtag(reply, revision)
    return { revision }
  })

  app.delete<{ Params: ItemParams }>(`${path}/:${key}`, {
    schema: { tags, summary: `remove a ${what}`, params: itemParams, headers: ifMatchHeader, response: { 200: revisionSchema, ...writeErrors } },
  }, async (req, reply) => {
    const revision = await changePsks(ctx, req, req.params.org, (view) => {
      if (!view[part].some((i) => i[key] === req.params[key])) throw notFound()
      return { ...view, [part]: view[part].filter((i) => i[key] !== req.params[key]) }
    })
    setEtag(reply, revision)
    return { revision }
  })
}

export function pskRoutes(app: FastifyInstance, ctx: ApiContext): void {
  partRoutes(app, ctx, 'keys', 'name', pskKeySchema, 'PSK key')
  partRoutes(app, ctx, 'wlans', 'ssid', pskWlanSchema, 'PSK WLAN')
}
