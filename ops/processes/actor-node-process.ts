// Wires an actor node: NATS connection, config and endpoint watches, shard leases, and the
// client actors it hosts.
import { hkdfSync } from 'node:crypto'
import type { NatsConnection } from '@nats-io/transport-node'
import { ClientActor, type ClientState } from '../../actors/client/index.js'
import { StateTokenCodec } from '../../actors/client/eap/index.js'
import { DEFAULT_REVOCATION, type OrgPkiConfig } from '../../proto/wire/org-config.js'
import type { WorkerPool } from '../../workers/pool.js'
import { PoolCertificateValidator, type OrgCertificateSettings } from '../revocation/pool-certificate-validator.js'
import { ActorNode, KvStateStore } from '../../actors/runtime/index.js'
import { Outcome, decodeRequest, encodeReply, type RadiusReply, type RadiusRequest } from '../../proto/wire/envelope.js'
import { shardOf } from '../../proto/wire/shard.js'
import { Counters } from '../../gateway/index.js'
import { ConfigWatcher } from '../cluster/config-watcher.js'
import { serveAppliedRevisions } from '../cluster/applied-revisions.js'
import { JetStreamAccountingSink } from '../cluster/jetstream-accounting-sink.js'
import { ensureTopology } from '../nats/topology.js'
import { loadDictionary } from '../radius/dictionary-files.js'
import type { Logger } from '../telemetry/logger.js'

export interface ActorNodeProcessOptions {
  nc: NatsConnection
  nodeId: string
  clusterKey: Buffer
  subjectPrefix: string
  shardCount: number
  heartbeatMs?: number
  leaseTtlMs?: number
  log: Logger
  /** The node's worker pool: client-certificate chain and revocation checks run there. */
  pool: WorkerPool
}

/** The State token key: HKDF-SHA256 of the cluster key, info "nac state v1" (same on every node). */
export function stateTokenKey(clusterKey: Buffer): Buffer {
  return Buffer.from(hkdfSync('sha256', clusterKey, Buffer.alloc(0), 'nac state v1', 32))
}

/** What the validator needs of an org's PKI config (requirements §3.1, issue 4 scope 3). */
function certificateSettings(pki: OrgPkiConfig | undefined): OrgCertificateSettings | undefined {
  if (pki === undefined) return undefined
  const r = pki.revocation ?? DEFAULT_REVOCATION
  return {
    trustedCasPem: pki.trustedCas,
    crl: { enabled: r.crl, configuredUrls: r.crlUrls },
    ocsp: { enabled: r.ocsp !== 'off', failMode: r.ocsp === 'hard-fail' ? 'hard' : 'soft', timeoutMs: r.ocspTimeoutMs },
  }
}

export interface ActorNodeProcess {
  node: ActorNode<RadiusRequest, RadiusReply, ClientState>
  counters: Counters
  stop(): Promise<void>
}

export const DEFAULT_HEARTBEAT_MS = 500
export const DEFAULT_LEASE_TTL_MS = 2500

const noReply = (outcome: Outcome, reason: string, message: string): RadiusReply => ({
  outcome, attributes: [], error: { reason, message, retryable: true },
})

export async function startActorNodeProcess(o: ActorNodeProcessOptions): Promise<ActorNodeProcess> {
  const topo = await ensureTopology(o.nc)
  const dict = loadDictionary()
  const counters = new Counters()
  const directory = new ConfigWatcher({
    config: topo.config,
    endpoints: topo.endpoints,
    clusterKey: o.clusterKey,
    onError: (err, key) => o.log.error({ err, key }, 'config entry not applied'),
  })
  await directory.start()
  const store = new KvStateStore<ClientState>(topo.sessions)
  const accounting = new JetStreamAccountingSink(o.nc, o.subjectPrefix)
  const validator = new PoolCertificateValidator({
    pool: o.pool,
    settings: (org) => certificateSettings(directory.orgConfig(org)?.pki),
    now: Date.now,
    count: (name) => counters.inc(name),
  })
  const eap = { stateTokens: new StateTokenCodec(stateTokenKey(o.clusterKey)), validator }
  const deps = { dict, directory, accounting, count: (name: string) => counters.inc(name), now: Date.now, eap }
  const node = new ActorNode<RadiusRequest, RadiusReply, ClientState>({
    nc: o.nc,
    nodeId: o.nodeId,
    subjectPrefix: o.subjectPrefix,
    shardCount: o.shardCount,
    shardOfKey: (key) => shardOf(key, o.shardCount),
    decode: (data) => {
      const r = decodeRequest(data)
      return r.ok ? { ok: true, key: r.value.clientKey, msg: r.value } : { ok: false, reason: r.reason }
    },
    encode: encodeReply,
    activate: (_key, ctx) => ClientActor.activate(deps, ctx.state),
    store,
    overloaded: () => noReply(Outcome.OVERLOADED, 'MAILBOX_FULL', 'client actor mailbox full'),
    failed: () => noReply(Outcome.FAILED, 'ACTOR_FAILED', 'client actor failed; supervisor restarts it'),
    // A dead node's shards move within about leaseTtl + one heartbeat (issue: within 5 s).
    heartbeatMs: o.heartbeatMs ?? DEFAULT_HEARTBEAT_MS,
    leaseTtlMs: o.leaseTtlMs ?? DEFAULT_LEASE_TTL_MS,
    log: o.log,
  })
  await node.start()
  // Writers (the admin API) confirm a change once every live actor node has applied it.
  const appliedSub = serveAppliedRevisions(o.nc, o.subjectPrefix, o.nodeId, directory.applied)
  o.log.info({ nodeId: o.nodeId }, 'actor node started')
  return {
    node,
    counters,
    async stop() {
      await node.stop()
      appliedSub.unsubscribe()
      validator.close()
      directory.stop()
    },
  }
}
