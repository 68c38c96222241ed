// NAC events into the real `events` stream (ops/cluster/jetstream-event-sink.ts, the stream as
// ensureTopology makes it): the events of one linger leave as one message per org within the batch
// bounds, every event readable back in order; a full queue drops the oldest and counts them; a
// subject no stream takes counts every event of the refused message as a failed publish.
import type { NatsConnection } from '@nats-io/transport-node'
import { jetstreamManager } from '@nats-io/jetstream'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { JetStreamEventSink } from '../../../ops/cluster/jetstream-event-sink.js'
import { SUBJECT_PREFIX, ensureTopology } from '../../../ops/nats/topology.js'
import { MAX_EVENTS_PER_MESSAGE } from '../../../proto/wire/nac-event-batch.js'
import { NacEventType, Polarity, type NacEvent } from '../../../proto/wire/nac-events.js'
import { readEvents } from '../../support/nac-events.js'
import { startNatsWithConnection, type NatsWithConnection } from '../../support/nats-connection.js'

function event(org: string, i: number): NacEvent {
  return {
    ts: 1_700_000_000_000 + i, type: NacEventType.ACCESS_ALLOWED, polarity: Polarity.positive, org, site: undefined, mac: undefined,
    userName: `user${i}`, authType: 'MAB', portType: undefined, nas: { id: 'sw1', vendor: undefined, transport: 'udp' }, ssid: undefined,
    vlan: undefined, role: undefined, authRule: undefined, reason: undefined, cert: undefined,
  }
}

class Tally {
  readonly n = new Map<string, number>()
  readonly count = (name: string, by = 1): void => { this.n.set(name, (this.n.get(name) ?? 0) + by) }
  get(name: string): number { return this.n.get(name) ?? 0 }
}

async function messagesOn(nc: NatsConnection, subject: string): Promise<number> {
  const info = await (await jetstreamManager(nc)).streams.info('events', { subjects_filter: subject })
  return info.state.subjects?.[subject] ?? 0
}

