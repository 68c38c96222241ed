// Writes org documents and endpoints to KV. The org document is replaced whole (the rule list is
// replaced atomically: requirements §2.1), against the revision it was read at. Endpoints are kept
// by generation (endpoint-generations.ts): a CSV import switches the whole set at once.
import type { KV } from '@nats-io/kv'
import type { OrgConfig } from '../../proto/wire/org-config.js'
import { orgConfigKey } from '../../proto/wire/subjects.js'
import { encodeOrgForStore } from './config-codec.js'
import { ConfigRevisionConflictError, checkedWrite } from './revision-conflict.js'

export { ConfigRevisionConflictError } from './revision-conflict.js'
export {
  applyEndpoints, deleteEndpoint, importEndpoints, listEndpointMacs, readEndpoint, writeEndpoint,
  type ImportResult,
} from './endpoint-generations.js'

export async function applyOrg(kv: KV, org: OrgConfig, clusterKey: Buffer): Promise<number> {
  const key = orgConfigKey(org.org)
  const current = await kv.get(key)
  const bytes = encodeOrgForStore(org, clusterKey)
  if (current === null || current.operation !== 'PUT') return current === null ? kv.create(key, bytes) : kv.update(key, bytes, current.revision)
  return kv.update(key, bytes, current.revision)
}

// Revision-checked access for the admin API (ops/api): every write names the revision it was
// read at (0: the key must not exist), and a mismatch is ConfigRevisionConflictError, never a
// blind overwrite (STYLE.md). The stored org document keeps its secrets sealed here.

/** A value and the KV revision it was read at. */
export interface Revisioned<T> {
  value: T
  revision: number
}

/** The stored org document (secrets still sealed) and its revision; undefined when absent. */
export async function readOrg(kv: KV, org: string): Promise<Revisioned<OrgConfig> | undefined> {
  const e = await kv.get(orgConfigKey(org))
  if (e === null || e.operation !== 'PUT') return undefined
  return { value: JSON.parse(new TextDecoder().decode(e.value)) as OrgConfig, revision: e.revision }
}

/** Store an org document if the key is still at `revision` (0: create). Returns the new revision. */
export async function writeOrg(kv: KV, org: OrgConfig, revision: number, clusterKey: Buffer): Promise<number> {
  return checkedWrite(kv, orgConfigKey(org.org), encodeOrgForStore(org, clusterKey), revision)
}

/**
 * Read-modify-write of an org document: `change` gets the stored document (undefined when
 * absent) and returns the next one; on a conflict it runs again on a fresh read, `attempts` times.
 */
export async function updateOrg(
  kv: KV, org: string, clusterKey: Buffer,
  change: (current: Revisioned<OrgConfig> | undefined) => OrgConfig | Promise<OrgConfig>, attempts = 3,
): Promise<Revisioned<OrgConfig>> {
  for (let i = 1; ; i++) {
    const current = await readOrg(kv, org)
    const next = await change(current)
    try {
      return { value: next, revision: await writeOrg(kv, next, current?.revision ?? 0, clusterKey) }
    } catch (err) {
      if (!(err instanceof ConfigRevisionConflictError) || i >= attempts) throw err
    }
  }
}

/** One stored revision of an org document (bucket `config` keeps 10). */
export interface OrgHistoryEntry {
  revision: number
  operation: 'PUT' | 'DEL' | 'PURGE'
  at: Date
}

export async function orgHistory(kv: KV, org: string): Promise<OrgHistoryEntry[]> {
  const out: OrgHistoryEntry[] = []
  const iter = await kv.history({ key: orgConfigKey(org) })
  for await (const e of iter) out.push({ revision: e.revision, operation: e.operation, at: e.created })
  return out
}
