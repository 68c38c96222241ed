// Packet structure (RFC 2865 §3, §5): failure reasons, padding, encode limits, lookups.
import { describe, expect, it } from 'vitest'
import { DecodeFailure, decodeFailureMessage, decodePacket, encodePacket, findAttribute, findAttributes } from '../../../proto/radius/index.js'

const auth = Buffer.alloc(16, 7)
const pkt = (attrs: Array<{ type: number; value: Buffer }>, code = 1) => encodePacket({ code, identifier: 9, authenticator: auth, attributes: attrs })

describe('decodePacket', () => {
  it('every DecodeFailure member has a message', () => {
    for (const r of Object.values(DecodeFailure)) expect(decodeFailureMessage[r].length).toBeGreaterThan(10)
    expect(Object.keys(decodeFailureMessage).sort()).toEqual(Object.values(DecodeFailure).sort())
  })

  it('ignores octets beyond Length (RFC 2865 §3 padding) and slices without copying', () => {
    const b = pkt([{ type: 1, value: Buffer.from('bob') }])
    const padded = Buffer.concat([b, Buffer.from([1, 2, 3])])
    const r = decodePacket(padded)
    expect(r.ok).toBe(true)
    if (!r.ok) return
    expect(r.value.attributes).toHaveLength(1)
    expect(r.value.attributes[0]?.value.buffer).toBe(padded.buffer)
    expect(findAttribute(r.value, 1)?.value.toString()).toBe('bob')
    expect(findAttribute(r.value, 2)).toBeUndefined()
  })

  const cases: Array<[string, Buffer, DecodeFailure]> = [
    ['short buffer', Buffer.alloc(19), DecodeFailure.TOO_SHORT],
    ['Length < 20', Buffer.from([1, 0, 0, 19, ...new Array<number>(16).fill(0)]), DecodeFailure.TOO_SHORT],
    ['Length > 4096', Buffer.concat([Buffer.from([1, 0, 0x10, 0x01]), Buffer.alloc(4097)]), DecodeFailure.TOO_LONG],
    ['Length > received', Buffer.from([1, 0, 0, 30, ...new Array<number>(16).fill(0)]), DecodeFailure.LENGTH_MISMATCH],
    ['unknown code', Buffer.from([99, 0, 0, 20, ...new Array<number>(16).fill(0)]), DecodeFailure.UNKNOWN_CODE],
    ['attribute length 1', Buffer.from([1, 0, 0, 22, ...new Array<number>(16).fill(0), 1, 1]), DecodeFailure.ATTRIBUTE_LENGTH_INVALID],
    ['attribute past Length', Buffer.from([1, 0, 0, 23, ...new Array<number>(16).fill(0), 1, 5, 0]), DecodeFailure.ATTRIBUTE_TRUNCATED],
    ['one stray octet', Buffer.from([1, 0, 0, 21, ...new Array<number>(16).fill(0), 1]), DecodeFailure.ATTRIBUTE_TRUNCATED],
  ]
  for (const [name, buf, reason] of cases) {
    it(`${name} ⇒ ${reason}`, () => {
      const r = decodePacket(buf)
      expect(r.ok).toBe(false)
      if (!r.ok) expect(r.reason).toBe(reason)
    })
  }
})

describe('encodePacket', () => {
  it('writes header and attributes; findAttributes keeps order', () => {
    const b = pkt([{ type: 25, value: Buffer.from('a') }, { type: 1, value: Buffer.alloc(0) }, { type: 25, value: Buffer.from('b') }], 2)
    expect(b.readUInt16BE(2)).toBe(b.length)
    const r = decodePacket(b)
    if (!r.ok) throw new Error(r.reason)
    expect(r.value.code).toBe(2)
    expect(r.value.identifier).toBe(9)
    expect(r.value.authenticator).toEqual(auth)
    expect(findAttributes(r.value, 25).map((a) => a.value.toString())).toEqual(['a', 'b'])
  })

  it('throws RangeError on programmer errors', () => {
    expect(() => pkt([{ type: 1, value: Buffer.alloc(254) }])).toThrow(RangeError)
    expect(() => pkt(new Array(17).fill({ type: 1, value: Buffer.alloc(253) }))).toThrow(/4096/)
    expect(() => encodePacket({ code: 1, identifier: 256, authenticator: auth, attributes: [] })).toThrow(RangeError)
    expect(() => encodePacket({ code: 1, identifier: 0, authenticator: Buffer.alloc(15), attributes: [] })).toThrow(RangeError)
  })
})
