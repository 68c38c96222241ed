// What the client actor needs for RADIUS PSK: the org's PSK section (secrets unsealed), the worker
// pool for WPA2 multi-PSK trials and the node's PMK cache.
import type { OrgConfig, OrgPskConfig } from '../../../proto/wire/org-config.js'
import type { PmkCache } from './pmk-cache.js'
import type { PskPool } from './pmk-matcher.js'

export interface ClientPskDeps {
  /** The org's PSK section with secrets unsealed; undefined: the org serves no PSK. */
  config(org: string): OrgPskConfig | undefined
  /** Absent: WPA2 multi-PSK trials are not served (registered MACs and defaults still are). */
  pool: PskPool | undefined
  cache: PmkCache
}

/**
 * The PSK deps: the configured ones, else derived from an org directory that exposes the whole
 * org document (ops/cluster/config-watcher.ts's `orgConfig`), with no pool. This keeps the embedded
 * service answering registered-MAC and default-PSK lookups until ops wires `psk` explicitly.
 */
export function pskDepsOf(psk: ClientPskDeps | undefined, directory: object, fallbackCache: PmkCache): ClientPskDeps | undefined {
  if (psk !== undefined) return psk
  const get = (directory as { orgConfig?: unknown }).orgConfig
  if (typeof get !== 'function') return undefined
  return {
    config: (org) => (get.call(directory, org) as OrgConfig | undefined)?.psks,
    pool: undefined,
    cache: fallbackCache,
  }
}
