// The admin API as the embedded default runs it (the demo contract): HTTPS with its own CA,
// written to <demo>/api-ca.pem, and the demo org's admin token in <demo>/admin-token (mode 0600),
// reused across runs while it is still valid, created otherwise (the cluster-admin bootstrap).
import { Kvm } from '@nats-io/kv'
import { Buckets } from '../../proto/wire/subjects.js'
import { AppliedTracker } from '../cluster/applied-revisions.js'
import { SUBJECT_PREFIX } from '../nats/topology.js'
import { copyFileSync, readFileSync } from 'node:fs'
import { join } from 'node:path'
import type { NatsConnection } from '@nats-io/transport-node'
import type { KV } from '@nats-io/kv'
import type { WorkerPool } from '../../workers/pool.js'
import { writePrivateFile } from '../cli/write-private-file.js'
import type { Logger } from '../telemetry/logger.js'
import type { DeviceCaKeySource } from './api-context.js'
import { ensureApiPki } from './api-pki.js'
import { startAdminApi, type AdminApi } from './api-server.js'
import { ApiRole, TokenStore, openTokenBucket } from './token-store.js'

export const DemoApiFiles = { ca: 'api-ca.pem', adminToken: 'admin-token' } as const

export interface EmbeddedApiOptions {
  nc: NatsConnection
  config: KV
  endpoints: KV
  clusterKey: Buffer
  pool: WorkerPool
  host: string
  port: number
  /** Where the API's PKI lives (the cluster's pki dir). */
  pkiDir: string
  /** Where api-ca.pem and admin-token are written. */
  demoDir: string
  demoOrg: string
  /** Device CAs whose keys this process holds (the demo org's). */
  deviceCas: ReadonlyMap<string, { certPem: string; keyPem: string }>
  log: Logger
}

/** The admin token of `org` in `file` if it is still valid, else a new one written there. */
export async function ensureAdminTokenFile(tokens: TokenStore, org: string, file: string): Promise<string> {
  let existing: string | undefined
  try {
    existing = readFileSync(file, 'utf8').trim()
  } catch {
    existing = undefined
  }
  const record = existing === undefined ? undefined : await tokens.verify(existing)
  if (existing !== undefined && record?.org === org && record.role === ApiRole.admin) return existing
  const { token } = await tokens.create(org, ApiRole.admin, 'bootstrap (nac run)')
  writePrivateFile(file, `${token}\n`)
  return token
}

export async function startEmbeddedApi(o: EmbeddedApiOptions): Promise<AdminApi> {
  const pki = await ensureApiPki(o.pool, o.pkiDir)
  copyFileSync(pki.ca.certPath, join(o.demoDir, DemoApiFiles.ca))
  const tokens = new TokenStore(await openTokenBucket(o.nc))
  await ensureAdminTokenFile(tokens, o.demoOrg, join(o.demoDir, DemoApiFiles.adminToken))
  const deviceCaKeys: DeviceCaKeySource = { get: async (org) => o.deviceCas.get(org) }
  return startAdminApi({
    host: o.host, port: o.port, tls: { certPem: pki.server.certPem, keyPem: pki.server.keyPem }, log: o.log,
    config: o.config, endpoints: o.endpoints, tokens, clusterKey: o.clusterKey, pool: o.pool, deviceCaKeys,
    applied: new AppliedTracker(o.nc, SUBJECT_PREFIX, await new Kvm(o.nc).open(Buckets.placement)),
  })
}
