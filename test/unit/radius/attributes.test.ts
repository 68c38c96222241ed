// Typed attributes with the repo dictionary: VSA layouts (RFC 2865 §5.26, format=2,1 / 4,0 /
// 1,1,c), RFC 6929 extended, long-extended fragments and EVS, RFC 2868 tags, concat, raw
// fallbacks for unknown or invalid attributes, encode errors.
import { describe, expect, it } from 'vitest'
import { decodeAttributes, encodeAttributes, type DecodedAttribute, type EncodableAttribute, type Packet, type RawAttribute } from '../../../proto/radius/index.js'
import { loadDictionary } from '../../../ops/radius/dictionary-files.js'
import { hex } from './support.js'

const dict = loadDictionary()
const packetOf = (attributes: RawAttribute[]): Packet => ({ code: 2, identifier: 0, authenticator: Buffer.alloc(16), attributes })
const decode = (attributes: RawAttribute[]): DecodedAttribute[] => {
  const r = decodeAttributes(packetOf(attributes), dict)
  if (!r.ok) throw new Error(r.reason)
  return r.value
}
const strip = (list: DecodedAttribute[]): EncodableAttribute[] =>
  list.map((a) => ({ name: a.name, value: Array.isArray(a.value) ? strip(a.value) : a.value, ...(a.tag === undefined ? {} : { tag: a.tag }) }))
const roundTrip = (attrs: EncodableAttribute[]) => strip(decode(encodeAttributes(dict, attrs)))
const wire = (attrs: EncodableAttribute[]) => encodeAttributes(dict, attrs).map((a) => `${a.type}:${a.value.toString('hex')}`)

describe('vendor-specific', () => {
  it('RFC 2865 §5.26 layout (Cisco, Aruba)', () => {
    expect(wire([{ name: 'Cisco-AVPair', value: 'a=b' }])).toEqual(['26:00000009' + '0105' + '613d62'])
    expect(roundTrip([{ name: 'Aruba-User-Role', value: 'guest' }, { name: 'Cisco-AVPair', value: 'x' }])).toEqual([
      { name: 'Aruba-User-Role', value: 'guest' },
      { name: 'Cisco-AVPair', value: 'x' },
    ])
  })
  it('several sub-attributes in one Vendor-Specific are all decoded', () => {
    const v = decode([{ type: 26, value: hex('00000009 0103 61 0104 6263') }])
    expect(v.map((a) => [a.name, a.value])).toEqual([['Cisco-AVPair', 'a'], ['Cisco-AVPair', 'bc']])
  })
  it('format=4,0 (USR) and format=2,1 (Lucent)', () => {
    expect(wire([{ name: 'USR-Last-Number-Dialed-Out', value: 'ab' }])).toEqual(['26:000001ad' + '00000066' + '6162'])
    expect(wire([{ name: 'Lucent-Max-Shared-Users', value: 5 }])).toEqual(['26:000012ee' + '0002' + '07' + '00000005'])
    expect(roundTrip([{ name: 'USR-Last-Number-Dialed-Out', value: 'ab' }, { name: 'Lucent-Max-Shared-Users', value: 5 }])).toEqual([
      { name: 'USR-Last-Number-Dialed-Out', value: 'ab' },
      { name: 'Lucent-Max-Shared-Users', value: 5 },
    ])
  })
  it('format=1,1,c (WiMAX) continuation splits and rejoins long values', () => {
    const long = Buffer.alloc(400, 0x78)
    const raw = encodeAttributes(dict, [{ name: 'WiMAX-AAA-Session-Id', value: long }, { name: 'WiMAX-GMT-Timezone-offset', value: -3600 }])
    expect(raw.filter((a) => a.type === 26)).toHaveLength(3)
    expect(raw[0]?.value[6]).toBe(0x80)
    expect(strip(decode(raw))).toEqual([
      { name: 'WiMAX-AAA-Session-Id', value: long },
      { name: 'WiMAX-GMT-Timezone-offset', value: -3600 },
    ])
  })
  it('unknown vendor ⇒ Attr-26.<vendor>.<type>; malformed ⇒ Attr-26; both re-encode identically', () => {
    const raw = [{ type: 26, value: hex('00003039 fa04 beef') }, { type: 26, value: hex('00000009 0109 00') }]
    const d = decode(raw)
    expect(d.map((a) => a.name)).toEqual(['Attr-26.12345.250', 'Attr-26'])
    expect(d[0]?.def).toBeUndefined()
    expect(encodeAttributes(dict, strip(d))).toEqual(raw)
  })
})

