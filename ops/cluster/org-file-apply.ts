// `nac config apply` straight to KV: an org's YAML file replaces the stored document, except what a
// file cannot carry. RadSec NAS devices are registered through the admin API only (`nasDevices`
// is not a YAML key, ops/config/validate-org-config.ts), so the stored ones are kept; a file that
// drops a site one of them stands in is refused, as the API refuses it (ops/api/org-document.ts),
// since the device would carry a site no policy token matches. Read-modify-write against the
// stored revision (updateOrg), so a device registered meanwhile is not lost either.
import type { KV } from '@nats-io/kv'
import type { OrgConfig } from '../../proto/wire/org-config.js'
import { NacError } from '../../proto/nac-error.js'
import { updateOrg } from './config-store.js'

/** The file removes a site that registered NAS devices stand in. */
export class SiteInUseError extends NacError<'NAC_ERR_CONFIG_SITE_IN_USE'> {
  constructor(readonly org: string, readonly site: string, readonly devices: readonly string[]) {
    super('NAC_ERR_CONFIG_SITE_IN_USE', `org ${org}: site "${site}" is gone from the file, and NAS device(s) ${devices.map((d) => `"${d}"`).join(', ')} stand in it: move or remove them first (nac api / nas-devices)`)
  }
}

/** Store `org` from a file, keeping the stored NAS devices. Returns the new revision. */
export async function applyOrgFile(kv: KV, org: OrgConfig, clusterKey: Buffer): Promise<number> {
  const r = await updateOrg(kv, org.org, clusterKey, (current) => {
    const devices = current?.value.nasDevices
    if (devices === undefined || devices.length === 0) return org
    const sites = new Set(org.sites.map((s) => s.id))
    const orphans = devices.filter((d) => !sites.has(d.site))
    const first = orphans[0]
    if (first !== undefined) throw new SiteInUseError(org.org, first.site, orphans.filter((d) => d.site === first.site).map((d) => d.name))
    return { ...org, nasDevices: devices }
  })
  return r.revision
}
