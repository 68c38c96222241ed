// NATS topology as code: the KV buckets of DESIGN.md "Stores", created idempotently.
import type { NatsConnection } from '@nats-io/transport-node'
import { Kvm, type KV } from '@nats-io/kv'
import { jetstreamManager, type JetStreamApiError } from '@nats-io/jetstream'
import { Buckets, Streams, accountingSubject, eventSubject } from '../../proto/wire/subjects.js'
import { TICKET_LIFETIME_S } from '../cluster/ticket-key-store.js'

export const SUBJECT_PREFIX = 'nac'

export interface Topology {
  config: KV
  endpoints: KV
  sessions: KV
  placement: KV
  tlsTickets: KV
  tlsSessions: KV
}

export interface TopologyOptions {
  replicas?: number
  /** Size cap of the accounting stream; must fit the server's max_file_store. */
  accountingMaxBytes?: number
  /** Size cap of the events stream. */
  eventsMaxBytes?: number
  /** Size cap of the TLS session cache (when full, new sessions are not shared until old ones expire). */
  tlsSessionsMaxBytes?: number
}

/** TLS 1.2 session-ID resumption window: the SecureContext's sessionTimeout, the ticket lifetime (12 h). */
export const TLS_SESSION_TTL_MS = TICKET_LIFETIME_S * 1000
/** A sealed session with the client leaf certificate is 1-3 KiB; a larger value is refused by the bucket. */
const TLS_SESSION_MAX_VALUE = 16 * 1024

export async function ensureTopology(nc: NatsConnection, o: TopologyOptions = {}): Promise<Topology> {
  const replicas = o.replicas ?? 1
  const kvm = new Kvm(nc)
  const [config, endpoints, sessions, placement, tlsTickets, tlsSessions] = await Promise.all([
    // Config keeps history so an admin can see and roll back what changed.
    kvm.create(Buckets.config, { history: 10, replicas }),
    kvm.create(Buckets.endpoints, { history: 1, replicas }),
    // The survivability cache (requirements §8: TTL 1-30 days, default 7).
    kvm.create(Buckets.sessions, { history: 1, replicas, ttl: 7 * 24 * 3600 * 1000 }),
    // Lease history shows every change of shard owner.
    kvm.create(Buckets.placement, { history: 64, replicas }),
    // Ticket key seeds: the history shows each rotation.
    kvm.create(Buckets.tlsTickets, { history: 8, replicas }),
    // Sealed TLS 1.2 sessions (RFC 5246 §7.4.1.2): gone after the session lifetime, size-capped.
    kvm.create(Buckets.tlsSessions, { history: 1, replicas, ttl: TLS_SESSION_TTL_MS, max_bytes: o.tlsSessionsMaxBytes ?? 256 * 1024 ** 2, maxValueSize: TLS_SESSION_MAX_VALUE }),
  ])
  await ensureAccountingStream(nc, replicas, o.accountingMaxBytes ?? 1024 ** 3)
  await ensureEventsStream(nc, replicas, o.eventsMaxBytes ?? 512 * 1024 ** 2)
  return { config, endpoints, sessions, placement, tlsTickets, tlsSessions }
}

const DAY_NS = 24 * 3600 * 1e9

/** Stream `accounting` (DESIGN.md "Stores"): records by org, kept by age and size. */
async function ensureAccountingStream(nc: NatsConnection, replicas: number, maxBytes: number): Promise<void> {
  const jsm = await jetstreamManager(nc)
  try {
    await jsm.streams.info(Streams.accounting)
  } catch (err) {
    if ((err as JetStreamApiError).name !== 'StreamNotFoundError' && !/not found/i.test(String((err as Error).message))) throw err
    await jsm.streams.add({
      name: Streams.accounting,
      subjects: [accountingSubject(SUBJECT_PREFIX, '*')],
      num_replicas: replicas,
      max_age: 90 * DAY_NS,
      max_bytes: maxBytes,
      // A retransmitted record (same client and Request Authenticator) is stored once.
      duplicate_window: 10 * 60 * 1e9,
    })
  }
}

/** Stream `events`: NAC events by org, kept 30 days or up to the size cap (oldest go first). */
async function ensureEventsStream(nc: NatsConnection, replicas: number, maxBytes: number): Promise<void> {
  const jsm = await jetstreamManager(nc)
  try {
    await jsm.streams.info(Streams.events)
  } catch (err) {
    if ((err as JetStreamApiError).name !== 'StreamNotFoundError' && !/not found/i.test(String((err as Error).message))) throw err
    await jsm.streams.add({ name: Streams.events, subjects: [eventSubject(SUBJECT_PREFIX, '*')], num_replicas: replicas, max_age: 30 * DAY_NS, max_bytes: maxBytes })
  }
}
