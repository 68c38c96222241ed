// Properties of the rendezvous strategy: deterministic, order-free, balanced, and moving only the
// shards of a node that joins or leaves (Thaler & Ravishankar, "Using name-based mappings to
// increase hit rates", 1998: the defining property of highest-random-weight hashing).
import { describe, expect, test } from 'vitest'
import fc from 'fast-check'
import { desiredOwner } from './rendezvous.js'

const ids = fc.uniqueArray(fc.stringMatching(/^[a-z0-9-]{1,12}$/), { minLength: 1, maxLength: 8 })

describe('desiredOwner', () => {
  test('is one of the live nodes and ignores their order', () => {
    fc.assert(fc.property(ids, fc.nat(4095), (nodes, shard) => {
      const owner = desiredOwner(shard, nodes)
      expect(nodes).toContain(owner)
      expect(desiredOwner(shard, [...nodes].reverse())).toBe(owner)
    }))
  })

  test('a leaving node moves only its own shards', () => {
    fc.assert(fc.property(ids.filter((n) => n.length > 1), fc.nat(7), (nodes, pick) => {
      const gone = nodes[pick % nodes.length]!
      const rest = nodes.filter((n) => n !== gone)
      for (let s = 0; s < 256; s++) {
        const before = desiredOwner(s, nodes)
        if (before !== gone) expect(desiredOwner(s, rest)).toBe(before)
      }
    }))
  })

  test('spreads 1024 shards over 4 nodes within 25% of the mean', () => {
    const nodes = ['node-1', 'node-2', 'node-3', 'node-4']
    const counts = new Map<string, number>()
    for (let s = 0; s < 1024; s++) {
      const o = desiredOwner(s, nodes)
      counts.set(o, (counts.get(o) ?? 0) + 1)
    }
    for (const n of nodes) expect(Math.abs((counts.get(n) ?? 0) - 256)).toBeLessThan(64)
  })

  test('throws with no live node', () => {
    expect(() => desiredOwner(0, [])).toThrow(RangeError)
  })
})
