// One list inside the org document as its own resource (sites, RADIUS clients, labels, rules):
// GET the list, PUT it whole (replaced atomically: one revision-checked write of the document),
// POST one item (appended, or on top for rules), and for keyed lists GET/DELETE one item by key.
import type { FastifyInstance } from 'fastify'
import { readOrg } from '../../cluster/config-store.js'
import { setEtag, type ApiContext, type OrgParams } from '../api-context.js'
import { ApiError, notFound } from '../api-errors.js'
import { changeOrg } from '../org-change.js'
import { orgView } from '../org-document.js'
import { commonErrors, ifMatchHeader, orgParams, revisionSchema, writeErrors } from '../schemas.js'

type Json = Record<string, unknown>

export interface SectionOptions {
  /** URL segment under /api/v1/orgs/:org. */
  segment: string
  /** Key of the list in the org document. */
  field: 'sites' | 'radiusClients' | 'labels' | 'rules'
  /** The item key (sites: id; clients, labels: name); undefined for rules (ordered, no key). */
  key: 'id' | 'name' | undefined
  /** Where POST puts a new item: rules go on top (requirements §2.1), others at the end. */
  insert: 'top' | 'end'
  itemSchema: Json
  tag: string
}

export function sectionRoutes(app: FastifyInstance, ctx: ApiContext, o: SectionOptions): void {
  const listSchema = {
    type: 'object', required: ['revision', 'items'],
    properties: { revision: { type: 'integer' }, items: { type: 'array', items: o.itemSchema } },
  }
  const path = `/${o.segment}`
  const items = (view: Json): Json[] => (view[o.field] as Json[] | undefined) ?? []

  app.get<{ Params: OrgParams }>(path, {
    schema: { tags: [o.tag], summary: `the ${o.field} list`, params: orgParams, response: { 200: listSchema, ...commonErrors } },
  }, async (req, reply) => {
    const current = await readOrg(ctx.config, req.params.org)
    if (current === undefined) throw notFound()
    setEtag(reply, current.revision)
    return { revision: current.revision, items: items(orgView(current.value)) }
  })

  app.put<{ Params: OrgParams; Body: Json[] }>(path, {
    config: { bodyPath: o.field },
    schema: {
      tags: [o.tag], summary: `replace the whole ${o.field} list atomically (If-Match optional)`,
      params: orgParams, headers: ifMatchHeader, body: { type: 'array', items: o.itemSchema }, response: { 200: revisionSchema, ...writeErrors },
    },
  }, async (req, reply) => {
    const r = await changeOrg(ctx, req, req.params.org, (view) => ({ ...view, [o.field]: req.body }))
    setEtag(reply, r.revision)
    return { revision: r.revision }
  })

  app.post<{ Params: OrgParams; Body: Json }>(path, {
    config: { bodyPath: `${o.field}[new]` },
    schema: {
      tags: [o.tag], summary: o.insert === 'top' ? `add one to the top of ${o.field} (evaluated first)` : `add one to ${o.field}`,
      params: orgParams, headers: ifMatchHeader, body: o.itemSchema, response: { 201: revisionSchema, ...writeErrors },
    },
  }, async (req, reply) => {
    const r = await changeOrg(ctx, req, req.params.org, (view) => {
      const list = items(view)
      if (o.key !== undefined && list.some((i) => i[o.key!] === req.body[o.key!])) {
        throw new ApiError('NAC_ERR_API_ALREADY_EXISTS', `${o.field} already has ${String(req.body[o.key])}`)
      }
      return { ...view, [o.field]: o.insert === 'top' ? [req.body, ...list] : [...list, req.body] }
    })
    setEtag(reply, r.revision)
    return reply.code(201).send({ revision: r.revision })
  })

  if (o.key === undefined) return
  const key = o.key
  const itemParams = { type: 'object', required: ['org', key], properties: { org: { type: 'string' }, [key]: { type: 'string' } } }

  app.get<{ Params: OrgParams & Record<string, string> }>(`${path}/:${key}`, {
    schema: { tags: [o.tag], summary: `one of ${o.field} by ${key}`, params: itemParams, response: { 200: o.itemSchema, ...commonErrors } },
  }, async (req, reply) => {
    const current = await readOrg(ctx.config, req.params.org)
    const item = current === undefined ? undefined : items(orgView(current.value)).find((i) => i[key] === req.params[key])
    if (current === undefined || item === undefined) throw notFound()
    setEtag(reply, current.revision)
    return item
  })

  app.delete<{ Params: OrgParams & Record<string, string> }>(`${path}/:${key}`, {
    schema: { tags: [o.tag], summary: `remove one of ${o.field} by ${key}`, params: itemParams, headers: ifMatchHeader, response: { 200: revisionSchema, ...writeErrors } },
  }, async (req, reply) => {
    const r = await changeOrg(ctx, req, req.params.org, (view) => {
      const list = items(view)
      if (!list.some((i) => i[key] === req.params[key])) throw notFound()
      return { ...view, [o.field]: list.filter((i) => i[key] !== req.params[key]) }
    })
    setEtag(reply, r.revision)
    return { revision: r.revision }
  })
}
