// Writes org documents and endpoints to KV. The org document is replaced whole (the rule list is
// replaced atomically: requirements §2.1), against the revision it was read at.
import type { KV } from '@nats-io/kv'
import type { EndpointConfig, OrgConfig } from '../../proto/wire/org-config.js'
import { endpointKey, orgConfigKey } from '../../proto/wire/subjects.js'
import { encodeEndpoint, encodeOrgForStore } from './config-codec.js'

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