describe('RFC 6929 extended space', () => {
  it('extended attribute and TLV inside it', () => {
    expect(wire([{ name: 'Frag-Status', value: 1 }])).toEqual(['241:01' + '00000001'])
    const tlv: EncodableAttribute = { name: 'IP-Port-Limit-Info', value: [{ name: 'IP-Port-Type', value: 1 }, { name: 'IP-Port-Limit', value: 100 }] }
    expect(wire([tlv])).toEqual(['241:05' + '0106' + '00000001' + '0206' + '00000064'])
    expect(roundTrip([tlv])).toEqual([tlv])
    // A flat child gets its own parent TLV.
    expect(roundTrip([{ name: 'IP-Port-Limit', value: 7 }])).toEqual([{ name: 'IP-Port-Limit-Info', value: [{ name: 'IP-Port-Limit', value: 7 }] }])
  })
  it('long-extended EVS fragments with the M flag and reassembles (RFC 6929 §2.2, §2.4)', () => {
    const big = Buffer.alloc(600, 0x5a)
    const raw = encodeAttributes(dict, [{ name: 'FreeRADIUS-802.1X-Anonce', value: big }])
    expect(raw.map((a) => [a.type, a.value[0], a.value[1]])).toEqual([[245, 26, 0x80], [245, 26, 0x80], [245, 26, 0]])
    expect(raw[0]?.value.subarray(2, 7).toString('hex')).toBe('00002c5001')
    expect(roundTrip([{ name: 'FreeRADIUS-802.1X-Anonce', value: big }])).toEqual([{ name: 'FreeRADIUS-802.1X-Anonce', value: big }])
  })
  it('missing last fragment or short value ⇒ raw', () => {
    expect(decode([{ type: 245, value: hex('0180 aa') }]).map((a) => a.name)).toEqual(['Attr-245.1'])
    expect(decode([{ type: 241, value: Buffer.alloc(0) }]).map((a) => a.name)).toEqual(['Attr-241'])
    expect(decode([{ type: 241, value: hex('1a 0000') }]).map((a) => a.name)).toEqual(['Attr-241.26'])
  })
})

