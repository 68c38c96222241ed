// Batch envelopes (proto/wire/envelope.ts): round trip, items as views into the message (no copy),
// and arbitrary bytes never throw: they are MALFORMED_ENVELOPE.
import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import { Packr } from 'msgpackr'
import {
  Outcome, decodeBatch, decodeBatchReply, decodeReply, decodeRequest, encodeBatch, encodeBatchReply, encodeReply, encodeRequest,
  type RadiusRequest,
} from '../../../proto/wire/envelope.js'

const req = (i: number): RadiusRequest => ({
  kind: 'radius', org: 'o', site: 's', nasId: 'n', vendor: undefined, transport: 'radsec',
  clientKey: `o.02000000000${i}`, shard: i, deadline: 1000 + i, packet: Buffer.from([1, i, 0, 20]),
})

describe('batch envelopes', () => {
  it('carries request envelopes and partial replies by item id', () => {
    const bytes = encodeBatch([0, 1, 2].map((i) => encodeRequest(req(i))))
    const d = decodeBatch(bytes)
    if (!d.ok) throw new Error(d.reason)
    expect(d.value.map((item) => { const r = decodeRequest(item); return r.ok ? r.value.clientKey : r.reason }))
      .toEqual(['o.020000000000', 'o.020000000001', 'o.020000000002'])
    // Items are subarrays of the message, not copies.
    for (const item of d.value) expect(item.buffer).toBe(bytes.buffer)

    const reply = decodeBatchReply(encodeBatchReply({ ids: [2, 0], replies: [Outcome.ACCEPT, Outcome.REJECT].map((outcome) => encodeReply({ outcome, attributes: [], error: undefined })) }))
    if (!reply.ok) throw new Error(reply.reason)
    expect(reply.value.ids).toEqual([2, 0])
    expect(reply.value.replies.map((r) => { const x = decodeReply(r); return x.ok ? x.value.outcome : x.reason })).toEqual([Outcome.ACCEPT, Outcome.REJECT])
  })

  it('rejects other shapes and arbitrary bytes without throwing', () => {
    const other = new Packr()
    for (const v of [null, 1, 'x', [], { requests: [1] }, { requests: 'x' }]) expect(decodeBatch(other.pack(v)).ok).toBe(false)
    for (const v of [{ ids: [0], replies: [] }, { ids: [-1], replies: [Buffer.alloc(1)] }, { ids: [0.5], replies: [Buffer.alloc(1)] }]) {
      expect(decodeBatchReply(other.pack(v)).ok).toBe(false)
    }
    expect(decodeBatch(encodeRequest(req(1))).ok).toBe(false)
    fc.assert(fc.property(fc.uint8Array({ maxLength: 300 }), (bytes) => {
      expect(() => { decodeBatch(bytes); decodeBatchReply(bytes) }).not.toThrow()
    }), { numRuns: 1000 })
  })
})
