// The TLS session-ID cache's shared store (actors/client/eap/tls-session-cache.ts) in KV bucket
// `tls-sessions`: sealed session states by org and session ID; the bucket's TTL is the session
// lifetime and its size is capped (ops/nats/topology.ts). Each session ID is written once
// (create: a second writer of the same random 32-octet ID is refused, never overwrites).
import type { KV } from '@nats-io/kv'
import type { TlsSessionStore } from '../../actors/client/eap/tls-session-cache.js'
import { tlsSessionKey } from '../../proto/wire/subjects.js'

export class KvTlsSessionStore implements TlsSessionStore {
  constructor(private readonly kv: KV) {}

  async get(org: string, id: Buffer): Promise<Uint8Array | undefined> {
    const e = await this.kv.get(tlsSessionKey(org, id.toString('hex')))
    return e !== null && e.operation === 'PUT' ? e.value : undefined
  }

  async put(org: string, id: Buffer, sealed: Uint8Array): Promise<void> {
    await this.kv.create(tlsSessionKey(org, id.toString('hex')), sealed)
  }
}