describe('JetStreamEventSink', () => {
  let n: NatsWithConnection

  beforeAll(async () => {
    n = await startNatsWithConnection()
    await ensureTopology(n.nc)
  })
  afterAll(async () => { await n?.stop() })

  it('one turn of events: a message per org within the bounds, every event back in order', async () => {
    const t = new Tally()
    const sink = new JetStreamEventSink(n.nc, SUBJECT_PREFIX, t.count)
    const a = Array.from({ length: MAX_EVENTS_PER_MESSAGE + 44 }, (_, i) => event('org-a', i))
    const b = Array.from({ length: 5 }, (_, i) => event('org-b', i))
    for (let i = 0; i < a.length; i++) {
      sink.emit(a[i] as NacEvent)
      if (i < b.length) sink.emit(b[i] as NacEvent)
    }
    await sink.flush()
    expect(t.get('events.published')).toBe(a.length + b.length)
    expect(t.get('events.dropped.publish_failed') + t.get('events.dropped.queue_full')).toBe(0)
    expect(await messagesOn(n.nc, `${SUBJECT_PREFIX}.events.org-a`)).toBe(2)
    expect(await messagesOn(n.nc, `${SUBJECT_PREFIX}.events.org-b`)).toBe(1)
    const backA = await readEvents(n.nats.url, 'org-a', (e) => e.length >= a.length)
    expect(backA.map((e) => e.userName)).toEqual(a.map((e) => e.userName))
    const backB = await readEvents(n.nats.url, 'org-b', (e) => e.length >= b.length)
    expect(backB).toEqual(JSON.parse(JSON.stringify(b)))
  })

  it('without a linger, events of later turns go in later messages, at most maxInFlight unacknowledged', async () => {
    const t = new Tally()
    const sink = new JetStreamEventSink(n.nc, SUBJECT_PREFIX, t.count, 10_000, 1, 0)
    for (let turn = 0; turn < 5; turn++) {
      for (let i = 0; i < 3; i++) sink.emit(event('org-c', turn * 3 + i))
      await new Promise((r) => setImmediate(r))
    }
    await sink.flush()
    expect(t.get('events.published')).toBe(15)
    const back = await readEvents(n.nats.url, 'org-c', (e) => e.length >= 15)
    expect(back.map((e) => e.ts)).toEqual(Array.from({ length: 15 }, (_, i) => 1_700_000_000_000 + i))
    // One in flight at a time: what queued meanwhile leaves together, so fewer messages than turns, never more.
    const msgs = await messagesOn(n.nc, `${SUBJECT_PREFIX}.events.org-c`)
    expect(msgs).toBeGreaterThanOrEqual(2)
    expect(msgs).toBeLessThanOrEqual(5)
  })

  it('events within the linger share a message; flush sends what lingers at once; a later event starts a new one', async () => {
    const t = new Tally()
    // A linger far longer than the test: only flush can have sent the first batch.
    const sink = new JetStreamEventSink(n.nc, SUBJECT_PREFIX, t.count, 10_000, 64, 600_000)
    for (let turn = 0; turn < 5; turn++) {
      for (let i = 0; i < 3; i++) sink.emit(event('org-f', turn * 3 + i))
      await new Promise((r) => setImmediate(r))
    }
    await new Promise((r) => setTimeout(r, 50))
    expect(t.get('events.published')).toBe(0)
    await sink.flush()
    expect(t.get('events.published')).toBe(15)
    expect(await messagesOn(n.nc, `${SUBJECT_PREFIX}.events.org-f`)).toBe(1)

    // A 20 ms linger: the batch leaves on its timer, before a 200 ms wait ends (timers fire in order).
    const short = new JetStreamEventSink(n.nc, SUBJECT_PREFIX, t.count, 10_000, 64, 20)
    for (let i = 0; i < 3; i++) short.emit(event('org-g', i))
    await new Promise((r) => setTimeout(r, 200))
    for (let i = 3; i < 6; i++) short.emit(event('org-g', i))
    await short.flush()
    expect(await messagesOn(n.nc, `${SUBJECT_PREFIX}.events.org-g`)).toBe(2)
    const back = await readEvents(n.nats.url, 'org-g', (e) => e.length >= 6)
    expect(back.map((e) => e.userName)).toEqual(['user0', 'user1', 'user2', 'user3', 'user4', 'user5'])
  })

  it('a backlog of several orgs with one ack at a time: every event published, in order per org', async () => {
    const t = new Tally()
    const sink = new JetStreamEventSink(n.nc, SUBJECT_PREFIX, t.count, 10_000, 1, 0)
    const orgs = ['org-h', 'org-i', 'org-j']
    const per = 2 * MAX_EVENTS_PER_MESSAGE + 10
    for (let i = 0; i < per; i++) for (const org of orgs) sink.emit(event(org, i))
    await sink.flush(30_000)
    expect(t.get('events.published')).toBe(per * orgs.length)
    expect(t.get('events.dropped.publish_failed') + t.get('events.dropped.queue_full')).toBe(0)
    for (const org of orgs) {
      const back = await readEvents(n.nats.url, org, (e) => e.length >= per)
      expect(back.map((e) => e.ts), org).toEqual(Array.from({ length: per }, (_, i) => 1_700_000_000_000 + i))
    }
  })

  it('a full queue drops the oldest events and counts them', async () => {
    const t = new Tally()
    const sink = new JetStreamEventSink(n.nc, SUBJECT_PREFIX, t.count, 10)
    for (let i = 0; i < 15; i++) sink.emit(event('org-d', i))
    await sink.flush()
    expect(t.get('events.dropped.queue_full')).toBe(5)
    expect(t.get('events.published')).toBe(10)
    const back = await readEvents(n.nats.url, 'org-d', (e) => e.length >= 10)
    expect(back.map((e) => e.userName)).toEqual(Array.from({ length: 10 }, (_, i) => `user${i + 5}`))
  })

  it('a subject no stream takes: each event of the refused message counted as a failed publish', async () => {
    const t = new Tally()
    const sink = new JetStreamEventSink(n.nc, 'nostream', t.count)
    for (let i = 0; i < 7; i++) sink.emit(event('org-e', i))
    await sink.flush()
    expect(t.get('events.dropped.publish_failed')).toBe(7)
    expect(t.get('events.published')).toBe(0)
  })
})
