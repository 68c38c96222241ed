// NATS subject names and KV bucket/key names: built only by the functions here (STYLE.md).

export const Buckets = {
  config: 'config',
  endpoints: 'endpoints',
  sessions: 'sessions',
  placement: 'placement',
  coa: 'coa',
  /** Admin API tokens, by SHA-256 of the token (never the token itself). */
  apiTokens: 'api-tokens',
  /** TLS session ticket key seeds, shared by every actor node (DESIGN.md "Ownership"). */
  tlsTickets: 'tls-tickets',
  /** Sealed TLS 1.2 sessions for session-ID resumption on any actor node (RFC 5246 §7.4.1.2). */
  tlsSessions: 'tls-sessions',
} as const

export const Streams = {
  accounting: 'accounting',
  events: 'events',
} as const

/** Subject of an org's NAC events in stream `events` (requirements §7). */
export function eventSubject(prefix: string, org: string): string {
  return `${prefix}.events.${org}`
}

/** Subject of an org's accounting records in stream `accounting`. */
export function accountingSubject(prefix: string, org: string): string {
  return `${prefix}.accounting.${org}`
}

/** The subject an actor node serves for one shard it holds a lease on. */
export function shardSubject(prefix: string, shard: number): string {
  return `${prefix}.shard.${shard}`
}

/**
 * Every node that holds config in memory answers here with the KV revisions it has applied, so a
 * writer can confirm a change has reached the cluster (issue 5: "after the change is confirmed").
 */
export function configAppliedSubject(prefix: string): string {
  return `${prefix}.config.applied`
}

/** KV key of an org's config document in bucket `config`. */
export function orgConfigKey(org: string): string {
  return `org.${org}`
}

/** KV key of an endpoint in bucket `endpoints`; mac is the canonical 12-hex form. */
export function endpointKey(org: string, mac: string): string {
  return `${org}.${mac}`
}

/** KV key of a client actor's saved state in bucket `sessions`. Client keys are KV-safe tokens. */
export function sessionKey(clientKey: string): string {
  return clientKey
}

/** KV key of an API token record in bucket `api-tokens`: the token's SHA-256, hex. */
export function apiTokenKey(sha256Hex: string): string {
  return `tok.${sha256Hex}`
}

/** KV key of the ticket key generations in bucket `tls-tickets` (one entry, revision-checked). */
export function ticketKeysKey(): string {
  return 'ring'
}

/** KV key of a sealed TLS session in bucket `tls-sessions`: org and session ID (hex, at most 32 octets). */
export function tlsSessionKey(org: string, sessionIdHex: string): string {
  return `${org}.${sessionIdHex}`
}

/** KV key of a node's heartbeat in bucket `placement`. */
export function nodeKey(nodeId: string): string {
  return `node.${nodeId}`
}

/** KV key of a shard lease in bucket `placement`. */
export function shardLeaseKey(shard: number): string {
  return `shard.${shard}`
}

/** Names are restricted to what NATS subjects and KV keys accept without escaping. */
export const TOKEN_RE = /^[A-Za-z0-9_-]{1,64}$/
