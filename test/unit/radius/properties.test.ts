// Properties: arbitrary bytes never throw; decode(encode(x)) equals x for generated packets and
// generated typed attribute lists (fast-check).
import { describe, expect, it } from 'vitest'
import fc from 'fast-check'
import {
  Code,
  decodeAttributes,
  decodePacket,
  encodeAttributes,
  encodePacket,
  verifyMessageAuthenticator,
  verifyRequestAuthenticator,
  verifyResponseAuthenticator,
  type DecodedAttribute,
  type EncodableAttribute,
} from '../../../proto/radius/index.js'
import { formatIPv6 } from '../../../proto/radius/ip-text.js'
import { loadDictionary } from '../../../ops/radius/dictionary-files.js'

const dict = loadDictionary()
const secret = Buffer.from('k')
const bytes = (min: number, max: number) => fc.uint8Array({ minLength: min, maxLength: max }).map((a) => Buffer.from(a))
const withHeader = fc.tuple(fc.constantFrom(...Object.values(Code)), fc.nat(255), bytes(16, 16), bytes(0, 600)).map(([code, id, auth, body]) => {
  const b = Buffer.concat([Buffer.from([code, id, 0, 0]), auth, body])
  b.writeUInt16BE(b.length, 2)
  return b
})
const rawAttrs = (n: number) => fc.array(fc.record({ type: fc.nat(255), value: bytes(0, 253) }), { maxLength: n })

describe('never throws', () => {
  it('decodePacket and the verifiers on arbitrary bytes', () => {
    fc.assert(
      fc.property(fc.oneof(bytes(0, 100), withHeader), (b) => {
        decodePacket(b)
        verifyMessageAuthenticator(b, secret)
        verifyMessageAuthenticator(b, secret, Buffer.alloc(16))
        verifyRequestAuthenticator(b, secret)
        verifyResponseAuthenticator(b, Buffer.alloc(16), secret)
      }),
      { numRuns: 2000 },
    )
  })
  it('decodeAttributes on arbitrary attribute lists (biased to VSA, extended, TLV, tagged, concat types)', () => {
    const interesting = fc.record({
      type: fc.constantFrom(26, 241, 242, 245, 246, 79, 64, 69, 81, 2, 4, 8, 95, 97, 96, 55, 1, 173),
      value: fc.oneof(bytes(0, 253), fc.tuple(fc.constantFrom(9, 311, 429, 4846, 24757, 14823, 11344, 99999), bytes(0, 40)).map(([v, b]) => {
        const h = Buffer.alloc(4)
        h.writeUInt32BE(v)
        return Buffer.concat([h, b])
      })),
    })
    fc.assert(
      fc.property(fc.array(fc.oneof(interesting, fc.record({ type: fc.nat(255), value: bytes(0, 253) })), { maxLength: 12 }), (attributes) => {
        const r = decodeAttributes({ code: 2, identifier: 0, authenticator: Buffer.alloc(16), attributes }, dict)
        expect(r.ok).toBe(true)
      }),
      { numRuns: 3000 },
    )
  })
})

