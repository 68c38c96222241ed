// RFC 5080 §2.2.2 duplicate detection: in flight → drop; answered → the same reply again.
import { describe, expect, it } from 'vitest'
import { DedupCache } from '../../../gateway/dispatch/dedup-cache.js'

describe('DedupCache', () => {
  it('reports new, then in-flight, then the cached reply', () => {
    const c = new DedupCache(1000, 10)
    expect(c.begin('k', 0)).toBe('new')
    expect(c.begin('k', 1)).toBe('in-flight')
    const reply = Buffer.from('reply')
    c.complete('k', reply, 2)
    expect(c.begin('k', 3)).toBe(reply)
  })
  it('forgets a request that got no reply, so a retransmission is processed again', () => {
    const c = new DedupCache(1000, 10)
    c.begin('k', 0)
    c.forget('k')
    expect(c.begin('k', 1)).toBe('new')
  })
  it('expires entries after the TTL', () => {
    const c = new DedupCache(1000, 10)
    c.begin('k', 0)
    c.complete('k', Buffer.from('r'), 0)
    expect(c.begin('k', 1001)).toBe('new')
  })
  it('stays bounded under a flood of distinct requests', () => {
    const c = new DedupCache(60_000, 100)
    for (let i = 0; i < 10_000; i++) c.begin(`k${i}`, i)
    expect(c.size).toBeLessThanOrEqual(100)
    expect(c.begin('k9999', 10_000)).toBe('in-flight')
  })
})
