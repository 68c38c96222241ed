// Byte-exact reply attributes per NAS vendor dialect (requirements §2.7). The expected octets are
// written by hand from the definitions, one line per field, never taken from our encoder:
//   RFC 2865 §5 attribute layout Type(1) Length(1) Value; §5.26 VSA: 26, Length, Vendor-Id(4),
//   Vendor-Type(1), Vendor-Length(1), data; RFC 2868 §3.1-3.2 tagged integers Tag(1)+Value(3);
//   RFC 3580 §3.31 Tunnel-Type VLAN=13, Tunnel-Medium-Type IEEE-802=6; RFC 4675 §2.1 Egress-VLANID
//   0x31/0x32 + 12 zero bits + VID, §2.3 Egress-VLAN-Name '1'/'2' + name; RFC 2865 §5.27-5.29
//   Session-Timeout, Idle-Timeout, Termination-Action RADIUS-Request=1; vendor ids: Cisco 9
//   (Cisco-AVPair = 1), Aruba 14823 = 0x39e7 (Aruba-User-Role = 1, Aruba-Named-User-Vlan = 9),
//   from the vendors' documents quoted in actors/policy/dialect-table.ts.
import { describe, expect, it } from 'vitest'
import { buildReply, dialectOf, type Authorization } from '../../../actors/policy/index.js'
import { loadDictionary } from '../../../ops/radius/dictionary-files.js'
import type { RawAttribute } from '../../../proto/radius/index.js'

const dict = loadDictionary()

/** Hex with spaces and `# comments` per line -> bytes. */
function hex(text: string): Buffer {
  return Buffer.from(text.replace(/#.*$/gm, '').replace(/\s+/g, ''), 'hex')
}
/** ASCII text as hex (the text is the specification, not our encoder's output). */
const ascii = (s: string): string => Buffer.from(s, 'latin1').toString('hex')
const wire = (attrs: RawAttribute[]): Buffer => Buffer.concat(attrs.map((a) => Buffer.concat([Buffer.from([a.type, a.value.length + 2]), a.value])))

const auth: Authorization = {
  vlan: '100',
  role: 'camera',
  gbpTag: 16,
  sessionTimeout: 28800,
  egressVlans: [{ vlan: 'voice', tagged: true }, { vlan: '20', tagged: false }],
  portVlan: 40,
  standard: [{ name: 'Idle-Timeout', value: '600' }],
  vendorSpecific: [{ name: 'Cisco-AVPair', value: 'shell:priv-lvl=15' }],
  userName: 'alice',
}

const VLAN_100 = `
  40 06 00 00000d             # Tunnel-Type (64), len 6, tag 0, VLAN (13)
  41 06 00 000006             # Tunnel-Medium-Type (65), len 6, tag 0, IEEE-802 (6)
  51 05 ${ascii('100')}       # Tunnel-Private-Group-Id (81), len 5, "100" (first octet > 0x1f: no tag)
`
const FILTER_ID = `0b 08 ${ascii('camera')}                       # Filter-Id (11), len 8, "camera"`
const ARUBA_ROLE = `1a 0e 000039e7 01 08 ${ascii('camera')}    # VSA len 14, Aruba (14823), Aruba-User-Role (1), len 8`
const CTS_SGT_16 = `1a 26 00000009 01 20 ${ascii('cts:security-group-tag=0010-00')}  # VSA len 38, Cisco (9), Cisco-AVPair (1), len 32, SGT 16`
const REST = `
  1b 06 00007080              # Session-Timeout (27), 28800 s
  1d 06 00000001              # Termination-Action (29), RADIUS-Request (1)
  3a 08 31 ${ascii('voice')}  # Egress-VLAN-Name (58), len 8, '1' tagged, "voice"
  38 06 32 000 014            # Egress-VLANID (56), 0x32 untagged, 12 zero bits, VID 20 (0x014)
  38 06 32 000 028            # Egress-VLANID (56), the port VLAN: untagged, VID 40 (0x028)
  1c 06 00000258              # Idle-Timeout (28), 600
  1a 19 00000009 01 13 ${ascii('shell:priv-lvl=15')}  # VSA len 25, Cisco (9), Cisco-AVPair (1), len 19
  01 07 ${ascii('alice')}     # User-Name (1), len 7, "alice"
`

const expected: Record<string, string> = {
  juniper: VLAN_100 + FILTER_ID + '\n' + CTS_SGT_16 + '\n' + REST,
  mist: VLAN_100 + FILTER_ID + '\n' + CTS_SGT_16 + '\n' + REST,
  cisco: VLAN_100 + FILTER_ID + '\n' + CTS_SGT_16 + '\n' + REST,
  aruba: VLAN_100 + ARUBA_ROLE + '\n' + REST,
  hp: VLAN_100 + ARUBA_ROLE + '\n' + REST,
  ietf: VLAN_100 + FILTER_ID + '\n' + REST,
}

describe('reply dialects, byte-exact', () => {
  it.each(Object.entries(expected))('%s', (vendor, octets) => {
    const reply = buildReply(dict, vendor, auth)
    expect(wire(reply.attributes).toString('hex')).toBe(hex(octets).toString('hex'))
    // Vendors without a documented GBP attribute report it instead of sending a guess.
    expect(reply.omitted).toEqual(['juniper', 'mist', 'cisco'].includes(vendor) ? [] : [`gbp-tag 16: no attribute for NAS vendor ${vendor}`])
  })

  it('Aruba gets a named VLAN as Aruba-Named-User-Vlan', () => {
    const reply = buildReply(dict, 'aruba', { vlan: 'employee-vlan', role: undefined })
    expect(wire(reply.attributes)).toEqual(hex(`1a 15 000039e7 09 0f ${ascii('employee-vlan')}  # VSA len 21, Aruba, Aruba-Named-User-Vlan (9), len 15`))
  })

  it('other vendors get a named VLAN in Tunnel-Private-Group-Id (L4633 "750 or employee-vlan")', () => {
    const reply = buildReply(dict, 'juniper', { vlan: 'employee-vlan', role: undefined })
    expect(wire(reply.attributes)).toEqual(hex(`40 06 00 00000d  41 06 00 000006  51 0f ${ascii('employee-vlan')}`))
  })

  it('the README demo reply is unchanged: VLAN 100 for an unset vendor', () => {
    expect(wire(buildReply(dict, undefined, { vlan: '100', role: undefined }).attributes)).toEqual(hex(VLAN_100))
  })

  it('a custom value the dictionary cannot encode is left out and reported, never thrown', () => {
    const reply = buildReply(dict, 'cisco', { vlan: undefined, role: undefined, standard: [{ name: 'Idle-Timeout', value: 'soon' }] })
    expect(reply.attributes).toEqual([])
    expect(reply.omitted[0]).toMatch(/Idle-Timeout/)
  })

  it.each([
    ['Juniper', 'juniper'], ['MIST', 'mist'], ['meraki', 'cisco'], ['ArubaOS', 'aruba'], ['HPE', 'hp'], ['aos-cx', 'hp'], [undefined, 'ietf'], ['Acme', 'ietf'],
  ])('vendor setting %s -> %s dialect', (setting, dialect) => expect(dialectOf(setting)).toBe(dialect))
})
