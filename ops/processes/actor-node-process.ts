// Wires an actor node: NATS connection, config and endpoint watches, the cluster's TLS ticket keys,
// shard leases, and the client actors it hosts.
import { hkdfSync } from 'node:crypto'
import type { NatsConnection } from '@nats-io/transport-node'
import { ClientActor, type ClientState } from '../../actors/client/index.js'
import { StateTokenCodec, type EapOrgContext } from '../../actors/client/eap/index.js'
import { TicketKeyRing } from '../../actors/client/eap/ticket-keys.js'
import { TlsSessionCache } from '../../actors/client/eap/tls-session-cache.js'
import { IdentityProviders, LocalUsersProvider } from '../../actors/client/eap/index.js'
import type { OrgDirectory } from '../../actors/client/index.js'
import { PmkCache } from '../../actors/client/psk/index.js'
import { DEFAULT_REVOCATION, type OrgPkiConfig } from '../../proto/wire/org-config.js'
import type { WorkerPool } from '../../workers/pool.js'
import { PoolCertificateValidator, type OrgCertificateSettings } from '../revocation/pool-certificate-validator.js'
import { ActorNode, JetStreamAcks, KvStateStore } from '../../actors/runtime/index.js'
import { Outcome, decodeRequest, encodeReply, type RadiusReply, type RadiusRequest } from '../../proto/wire/envelope.js'
import { shardOf } from '../../proto/wire/shard.js'
import { Counters } from '../../gateway/index.js'
import { ConfigWatcher } from '../cluster/config-watcher.js'
import { serveAppliedRevisions } from '../cluster/applied-revisions.js'
import { JetStreamAccountingSink } from '../cluster/jetstream-accounting-sink.js'
import { JetStreamEventSink } from '../cluster/jetstream-event-sink.js'
import { TicketKeyStore } from '../cluster/ticket-key-store.js'
import { KvTlsSessionStore } from '../cluster/tls-session-store.js'
import { TLS_SESSION_TTL_MS, ensureTopology } from '../nats/topology.js'
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

/** The ticket key seeds are stretched with the cluster key under its own label. */
export function ticketKeyMaster(clusterKey: Buffer): Buffer {
  return Buffer.from(hkdfSync('sha256', clusterKey, Buffer.alloc(0), 'nac tls tickets v1', 32))
}

/** The TLS session cache's sealing keys derive from the cluster key under their own label. */
export function tlsSessionMaster(clusterKey: Buffer): Buffer {
  return Buffer.from(hkdfSync('sha256', clusterKey, Buffer.alloc(0), 'nac tls sessions v1', 32))
}

/**
 * The directory the client actors read, with the cluster's ticket keys and the shared session-ID
 * cache installed on each org's TLS context the first time it is handed out (a config change
 * brings a new context).
 */
function withTicketKeys(directory: OrgDirectory, ring: TicketKeyRing, sessions: TlsSessionCache): OrgDirectory {
  const installed = new WeakSet<EapOrgContext>()
  return {
    policy: (org) => directory.policy(org),
    endpoint: (org, mac) => directory.endpoint(org, mac),
    eap: (org) => {
      const ctx = directory.eap(org)
      if (ctx !== undefined && !installed.has(ctx)) {
        ring.install(ctx.secureContext, ctx.org)
        sessions.install(ctx.secureContext, ctx.org)
        if (ctx.tls12SecureContext !== undefined) ring.install(ctx.tls12SecureContext, ctx.org)
        if (ctx.tls12SecureContext !== undefined) sessions.install(ctx.tls12SecureContext, ctx.org)
        installed.add(ctx)
      }
      return ctx
    },
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
  const ring = new TicketKeyRing(ticketKeyMaster(o.clusterKey), (name) => counters.inc(name))
  const tickets = new TicketKeyStore({ kv: topo.tlsTickets, ring, onError: (err) => o.log.error({ err }, 'tls ticket keys not applied') })
  await tickets.start()
  const tlsSessions = new TlsSessionCache({
    master: tlsSessionMaster(o.clusterKey), store: new KvTlsSessionStore(topo.tlsSessions), lifetimeMs: TLS_SESSION_TTL_MS, count: (name) => counters.inc(name),
  })
  // Session writes and accounting records acknowledged on one reply subscription
  // (actors/runtime/jetstream-acks.ts).
  const acks = new JetStreamAcks(o.nc)
  const store = new KvStateStore<ClientState>(topo.sessions, undefined, acks)
  const accounting = new JetStreamAccountingSink(o.nc, o.subjectPrefix, acks)
  const events = new JetStreamEventSink(o.nc, o.subjectPrefix, (name, n) => counters.inc(name, n))
  const validator = new PoolCertificateValidator({
    pool: o.pool,
    settings: (org) => certificateSettings(directory.orgConfig(org)?.pki),
    now: Date.now,
    count: (name) => counters.inc(name),
  })
  // EAP-TTLS/PAP: the org's local users, scrypt checked in the pool (cloud IdPs by realm come later).
  const identities = new IdentityProviders(new LocalUsersProvider({
    users: (org) => directory.orgConfig(org)?.localUsers,
    verifyHash: (passwordHash, password) => o.pool.run('verifyPassword', { passwordHash, password }),
  }))
  const eap = { stateTokens: new StateTokenCodec(stateTokenKey(o.clusterKey)), validator, identities }
  // RADIUS PSK (requirements §1.7): the org's psks section, WPA2 multi-PSK trials in the pool.
  const psk = { config: (org: string) => directory.orgConfig(org)?.psks, pool: o.pool, cache: new PmkCache() }
  const deps = { dict, directory: withTicketKeys(directory, ring, tlsSessions), accounting, count: (name: string) => counters.inc(name), now: Date.now, eap, psk, events }
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
      await events.flush()
      acks.close()
      validator.close()
      tickets.stop()
      directory.stop()
    },
  }
}