describe('decode(encode(x)) = x', () => {
  it('packets', () => {
    fc.assert(
      fc.property(fc.constantFrom(...Object.values(Code)), fc.nat(255), bytes(16, 16), rawAttrs(15), (code, identifier, authenticator, attributes) => {
        const p = { code, identifier, authenticator, attributes }
        const r = decodePacket(encodePacket(p))
        expect(r.ok && r.value).toEqual(p)
      }),
    )
  })

  const ipv4 = fc.tuple(fc.nat(255), fc.nat(255), fc.nat(255), fc.nat(255)).map((a) => a.join('.'))
  const ipv6 = bytes(16, 16).map((b) => formatIPv6(b))
  const text = (max: number) => fc.string({ minLength: 1, maxLength: max }).filter((s) => Buffer.byteLength(s) <= max && !(s.charCodeAt(0) >= 1 && s.charCodeAt(0) <= 0x1f)) // RFC 2868 §3.1 tag range
  const u32 = fc.nat(0xffffffff)
  const typed: fc.Arbitrary<EncodableAttribute> = fc.oneof(
    fc.record({ name: fc.constant('User-Name'), value: text(253) }),
    fc.record({ name: fc.constant('Class'), value: bytes(0, 253) }),
    fc.record({ name: fc.constant('NAS-Port'), value: u32 }),
    fc.record({ name: fc.constant('NAS-IP-Address'), value: ipv4 }),
    fc.record({ name: fc.constant('NAS-IPv6-Address'), value: ipv6 }),
    fc.record({ name: fc.constant('Event-Timestamp'), value: u32.map((s) => new Date(s * 1000)) }),
    fc.record({ name: fc.constant('MIP6-Feature-Vector'), value: fc.bigInt({ min: 0n, max: 2n ** 64n - 1n }) }),
    fc.record({ name: fc.constant('Framed-Interface-Id'), value: bytes(8, 8).map((b) => b.toString('hex').replace(/(.{4})(?!$)/g, '$1:')) }),
    fc.record({ name: fc.constant('Tunnel-Type'), value: fc.nat(0xffffff), tag: fc.integer({ min: 1, max: 31 }) }),
    fc.record({ name: fc.constant('Tunnel-Private-Group-Id'), value: text(200), tag: fc.integer({ min: 1, max: 31 }) }),
    fc.record({ name: fc.constant('Tunnel-Password'), value: bytes(18, 50), tag: fc.integer({ min: 0, max: 31 }) }),
    fc.record({ name: fc.constant('MS-MPPE-Send-Key'), value: bytes(34, 34) }),
    fc.record({ name: fc.constant('Cisco-AVPair'), value: text(247) }),
    fc.record({ name: fc.constant('Aruba-User-Vlan'), value: u32 }),
    fc.record({ name: fc.constant('USR-Last-Number-Dialed-Out'), value: text(200) }),
    fc.record({ name: fc.constant('Lucent-Max-Shared-Users'), value: u32 }),
    fc.record({ name: fc.constant('WiMAX-AAA-Session-Id'), value: bytes(1, 700) }),
    fc.record({ name: fc.constant('Frag-Status'), value: u32 }),
    fc.record({ name: fc.constant('FreeRADIUS-802.1X-Anonce'), value: bytes(0, 900) }),
    fc.record({ name: fc.constant('Attr-245.7'), value: bytes(0, 600) }),
    fc.record({ name: fc.constant('Attr-26.12345.7'), value: bytes(0, 200) }),
    fc.record({
      name: fc.constant('IP-Port-Limit-Info'),
      value: fc.array(fc.oneof(fc.record({ name: fc.constant('IP-Port-Type'), value: u32 }), fc.record({ name: fc.constant('IP-Port-Ext-IPv4-Addr'), value: ipv4 })), { minLength: 1, maxLength: 5 }),
    }),
  )
  const strip = (list: DecodedAttribute[]): EncodableAttribute[] =>
    list.map((a) => ({ name: a.name, value: Array.isArray(a.value) ? strip(a.value) : a.value, ...(a.tag === undefined ? {} : { tag: a.tag }) }))

  it('typed attribute lists (plus one concat EAP-Message)', () => {
    fc.assert(
      fc.property(fc.array(typed, { maxLength: 6 }), fc.option(bytes(1, 1000), { nil: undefined }), (attrs, eap) => {
        const input = eap === undefined ? attrs : [{ name: 'EAP-Message', value: eap }, ...attrs]
        const raw = encodeAttributes(dict, input)
        const r = decodeAttributes({ code: 2, identifier: 0, authenticator: Buffer.alloc(16), attributes: raw }, dict)
        expect(r.ok && strip(r.value)).toEqual(input)
      }),
      { numRuns: 500 },
    )
  })
})
