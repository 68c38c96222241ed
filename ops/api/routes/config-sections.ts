// The lists of the org document served as resources: sites, RADIUS clients (secrets write-only),
// labels, and the ordered rule list (replaced whole, or one rule added on top).
import type { FastifyInstance } from 'fastify'
import type { ApiContext } from '../api-context.js'
import { labelSchema, radiusClientSchema, ruleSchema, siteSchema } from '../schemas.js'
import { sectionRoutes } from './section-routes.js'

export function configSectionRoutes(app: FastifyInstance, ctx: ApiContext): void {
  sectionRoutes(app, ctx, { segment: 'sites', field: 'sites', key: 'id', insert: 'end', itemSchema: siteSchema, tag: 'sites' })
  sectionRoutes(app, ctx, { segment: 'radius-clients', field: 'radiusClients', key: 'name', insert: 'end', itemSchema: radiusClientSchema, tag: 'radius-clients' })
  sectionRoutes(app, ctx, { segment: 'labels', field: 'labels', key: 'name', insert: 'end', itemSchema: labelSchema, tag: 'labels' })
  sectionRoutes(app, ctx, { segment: 'rules', field: 'rules', key: undefined, insert: 'top', itemSchema: ruleSchema, tag: 'rules' })
}
