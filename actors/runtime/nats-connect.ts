// NATS connection and KV bucket helpers: the one place where connection options and bucket
// creation are decided for the actor runtime (reconnect forever; buckets created idempotently).
import { connect } from '@nats-io/transport-node'
import type { NatsConnection } from '@nats-io/transport-node'
import { Kvm } from '@nats-io/kv'
import type { KV, KvOptions } from '@nats-io/kv'
import type { JetStreamClient } from '@nats-io/jetstream'

export interface ConnectNatsOptions {
  servers: string | string[]
  /** Connection name, shown by the server (`nats server report connections`). */
  name: string
  user?: string
  pass?: string
  token?: string
  /** Keep retrying the first connect instead of failing (default false). */
  waitOnFirstConnect?: boolean
  pingIntervalMs?: number
  maxPingOut?: number
  /** Connect timeout (default 5000 ms). */
  timeoutMs?: number
}

/** Connects with reconnect-forever defaults: maxReconnectAttempts -1, reconnectTimeWait 250 ms. */
export async function connectNats(opts: ConnectNatsOptions): Promise<NatsConnection> {
  return connect({
    servers: opts.servers,
    name: opts.name,
    maxReconnectAttempts: -1,
    reconnectTimeWait: 250,
    reconnectJitter: 100,
    waitOnFirstConnect: opts.waitOnFirstConnect ?? false,
    pingInterval: opts.pingIntervalMs ?? 10_000,
    maxPingOut: opts.maxPingOut ?? 3,
    timeout: opts.timeoutMs ?? 5_000,
    // nats.js otherwise builds two Error objects with stack traces for every request, answered or
    // not: 16 % of the gateway's busy time in the MAB profile (bench/README.md).
    noAsyncTraces: true,
    ...(opts.user !== undefined ? { user: opts.user } : {}),
    ...(opts.pass !== undefined ? { pass: opts.pass } : {}),
    ...(opts.token !== undefined ? { token: opts.token } : {}),
  })
}

export interface EnsureBucketOptions {
  /** Values kept per key (default 1). */
  history?: number
  /** Maximum age of a value in ms (0 or absent: forever). */
  ttlMs?: number
  replicas?: number
  maxValueSize?: number
  description?: string
}

/**
 * Opens bucket `name`, creating it with `opts` when it does not exist. An existing bucket is
 * opened as is: its configuration is owned by ops (NATS topology as code), not changed here.
 */
export async function ensureBucket(target: NatsConnection | JetStreamClient | Kvm, name: string, opts: EnsureBucketOptions = {}): Promise<KV> {
  const kvm = target instanceof Kvm ? target : new Kvm(target)
  const o: Partial<KvOptions> = { history: opts.history ?? 1 }
  if (opts.ttlMs !== undefined && opts.ttlMs > 0) o.ttl = opts.ttlMs
  if (opts.replicas !== undefined) o.replicas = opts.replicas
  if (opts.maxValueSize !== undefined) o.maxValueSize = opts.maxValueSize
  if (opts.description !== undefined) o.description = opts.description
  try {
    return await kvm.create(name, o)
  } catch {
    // Two processes creating the same bucket at once: the loser finds it on the second look.
    return kvm.create(name, o)
  }
}
