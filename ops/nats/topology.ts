// NATS topology as code: the KV buckets of DESIGN.md "Stores", created idempotently.
import type { NatsConnection } from '@nats-io/transport-node'
import { Kvm, type KV } from '@nats-io/kv'
import { Buckets } from '../../proto/wire/subjects.js'

export interface Topology {
  config: KV
  endpoints: KV
  sessions: KV
  placement: KV
}

export async function ensureTopology(nc: NatsConnection, replicas = 1): Promise<Topology> {
  const kvm = new Kvm(nc)
  const [config, endpoints, sessions, placement] = await Promise.all([
    // Config keeps history so an admin can see and roll back what changed.
    kvm.create(Buckets.config, { history: 10, replicas }),
    kvm.create(Buckets.endpoints, { history: 1, replicas }),
    // The survivability cache (requirements §8: TTL 1-30 days, default 7).
    kvm.create(Buckets.sessions, { history: 1, replicas, ttl: 7 * 24 * 3600 * 1000 }),
    // Lease history shows every change of shard owner.
    kvm.create(Buckets.placement, { history: 64, replicas }),
  ])
  return { config, endpoints, sessions, placement }
}
