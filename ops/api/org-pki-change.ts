// A change to one org's EAP PKI (OrgPkiConfig), made like every other write of the API
// (org-change.ts): read the stored document and its revision, check If-Match, build the next PKI,
// store the document against the revision read; without If-Match a conflict runs the change again
// on a fresh read. The PKI is not part of the org view the other routes edit, so it changes here,
// on the stored document itself (keys still sealed; config-codec seals what is new).
import type { FastifyRequest } from 'fastify'
import type { OrgConfig, OrgPkiConfig } from '../../proto/wire/org-config.js'
import { ConfigRevisionConflictError, readOrg, writeOrg } from '../cluster/config-store.js'
import { checkIfMatch, ifMatch, type ApiContext } from './api-context.js'
import { notFound } from './api-errors.js'
import { confirmApplied } from './config-applied.js'

export const EMPTY_PKI: OrgPkiConfig = { trustedCas: [], server: undefined }

export interface PkiChangeResult {
  revision: number
  pki: OrgPkiConfig
}

/** Apply `change` to the PKI of an existing org and store the document. */
export async function changeOrgPki(
  ctx: ApiContext, req: FastifyRequest, org: string, change: (pki: OrgPkiConfig, doc: OrgConfig) => OrgPkiConfig,
): Promise<PkiChangeResult> {
  const attempts = ifMatch(req) === undefined ? 10 : 1
  for (let i = 1; ; i++) {
    const current = await readOrg(ctx.config, org)
    if (current === undefined) throw notFound()
    checkIfMatch(req, current.revision)
    const pki = change(current.value.pki ?? EMPTY_PKI, current.value)
    try {
      const revision = await writeOrg(ctx.config, { ...current.value, pki }, current.revision, ctx.clusterKey)
      await confirmApplied(ctx.applied, req, 'config', revision)
      return { revision, pki }
    } catch (err) {
      if (!(err instanceof ConfigRevisionConflictError) || i >= attempts) throw err
      await new Promise((r) => setTimeout(r, Math.random() * 10 * i))
    }
  }
}