describe('tags, concat, encryption, types', () => {
  it('RFC 2868 tags: integer tag is the first of 4 octets; string tag prefixes', () => {
    expect(wire([{ name: 'Tunnel-Type', tag: 3, value: 'VLAN' }, { name: 'Tunnel-Private-Group-Id', tag: 3, value: '42' }])).toEqual([
      '64:0300000d',
      '81:033432',
    ])
    expect(roundTrip([{ name: 'Tunnel-Medium-Type', value: 6 }, { name: 'Tunnel-Private-Group-Id', value: 'vlan' }])).toEqual([
      { name: 'Tunnel-Medium-Type', value: 6 },
      { name: 'Tunnel-Private-Group-Id', value: 'vlan' },
    ])
    const tp = decode([{ type: 69, value: hex('00 8001 00112233445566778899aabbccddeeff') }])[0]
    expect(tp).toMatchObject({ name: 'Tunnel-Password', tag: 0 })
    expect((tp?.value as Buffer).length).toBe(18)
  })
  it('concat: EAP-Message split in 253-octet chunks and joined back', () => {
    const eap = Buffer.alloc(600, 1)
    const raw = encodeAttributes(dict, [{ name: 'EAP-Message', value: eap }, { name: 'User-Name', value: 'u' }])
    expect(raw.map((a) => a.value.length)).toEqual([253, 253, 94, 1])
    expect(strip(decode(raw))).toEqual([{ name: 'EAP-Message', value: eap }, { name: 'User-Name', value: 'u' }])
  })
  it('every leaf type', () => {
    const attrs: EncodableAttribute[] = [
      { name: 'NAS-IPv6-Address', value: '2001:db8::1' },
      { name: 'Framed-IPv6-Prefix', value: '2001:db8:1::/48' },
      { name: 'Framed-Interface-Id', value: '0000:0000:0000:0001' },
      { name: 'Event-Timestamp', value: new Date('2024-07-09T00:00:00Z') },
      { name: 'MIP6-Feature-Vector', value: 0xffffffffffffffffn },
      { name: 'ALU-AAA-DF-CC-Port', value: 65535 },
      { name: 'ALU-AAA-Lawful-Intercept-Status', value: 1 },
      { name: 'ALU-AAA-Address-0', value: '10.0.0.1' },
      { name: 'ALU-AAA-Address-1', value: '::ffff:10.0.0.1' },
      { name: 'PMIP6-Home-IPv4-HoA', value: '10.1.0.0/16' },
      { name: 'Fortinet-WirelessController-Device-MAC', value: '02:00:00:00:00:01' },
      { name: 'Class', value: Buffer.from([0, 1, 2]) },
      { name: 'Filter-Id', value: Buffer.from([0xff, 0xfe]) },
    ]
    expect(roundTrip(attrs)).toEqual(attrs)
    expect(wire([{ name: 'Framed-IPv6-Prefix', value: '2001:db8:1:ff00::/49' }])).toEqual(['97:0031' + '20010db80001' + '80'])
  })
  it('invalid length for a fixed-size type ⇒ raw octets with a synthetic name', () => {
    const d = decode([{ type: 4, value: hex('0a0000') }, { type: 5, value: hex('0000000001') }, { type: 70, value: Buffer.alloc(3) }])
    expect(d.map((a) => [a.name, a.def, (a.value as Buffer).length])).toEqual([['Attr-4', undefined, 3], ['Attr-5', undefined, 5], ['Attr-70', undefined, 3]])
  })
  it('encrypted attributes stay encrypted; User-Password needs the hidden Buffer', () => {
    const d = decode([{ type: 2, value: Buffer.alloc(16, 9) }])
    expect(d[0]).toMatchObject({ name: 'User-Password', value: Buffer.alloc(16, 9) })
    expect(() => encodeAttributes(dict, [{ name: 'User-Password', value: 'plain' }])).toThrow(/encrypted Buffer/)
  })
  it('configuration errors throw RangeError with the name', () => {
    expect(() => encodeAttributes(dict, [{ name: 'No-Such-Attribute', value: 1 }])).toThrow(/No-Such-Attribute/)
    expect(() => encodeAttributes(dict, [{ name: 'NAS-Port', value: -1 }])).toThrow(RangeError)
    expect(() => encodeAttributes(dict, [{ name: 'Service-Type', value: 'Not-A-Value' }])).toThrow(/Not-A-Value/)
    expect(() => encodeAttributes(dict, [{ name: 'NAS-IP-Address', value: '300.1.1.1' }])).toThrow(RangeError)
    expect(() => encodeAttributes(dict, [{ name: 'User-Name', value: 'x'.repeat(254) }])).toThrow(/253/)
    expect(() => encodeAttributes(dict, [{ name: 'User-Name', tag: 1, value: 'x' }])).toThrow(/tag/)
    expect(() => encodeAttributes(dict, [{ name: 'Tunnel-Type', tag: 32, value: 1 }])).toThrow(/tag/)
    expect(() => encodeAttributes(dict, [{ name: 'IP-Port-Limit-Info', value: [{ name: 'User-Name', value: 'x' }] }])).toThrow(/child/)
  })
  it('named integer values encode by name', () => {
    expect(wire([{ name: 'Service-Type', value: 'Framed-User' }])).toEqual(['6:00000002'])
  })
})
