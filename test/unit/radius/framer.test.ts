// RadSec framing (RFC 6614 §2.5, §2.6): splits anywhere, many packets per chunk, sticky errors.
import { describe, expect, it } from 'vitest'
import fc from 'fast-check'
import { RadSecFramer, encodePacket } from '../../../proto/radius/index.js'

const packet = (id: number, size: number) =>
  encodePacket({ code: 1, identifier: id, authenticator: Buffer.alloc(16, id), attributes: size > 0 ? [{ type: 1, value: Buffer.alloc(size, id) }] : [] })

const stream = [packet(1, 0), packet(2, 10), packet(3, 253), packet(4, 100)]
const all = Buffer.concat(stream)

describe('RadSecFramer', () => {
  it('one byte at a time', () => {
    const f = new RadSecFramer()
    const frames: Buffer[] = []
    for (const b of all) {
      const r = f.push(Buffer.from([b]))
      expect(r.error).toBeUndefined()
      frames.push(...r.frames)
    }
    expect(frames).toEqual(stream)
    expect(f.buffered).toBe(0)
  })

  it('many packets in one chunk, and a partial tail kept', () => {
    const f = new RadSecFramer()
    const r = f.push(Buffer.concat([all, all.subarray(0, 3)]))
    expect(r.frames).toEqual(stream)
    expect(f.buffered).toBe(3)
    expect(f.push(all.subarray(3, stream[0]?.length)).frames).toEqual([stream[0]])
  })

  it('random splits give the same frames (property)', () => {
    fc.assert(
      fc.property(fc.array(fc.integer({ min: 0, max: all.length }), { maxLength: 20 }), (cuts) => {
        const points = [0, ...cuts.sort((a, b) => a - b), all.length]
        const f = new RadSecFramer()
        const frames: Buffer[] = []
        for (let i = 1; i < points.length; i++) frames.push(...f.push(all.subarray(points[i - 1], points[i])).frames)
        expect(frames).toEqual(stream)
        expect(f.buffered).toBe(0)
      }),
    )
  })

  it('bad lengths are sticky errors, even when split inside the header', () => {
    const short = new RadSecFramer()
    expect(short.push(Buffer.from([1, 0, 0])).error).toBeUndefined()
    expect(short.push(Buffer.from([19])).error).toBe('LENGTH_TOO_SHORT')
    expect(short.push(packet(1, 0))).toEqual({ frames: [], error: 'LENGTH_TOO_SHORT' })
    const long = new RadSecFramer()
    const r = long.push(Buffer.concat([packet(5, 0), Buffer.from([1, 0, 0x10, 0x01])]))
    expect(r.frames).toEqual([packet(5, 0)])
    expect(r.error).toBe('LENGTH_TOO_LONG')
    expect(long.push(packet(1, 0)).error).toBe('LENGTH_TOO_LONG')
    expect(long.buffered).toBe(0)
  })

  it('4096-octet frame accepted one byte at a time without quadratic blow-up', () => {
    const attributes = Array.from({ length: 15 }, () => ({ type: 26, value: Buffer.alloc(253) }))
    attributes.push({ type: 26, value: Buffer.alloc(4096 - 20 - 15 * 255 - 2) })
    const max = encodePacket({ code: 4, identifier: 1, authenticator: Buffer.alloc(16), attributes })
    expect(max.length).toBe(4096)
    const f = new RadSecFramer()
    const out: Buffer[] = []
    for (let i = 0; i < 50; i++) for (const b of max) out.push(...f.push(Buffer.from([b])).frames)
    expect(out).toHaveLength(50)
  })
})
