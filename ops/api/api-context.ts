// What the route groups share: the KV buckets, the token store, the cluster key (to seal
// secrets), the worker pool (certificate issuance) and where an org's device CA key comes from;
// plus the If-Match / ETag helpers of the revision-checked writes.
import type { AppliedWaiter } from './config-applied.js'
import type { FastifyReply, FastifyRequest } from 'fastify'
import type { KV } from '@nats-io/kv'
import type { WorkerPool } from '../../workers/pool.js'
import { ApiError } from './api-errors.js'
import type { TokenStore } from './token-store.js'

/** Where the private key of an org's device CA is kept (to issue NAS certificates). */
export interface DeviceCaKeySource {
  /** The CA certificate and key PEM of `org`, or undefined when this API cannot sign for it. */
  get(org: string): Promise<{ certPem: string; keyPem: string } | undefined>
}

export interface ApiContext {
  config: KV
  endpoints: KV
  tokens: TokenStore
  clusterKey: Buffer
  pool: WorkerPool
  deviceCaKeys: DeviceCaKeySource
  /** Confirms writes reached the live actor nodes (the Config-Applied header); absent: no header. */
  applied?: AppliedWaiter | undefined
}

export interface OrgParams {
  org: string
}

/** The revision an If-Match header names; undefined when there is none. `*` is not accepted. */
export function ifMatch(req: FastifyRequest): number | undefined {
  const h = req.headers['if-match']
  if (h === undefined) return undefined
  const m = /^\s*(?:W\/)?"?(\d+)"?\s*$/.exec(Array.isArray(h) ? (h[0] ?? '') : h)
  if (m === null) throw new ApiError('NAC_ERR_API_REVISION_CONFLICT', 'If-Match must name a revision, e.g. "12"')
  return Number(m[1])
}

/** Checks an If-Match against the revision read; 412 when it moved. */
export function checkIfMatch(req: FastifyRequest, revision: number): void {
  const wanted = ifMatch(req)
  if (wanted !== undefined && wanted !== revision) throw new ApiError('NAC_ERR_API_REVISION_CONFLICT', `the stored revision is ${revision}, not ${wanted}`)
}

export function setEtag(reply: FastifyReply, revision: number): void {
  void reply.header('etag', `"${revision}"`)
}
