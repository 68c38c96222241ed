// Per-org API tokens (bearer tokens with role admin or read-only), in their own KV bucket
// `api-tokens`. A token is 32 random bytes (base64url), shown once; only its SHA-256 is stored,
// under the key `tok.<sha256 hex>`, so a request's token is found with one KV get of its hash.
//
// Why a bucket and not the org document: the org document is watched into memory by every
// gateway and actor node and compiled into policy; credentials of the control plane have no
// business there (a GET or history of the document must never carry them, a PUT of the document
// must not be able to drop or add tokens, and rotating a token must not recompile policy on every
// node). Only the API reads this bucket.
import { createHash, randomBytes, timingSafeEqual } from 'node:crypto'
import type { NatsConnection } from '@nats-io/transport-node'
import { Kvm, type KV } from '@nats-io/kv'
import { Buckets, TOKEN_RE, apiTokenKey } from '../../proto/wire/subjects.js'

/** The bucket of API tokens (next to DESIGN.md "Stores"; only ops/api uses it). */
export const API_TOKENS_BUCKET = Buckets.apiTokens

export const ApiRole = { admin: 'admin', readOnly: 'read-only' } as const
export type ApiRole = (typeof ApiRole)[keyof typeof ApiRole]

/** What is stored per token: never the token itself. */
export interface ApiTokenRecord {
  /** Public id (to list and revoke), not derived from the token. */
  id: string
  org: string
  role: ApiRole
  name: string
  createdAt: string
  /** SHA-256 of the token, hex. */
  sha256: string
}

const tokenKey = apiTokenKey
const sha256 = (token: string): Buffer => createHash('sha256').update(token, 'utf8').digest()
/** 32 bytes in base64url: 43 characters. */
const TOKEN_FORMAT = /^[A-Za-z0-9_-]{43}$/

export async function openTokenBucket(nc: NatsConnection, replicas = 1): Promise<KV> {
  return new Kvm(nc).create(API_TOKENS_BUCKET, { history: 1, replicas })
}

export class TokenStore {
  constructor(private readonly kv: KV) {}

  /** Create a token; the returned `token` is the only copy of the secret. */
  async create(org: string, role: ApiRole, name: string): Promise<{ token: string; record: ApiTokenRecord }> {
    if (!TOKEN_RE.test(org)) throw new TypeError(`org must match ${String(TOKEN_RE)}`)
    const token = randomBytes(32).toString('base64url')
    const digest = sha256(token).toString('hex')
    const record: ApiTokenRecord = { id: randomBytes(8).toString('hex'), org, role, name, createdAt: new Date().toISOString(), sha256: digest }
    await this.kv.create(tokenKey(digest), JSON.stringify(record))
    return { token, record }
  }

  /**
   * The record of a presented token, or undefined. The lookup is by the token's SHA-256 (an
   * attacker cannot steer the bytes of a hash, so the key lookup reveals nothing about stored
   * tokens); the stored digest is then compared in constant time.
   */
  async verify(token: string): Promise<ApiTokenRecord | undefined> {
    if (!TOKEN_FORMAT.test(token)) return undefined
    const digest = sha256(token)
    const e = await this.kv.get(tokenKey(digest.toString('hex')))
    if (e === null || e.operation !== 'PUT') return undefined
    const record = JSON.parse(new TextDecoder().decode(e.value)) as ApiTokenRecord
    const stored = Buffer.from(record.sha256, 'hex')
    return stored.length === digest.length && timingSafeEqual(stored, digest) ? record : undefined
  }

  /** An org's tokens (records only; the bucket is small: tokens are made by hand). */
  async list(org: string): Promise<ApiTokenRecord[]> {
    const out: ApiTokenRecord[] = []
    for await (const k of await this.kv.keys('tok.>')) {
      const e = await this.kv.get(k)
      if (e === null || e.operation !== 'PUT') continue
      const r = JSON.parse(new TextDecoder().decode(e.value)) as ApiTokenRecord
      if (r.org === org) out.push(r)
    }
    return out.sort((a, b) => a.createdAt.localeCompare(b.createdAt))
  }

  /** Revoke an org's token by id; false when the org has no such token. */
  async revoke(org: string, id: string): Promise<boolean> {
    const r = (await this.list(org)).find((t) => t.id === id)
    if (r === undefined) return false
    await this.kv.delete(tokenKey(r.sha256))
    return true
  }
}
