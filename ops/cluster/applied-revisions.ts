// Confirming that a config change has reached the cluster: every actor node answers on
// configAppliedSubject with the KV revisions its ConfigWatcher has applied; a writer waits until
// every live actor node (the placement bucket's node records) reports the revision it wrote.
import type { NatsConnection, Subscription } from '@nats-io/transport-node'
import type { KV } from '@nats-io/kv'
import { configAppliedSubject } from '../../proto/wire/subjects.js'
import type { AppliedRevisions } from './config-watcher.js'

export interface AppliedReport extends AppliedRevisions {
  node: string
}

/** Answers "which revisions have you applied?" for one node. */
export function serveAppliedRevisions(nc: NatsConnection, prefix: string, node: string, applied: AppliedRevisions): Subscription {
  return nc.subscribe(configAppliedSubject(prefix), {
    callback: (err, msg) => {
      if (err === null) msg.respond(JSON.stringify({ node, config: applied.config, endpoints: applied.endpoints } satisfies AppliedReport))
    },
  })
}

export interface Confirmation {
  /** True when every live actor node reported the revision (or a later one) in time. */
  applied: boolean
  nodes: number
  live: number
  ms: number
}

/** Live actor nodes: node records in the placement bucket that are not leaving. */
async function liveNodes(placement: KV): Promise<Set<string>> {
  const live = new Set<string>()
  for await (const key of await placement.keys('node.>')) {
    const e = await placement.get(key)
    if (e?.operation !== 'PUT') continue
    try {
      const rec = e.json<{ nodeId?: string; leaving?: boolean }>()
      if (typeof rec.nodeId === 'string' && rec.leaving !== true) live.add(rec.nodeId)
    } catch {
      // not a node record
    }
  }
  return live
}

export class AppliedTracker {
  constructor(
    private readonly nc: NatsConnection,
    private readonly prefix: string,
    private readonly placement: KV,
  ) {}

  /** Waits until every live actor node has applied `revision` of `bucket`, or `timeoutMs` passes. */
  async wait(bucket: keyof AppliedRevisions, revision: number, timeoutMs: number): Promise<Confirmation> {
    const start = performance.now()
    const live = await liveNodes(this.placement)
    const done = new Set<string>()
    while (performance.now() - start < timeoutMs) {
      // Ask everyone; return as soon as every live node has answered, else after 100 ms.
      const replies = await this.nc.requestMany(configAppliedSubject(this.prefix), '', { maxWait: 100, strategy: 'count', maxMessages: Math.max(1, live.size) })
      for await (const m of replies) {
        try {
          const r = JSON.parse(new TextDecoder().decode(m.data)) as AppliedReport
          if (r[bucket] >= revision) done.add(r.node)
        } catch {
          // a malformed answer confirms nothing
        }
      }
      if ([...live].every((n) => done.has(n))) return { applied: true, nodes: done.size, live: live.size, ms: performance.now() - start }
    }
    return { applied: false, nodes: [...live].filter((n) => done.has(n)).length, live: live.size, ms: performance.now() - start }
  }
}
