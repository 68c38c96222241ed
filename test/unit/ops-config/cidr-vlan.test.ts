// CIDR parsing for RADIUS clients and VLAN values: tables, and node:net's BlockList as the
// independent checker of the network a prefix covers.
import { BlockList } from 'node:net'
import { describe, expect, it } from 'vitest'
import { parseCidr, vlanProblem } from '../../../ops/config/index.js'

describe('parseCidr', () => {
  it.each([
    ['10.7.50.0/24', 4, 24, '0a073200/24'],
    ['127.0.0.1', 4, 32, '7f000001/32'],
    ['0.0.0.0/0', 4, 0, '00000000/0'],
    ['2001:db8::/32', 6, 32, '20010db8000000000000000000000000/32'],
    ['::1', 6, 128, '00000000000000000000000000000001/128'],
    ['::ffff:10.0.0.0/104', 6, 104, '00000000000000000000ffff0a000000/104'],
    ['fe80:0:0:0:0:0:0:0/10', 6, 10, 'fe800000000000000000000000000000/10'],
  ])('%s', (text, family, prefix, key) => {
    const r = parseCidr(text)
    expect(r).toMatchObject({ ok: true, value: { family, prefix, key } })
  })

  it.each(['10.7.50.1/24', '10.0.0.0/33', '10.0.0/8', '2001:db8::1/32', '2001:db8::/129', 'fe80::1%eth0/128', 'x', '10.0.0.0/', '10.0.0.0/08a', ''])(
    'refuses %j', (text) => {
      expect(parseCidr(text).ok).toBe(false)
    })

  it('the network it describes is the one BlockList sees', () => {
    for (const [text, inside, outside] of [
      ['10.7.50.0/24', '10.7.50.255', '10.7.51.0'],
      ['2001:db8::/32', '2001:db8:ffff::1', '2001:db9::'],
    ] as const) {
      const r = parseCidr(text)
      if (!r.ok) throw new Error(r.problem)
      const family = r.value.family === 4 ? 'ipv4' : 'ipv6'
      const bl = new BlockList()
      bl.addSubnet(text.split('/')[0]!, r.value.prefix, family)
      expect(bl.check(inside, family)).toBe(true)
      expect(bl.check(outside, family)).toBe(false)
    }
  })
})

describe('vlanProblem', () => {
  it.each(['1', '100', '4094', 'employee-vlan', 'VLAN_0', 'corp.v2', '{{vlan0}}'])('accepts %j', (v) => {
    expect(vlanProblem(v)).toBeUndefined()
  })
  it.each(['0', '4095', '99999', '', 'employee vlan', '-x', '{{}}', '{{a b}}', 'x'.repeat(33)])('refuses %j', (v) => {
    expect(vlanProblem(v)).toBeDefined()
  })
})
