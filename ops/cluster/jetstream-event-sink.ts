// NAC events into the JetStream stream `events` (DESIGN.md "Stores"), on nac.events.<org>. The
// hot path only queues; publishing is asynchronous and bounded: when the stream cannot keep up,
// the oldest queued events are dropped and counted, never a request delayed (events are telemetry;
// accounting, which must not be lost, goes through its own acknowledged path). The events queued
// within a short linger (default 20 ms) leave together, one message per org
// (proto/wire/nac-event-batch.ts): one stored message and one PubAck per event cost nats-server and
// this process about 0.025 ms of CPU per MAB request at 10 000 a second, and at a few hundred EAP
// sessions a second, where few events share a loop turn, each message also wakes nats-server on
// its own (bench/README.md "NAC events in batches").
import type { NatsConnection } from '@nats-io/transport-node'
import type { EventSink } from '../../actors/client/event-sink.js'
import { MAX_EVENTS_PER_MESSAGE, encodeEventMessages } from '../../proto/wire/nac-event-batch.js'
import type { NacEvent } from '../../proto/wire/nac-events.js'
import { eventSubject } from '../../proto/wire/subjects.js'
import { JetStreamAcks } from '../../actors/runtime/jetstream-acks.js'

export class JetStreamEventSink implements EventSink {
  /** Acknowledged publishes without nc.request's per-request error objects (jetstream-acks.ts). */
  private readonly acks: JetStreamAcks
  private queue: NacEvent[] = []
  /** Messages published and not yet acknowledged. */
  private inFlight = 0
  private scheduled = false
  private linger: NodeJS.Timeout | undefined
  private closed = false

  constructor(
    nc: NatsConnection,
    private readonly prefix: string,
    private readonly count: (name: string, n?: number) => void,
    private readonly maxQueued = 10_000,
    private readonly maxInFlight = 64,
    /** How long the first queued event waits for others before the batch leaves, ms (0: the next loop turn). */
    private readonly lingerMs = 20,
  ) {
    this.acks = new JetStreamAcks(nc)
  }

  emit(event: NacEvent): void {
    if (this.closed) return
    if (this.queue.length >= this.maxQueued) {
      this.queue.shift()
      this.count('events.dropped.queue_full')
    }
    this.queue.push(event)
    if (!this.scheduled) {
      this.scheduled = true
      const go = (): void => { this.scheduled = false; this.linger = undefined; this.pump() }
      if (this.lingerMs <= 0) setImmediate(go)
      else this.linger = setTimeout(go, this.lingerMs).unref()
    }
  }

  /**
   * Publishes from the head of the queue, one message per org (within the batch bounds), as many
   * messages as acks are free. Only what can leave is taken and encoded, so a backlog under
   * overload costs each ack one message's work, not the whole queue's.
   */
  private pump(): void {
    let free = this.maxInFlight - this.inFlight
    if (free <= 0 || this.queue.length === 0) return
    const taken = this.queue.splice(0, free * MAX_EVENTS_PER_MESSAGE)
    const byOrg = new Map<string, NacEvent[]>()
    for (const e of taken) {
      const list = byOrg.get(e.org)
      if (list === undefined) byOrg.set(e.org, [e])
      else list.push(e)
    }
    const back: NacEvent[] = []
    for (const [org, events] of byOrg) {
      let at = 0
      for (const { body, events: n } of encodeEventMessages(events)) {
        // encodeEventMessages keeps the order and splits only between events.
        const of = events.slice(at, at + n)
        at += n
        if (free === 0) {
          // More messages than free acks (several orgs, or the byte bound): these wait at the head.
          back.push(...of)
          continue
        }
        free--
        this.inFlight++
        this.acks.publish(eventSubject(this.prefix, org), body, { timeoutMs: 5000 })
          .then(() => this.count('events.published', n), () => this.count('events.dropped.publish_failed', n))
          .finally(() => {
            this.inFlight--
            this.pump()
          })
      }
    }
    if (back.length > 0) this.queue.unshift(...back)
  }

  /** Waits for queued events to be published (at stop). */
  async flush(timeoutMs = 5000): Promise<void> {
    // What lingers leaves now.
    if (this.linger !== undefined) {
      clearTimeout(this.linger)
      this.linger = undefined
      this.scheduled = false
      this.pump()
    }
    const until = Date.now() + timeoutMs
    while ((this.queue.length > 0 || this.inFlight > 0 || this.scheduled) && Date.now() < until) await new Promise((r) => setTimeout(r, 10))
    this.closed = true
    this.acks.close()
  }
}
