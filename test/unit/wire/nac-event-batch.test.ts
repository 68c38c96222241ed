import { describe, expect, it } from 'vitest'
import { MAX_EVENT_MESSAGE_BYTES, MAX_EVENTS_PER_MESSAGE, decodeEventMessage, encodeEventMessages } from '../../../proto/wire/nac-event-batch.js'
import { NacEventType, Polarity, type NacEvent } from '../../../proto/wire/nac-events.js'

function event(i: number, over: Partial<NacEvent> = {}): NacEvent {
  return {
    ts: 1_700_000_000_000 + i, type: NacEventType.ACCESS_ALLOWED, polarity: Polarity.positive, org: 'demo', site: 'hq', mac: `aa:bb:cc:00:00:${(i % 256).toString(16).padStart(2, '0')}`,
    userName: `user${i}`, authType: 'MAB', portType: 'wired', nas: { id: 'sw1', vendor: undefined, transport: 'radsec' }, ssid: undefined,
    vlan: '100', role: undefined, authRule: 'r1', reason: undefined, cert: undefined, ...over,
  }
}

describe('NAC events as messages of the events stream', () => {
  it('keeps every event, in order, within the event and byte bounds', () => {
    const events = Array.from({ length: 2 * MAX_EVENTS_PER_MESSAGE + 3 }, (_, i) => event(i))
    const msgs = encodeEventMessages(events)
    expect(msgs.map((m) => m.events)).toEqual([MAX_EVENTS_PER_MESSAGE, MAX_EVENTS_PER_MESSAGE, 3])
    const back = msgs.flatMap((m) => decodeEventMessage(m.body) ?? [])
    expect(back).toEqual(JSON.parse(JSON.stringify(events)))
    for (const m of msgs) expect(JSON.parse(m.body)).toHaveLength(m.events)
  })

  it('splits by bytes before the event count when events are large, and sends an oversized event alone', () => {
    const big = 'x'.repeat(40_000)
    const events = Array.from({ length: 20 }, (_, i) => event(i, { userName: big }))
    const msgs = encodeEventMessages(events)
    expect(msgs.length).toBeGreaterThan(1)
    for (const m of msgs) expect(Buffer.byteLength(m.body)).toBeLessThanOrEqual(MAX_EVENT_MESSAGE_BYTES)
    expect(msgs.reduce((n, m) => n + m.events, 0)).toBe(20)
    const huge = encodeEventMessages([event(1), event(2, { userName: 'y'.repeat(MAX_EVENT_MESSAGE_BYTES) }), event(3)])
    expect(huge.map((m) => m.events)).toEqual([1, 1, 1])
  })

  it('nothing to send is no message', () => {
    expect(encodeEventMessages([])).toEqual([])
  })

  it('reads a lone event object (one event per message, before batching) and bytes', () => {
    const e = event(7)
    expect(decodeEventMessage(JSON.stringify(e))).toEqual([JSON.parse(JSON.stringify(e))])
    expect(decodeEventMessage(new TextEncoder().encode(`[${JSON.stringify(e)}]`))).toHaveLength(1)
  })

  it('refuses what is not events: not JSON, truncated, scalars, arrays of other things', () => {
    const body = encodeEventMessages([event(1), event(2)])[0]?.body as string
    for (const bad of ['', 'not json', body.slice(0, body.length - 3), 'null', '42', '"s"', '[1,2]', '[null]', '[{"no":"type"}]', '[[{"type":"x"}]]', `[${JSON.stringify(event(1))},7]`]) {
      expect(decodeEventMessage(bad), bad.slice(0, 30)).toBeUndefined()
    }
  })
})
