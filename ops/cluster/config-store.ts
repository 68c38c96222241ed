// Writes org documents and endpoints to KV. The org document is replaced whole (the rule list is
// replaced atomically: requirements §2.1), against the revision it was read at.
import type { KV } from '@nats-io/kv'
import { isWrongLastSequence } from '../../actors/runtime/index.js'
import { NacError } from '../../proto/nac-error.js'
import type { EndpointConfig, OrgConfig } from '../../proto/wire/org-config.js'
import { endpointKey, orgConfigKey } from '../../proto/wire/subjects.js'
import { decodeEndpoint, encodeEndpoint, encodeOrgForStore } from './config-codec.js'

export async function applyOrg(kv: KV, org: OrgConfig, clusterKey: Buffer): Promise<number> {
  const key = orgConfigKey(org.org)
  const current = await kv.get(key)
  const bytes = encodeOrgForStore(org, clusterKey)
  if (current === null || current.operation !== 'PUT') return current === null ? kv.create(key, bytes) : kv.update(key, bytes, current.revision)
  return kv.update(key, bytes, current.revision)
}

export async function applyEndpoints(kv: KV, org: string, endpoints: readonly EndpointConfig[]): Promise<number> {
  let n = 0
  for (const e of endpoints) {
    await kv.put(endpointKey(org, e.mac), encodeEndpoint(e))
    n++
  }
  return n
}

// Revision-checked access for the admin API (ops/api): every write names the revision it was
// read at (0: the key must not exist), and a mismatch is ConfigRevisionConflictError, never a
// blind overwrite (STYLE.md). The stored org document keeps its secrets sealed here.

/** A write against a revision the key no longer has (someone else wrote first). */
export class ConfigRevisionConflictError extends NacError<'NAC_ERR_CONFIG_REVISION_CONFLICT'> {
  constructor(readonly key: string, readonly expected: number, options?: { cause?: unknown }) {
    super('NAC_ERR_CONFIG_REVISION_CONFLICT', `${key} is no longer at revision ${expected}`, options)
  }
}

/** A value and the KV revision it was read at. */
export interface Revisioned<T> {
  value: T
  revision: number
}

async function checkedWrite(kv: KV, key: string, bytes: Uint8Array, revision: number): Promise<number> {
  try {
    return revision === 0 ? await kv.create(key, bytes) : await kv.update(key, bytes, revision)
  } catch (err) {
    if (isWrongLastSequence(err)) throw new ConfigRevisionConflictError(key, revision, { cause: err })
    throw err
  }
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

export async function readEndpoint(kv: KV, org: string, mac: string): Promise<Revisioned<EndpointConfig> | undefined> {
  const e = await kv.get(endpointKey(org, mac))
  if (e === null || e.operation !== 'PUT') return undefined
  return { value: decodeEndpoint(e.value), revision: e.revision }
}

/** Store an endpoint if its key is still at `revision` (0: create). Returns the new revision. */
export async function writeEndpoint(kv: KV, org: string, e: EndpointConfig, revision: number): Promise<number> {
  return checkedWrite(kv, endpointKey(org, e.mac), encodeEndpoint(e), revision)
}

/** Delete an endpoint if its key is still at `revision`. */
/** Deletes against the revision read; returns a bucket revision at or after the delete marker. */
export async function deleteEndpoint(kv: KV, org: string, mac: string, revision: number): Promise<number> {
  const key = endpointKey(org, mac)
  try {
    await kv.delete(key, { previousSeq: revision })
  } catch (err) {
    if (isWrongLastSequence(err)) throw new ConfigRevisionConflictError(key, revision, { cause: err })
    throw err
  }
  // KV delete answers no revision; the stream's last sequence is the marker's or a later one.
  return (await kv.status()).streamInfo.state.last_seq
}

/** Canonical MACs of an org's endpoints, sorted (the bucket's keys are `<org>.<mac>`). */
export async function listEndpointMacs(kv: KV, org: string): Promise<string[]> {
  const macs: string[] = []
  const prefix = endpointKey(org, '')
  for await (const k of await kv.keys(endpointKey(org, '>'))) macs.push(k.slice(prefix.length))
  return macs.sort()
}

/**
 * Create or replace many endpoints, each against the revision read just before (never blind);
 * `concurrency` writes in flight. A conflict on one endpoint re-reads it and writes again.
 */
export async function upsertEndpoints(kv: KV, org: string, endpoints: readonly EndpointConfig[], concurrency = 64): Promise<number> {
  let next = 0
  const worker = async (): Promise<void> => {
    for (let i = next++; i < endpoints.length; i = next++) {
      const e = endpoints[i]!
      for (let attempt = 1; ; attempt++) {
        const current = await readEndpoint(kv, org, e.mac)
        try {
          await writeEndpoint(kv, org, e, current?.revision ?? 0)
          break
        } catch (err) {
          if (!(err instanceof ConfigRevisionConflictError) || attempt >= 3) throw err
        }
      }
    }
  }
  await Promise.all(Array.from({ length: Math.min(concurrency, endpoints.length) }, worker))
  return endpoints.length
}
