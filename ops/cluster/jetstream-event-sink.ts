// NAC events into the JetStream stream `events` (DESIGN.md "Stores"), on nac.events.<org>. The
// hot path only queues; publishing is asynchronous and bounded: when the stream cannot keep up,
// the oldest queued events are dropped and counted, never a request delayed (events are telemetry;
// accounting, which must not be lost, goes through its own acknowledged path).
import type { NatsConnection } from '@nats-io/transport-node'
import type { EventSink } from '../../actors/client/event-sink.js'
import type { NacEvent } from '../../proto/wire/nac-events.js'
import { eventSubject } from '../../proto/wire/subjects.js'
import { JetStreamAcks } from '../../actors/runtime/jetstream-acks.js'

export class JetStreamEventSink implements EventSink {
  /** Acknowledged publishes without nc.request's per-request error objects (jetstream-acks.ts). */
  private readonly acks: JetStreamAcks
  private readonly queue: NacEvent[] = []
  private inFlight = 0
  private closed = false

  constructor(
    nc: NatsConnection,
    private readonly prefix: string,
    private readonly count: (name: string) => void,
    private readonly maxQueued = 10_000,
    private readonly maxInFlight = 256,
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
    this.pump()
  }

  private pump(): void {
    while (this.inFlight < this.maxInFlight && this.queue.length > 0) {
      const e = this.queue.shift()!
      this.inFlight++
      this.acks.publish(eventSubject(this.prefix, e.org), JSON.stringify(e), { timeoutMs: 5000 })
        .then(() => this.count('events.published'), () => this.count('events.dropped.publish_failed'))
        .finally(() => {
          this.inFlight--
          this.pump()
        })
    }
  }

  /** Waits for queued events to be published (at stop). */
  async flush(timeoutMs = 5000): Promise<void> {
    const until = Date.now() + timeoutMs
    while ((this.queue.length > 0 || this.inFlight > 0) && Date.now() < until) await new Promise((r) => setTimeout(r, 10))
    this.closed = true
    this.acks.close()
  }
}
