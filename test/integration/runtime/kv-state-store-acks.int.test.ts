// KvStateStore's revision-checked saves, through kv.create/update and through JetStreamAcks (one
// reply subscription): the same rules either way, against a real nats-server. A save names the
// revision it read (0: absent); any other stored revision is StateConflictError; a deleted key
// counts as absent again.
import type { NatsConnection } from '@nats-io/transport-node'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { JetStreamAcks, KvStateStore, StateConflictError, ensureBucket } from '../../../actors/runtime/index.js'
import { startNatsWithConnection, type NatsWithConnection } from '../../support/nats-connection.js'

describe('KvStateStore saves', () => {
  let n: NatsWithConnection
  let nc: NatsConnection
  let acks: JetStreamAcks

  beforeAll(async () => {
    n = await startNatsWithConnection()
    nc = n.nc
    acks = new JetStreamAcks(nc)
  })
  afterAll(async () => {
    acks?.close()
    await n?.stop()
  })

  for (const via of ['kv.update', 'acks'] as const) {
    it(`checks the revision (${via})`, async () => {
      const kv = await ensureBucket(nc, `state_${via === 'acks' ? 'a' : 'k'}`, { history: 1 })
      const store = new KvStateStore<{ n: number }>(kv, undefined, via === 'acks' ? acks : undefined)
      const published = acks.published
      const r1 = await store.save('c1', { n: 1 }, 0)
      expect(await store.load('c1')).toEqual({ value: { n: 1 }, revision: r1 })
      const r2 = await store.save('c1', { n: 2 }, r1)
      expect(r2).toBeGreaterThan(r1)
      // A writer that read r1 lost the race; one that thinks the key is new too.
      await expect(store.save('c1', { n: 3 }, r1)).rejects.toBeInstanceOf(StateConflictError)
      await expect(store.save('c1', { n: 3 }, 0)).rejects.toBeInstanceOf(StateConflictError)
      expect(await store.load('c1')).toEqual({ value: { n: 2 }, revision: r2 })
      // Deleted: absent again, saved as new.
      await kv.delete('c1')
      expect(await store.load('c1')).toBeUndefined()
      const r3 = await store.save('c1', { n: 4 }, 0)
      expect(await store.load('c1')).toEqual({ value: { n: 4 }, revision: r3 })
      // The acks path really carried the writes (5 saves; the create after the delete goes through
      // kv.create once the marker answers "wrong last sequence", after one publish here).
      expect(acks.published - published).toBe(via === 'acks' ? 5 : 0)
      if (via === 'acks') expect(acks.pending).toBe(0)
    })
  }
})
