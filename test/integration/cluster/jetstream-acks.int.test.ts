// Acknowledged JetStream publishes on one reply subscription (actors/runtime/jetstream-acks.ts) against a
// real nats-server: the stream's PubAck, duplicates by Nats-Msg-Id, a subject no stream takes (503),
// a silent responder (timeout by the sweep), answers that are not PubAcks, and close.
import { headers, type NatsConnection } from '@nats-io/transport-node'
import { jetstreamManager } from '@nats-io/jetstream'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { JetStreamAcks, PubAckError } from '../../../actors/runtime/jetstream-acks.js'
import { startNatsWithConnection, type NatsWithConnection } from '../../support/nats-connection.js'

const reasonOf = async (p: Promise<unknown>): Promise<string> => {
  const e = await p.then(() => undefined, (err: unknown) => err)
  if (!(e instanceof PubAckError)) throw new Error(`expected a PubAckError, got ${String(e)}`)
  return e.reason
}

describe('JetStreamAcks', () => {
  let n: NatsWithConnection
  let nc: NatsConnection
  let acks: JetStreamAcks

  beforeAll(async () => {
    n = await startNatsWithConnection()
    nc = n.nc
    await (await jetstreamManager(nc)).streams.add({ name: 'T', subjects: ['t.>'], duplicate_window: 60_000_000_000 })
    acks = new JetStreamAcks(nc, { sweepMs: 50 })
  })

  afterAll(async () => {
    acks?.close()
    await n?.stop()
  })

  it('resolves with the stream and sequence the server acknowledged, in order', async () => {
    const a = await Promise.all([acks.publish('t.a', 'one', { timeoutMs: 2000 }), acks.publish('t.b', 'two', { timeoutMs: 2000 })])
    expect(a).toEqual([{ stream: 'T', seq: 1, duplicate: false }, { stream: 'T', seq: 2, duplicate: false }])
    const jsm = await jetstreamManager(nc)
    expect((await jsm.streams.getMessage('T', { seq: 2 }))?.string()).toBe('two')
    expect(acks.pending).toBe(0)
  })

  it('reports a duplicate message id as the stream does', async () => {
    const h = headers()
    h.set('Nats-Msg-Id', 'same')
    const first = await acks.publish('t.d', 'x', { timeoutMs: 2000, headers: h })
    const again = await acks.publish('t.d', 'x', { timeoutMs: 2000, headers: h })
    expect(first.duplicate).toBe(false)
    expect(again).toEqual({ stream: 'T', seq: first.seq, duplicate: true })
  })

  it('refuses a subject no stream takes (no responders), not by the timeout', async () => {
    // A timeout would say 'timeout': the reason alone shows the server's 503 answered.
    expect(await reasonOf(acks.publish('nowhere.x', 'x', { timeoutMs: 5000 }))).toBe('no_responders')
  })

  it('times out a message nobody acknowledges, and ignores answers that are not PubAcks', async () => {
    const silent = nc.subscribe('silent.x', { callback: () => {} })
    const liar = nc.subscribe('liar.>', {
      callback: (_e, m) => {
        if (m.subject === 'liar.text') m.respond('not json')
        else if (m.subject === 'liar.shape') m.respond(JSON.stringify({ ok: true }))
        else m.respond(JSON.stringify({ error: { code: 503, err_code: 10077, description: 'maximum messages exceeded' } }))
      },
    })
    try {
      expect(await reasonOf(acks.publish('silent.x', 'x', { timeoutMs: 300 }))).toBe('timeout')
      expect(await reasonOf(acks.publish('liar.text', 'x', { timeoutMs: 2000 }))).toBe('bad_ack')
      expect(await reasonOf(acks.publish('liar.shape', 'x', { timeoutMs: 2000 }))).toBe('bad_ack')
      expect(await reasonOf(acks.publish('liar.error', 'x', { timeoutMs: 2000 }))).toBe('stream_error')
      expect(acks.pending).toBe(0)
    } finally {
      silent.unsubscribe()
      liar.unsubscribe()
    }
  })

  it('rejects what still waits when closed, and refuses new publishes', async () => {
    const own = new JetStreamAcks(nc)
    const silent = nc.subscribe('silent.y', { callback: () => {} })
    try {
      const waiting = own.publish('silent.y', 'x', { timeoutMs: 10_000 })
      await new Promise((r) => setTimeout(r, 50))
      own.close()
      expect(await reasonOf(waiting)).toBe('closed')
      expect(await reasonOf(own.publish('t.z', 'x', { timeoutMs: 1000 }))).toBe('closed')
    } finally {
      silent.unsubscribe()
    }
  })
})
