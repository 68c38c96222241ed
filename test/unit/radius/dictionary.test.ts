// Dictionary parsing (FreeRADIUS 3.2 format): the whole repo set, every line form, lookups.
import { existsSync, readFileSync, readdirSync } from 'node:fs'
import { describe, expect, it } from 'vitest'
import { Dictionary } from '../../../proto/radius/index.js'
import { dictionaryDirectory, loadDictionary } from '../../../ops/radius/dictionary-files.js'

const inline = (files: Record<string, string>) => Dictionary.parse('main', (n) => {
  const f = files[n]
  if (f === undefined) throw new Error(`no ${n}`)
  return f
})

describe('repo dictionaries', () => {
  it('parse with no error and no warning, every file reached from the root', () => {
    const seen = new Set<string>()
    const d = Dictionary.parse('dictionary', (n) => {
      seen.add(n)
      return readFileSync(`${dictionaryDirectory()}/${n}`, 'utf8')
    })
    expect(d.warnings).toEqual([])
    const onDisk = readdirSync(dictionaryDirectory()).filter((f) => f.startsWith('dictionary'))
    expect([...seen].sort()).toEqual(onDisk.sort())
    expect(d.attribute('Tunnel-Password')?.encrypt).toBe(2)
  })

  it('keep their CC-BY 4.0 headers', () => {
    for (const f of readdirSync(dictionaryDirectory()).filter((x) => x.startsWith('dictionary.'))) {
      expect(readFileSync(`${dictionaryDirectory()}/${f}`, 'utf8').slice(0, 400), f).toMatch(/CC-BY|Copyright|FreeRADIUS|\$Id/)
    }
  })

  it('loadDictionary caches and resolves the hot attributes', () => {
    const d = loadDictionary()
    expect(loadDictionary()).toBe(d)
    expect(d.attribute('user-name')?.code).toEqual([1])
    expect(d.attribute('Cisco-AVPair')).toMatchObject({ vendor: 9, code: [26, 1], type: 'string' })
    expect(d.attribute('MS-MPPE-Send-Key')).toMatchObject({ vendor: 311, code: [26, 16], encrypt: 2 })
    expect(d.attribute('Tunnel-Type')).toMatchObject({ hasTag: true, type: 'integer' })
    expect(d.attribute('EAP-Message')?.concat).toBe(true)
    expect(d.attribute('Frag-Status')?.code).toEqual([241, 1])
    expect(d.attribute('IP-Port-Type')?.code).toEqual([241, 5, 1])
    expect(d.attribute('FreeRADIUS-802.1X-Anonce')).toMatchObject({ vendor: 11344, code: [245, 26, 1] })
    expect(d.vendor('USR')).toMatchObject({ id: 429, typeSize: 4, lengthSize: 0 })
    expect(d.vendor('Lucent')).toMatchObject({ typeSize: 2, lengthSize: 1 })
    expect(d.vendor('WiMAX')).toMatchObject({ continuation: true })
    expect(d.value('Service-Type', 'Framed-User')).toBe(2)
    expect(d.valueName('Tunnel-Type', 13)).toBe('VLAN')
    expect(d.byCode(0, [79])?.name).toBe('EAP-Message')
    expect(d.byCode(14823, [26, 1])?.name).toBe('Aruba-User-Role')
    expect(d.attribute('Juniper-Junosspace-Profile')?.type).toBe('string') // "String" in the file
    expect(d.attribute('ARAP-Password')?.fixedLength).toBe(16)
  })

  it.runIf(existsSync('/usr/share/freeradius/dictionary'))('the whole FreeRADIUS 3.2 tree parses too (installed copy)', () => {
    const d = Dictionary.parse('dictionary', (n) => readFileSync(`/usr/share/freeradius/${n}`, 'utf8'))
    expect(d.warnings).toEqual([])
    const wichorus = Dictionary.parse('dictionary.wimax.wichorus', (n) => readFileSync(`/usr/share/freeradius/${n}`, 'utf8'))
    expect(wichorus.attribute('WiMAX-Release')?.code).toEqual([26, 1, 1])
  })
})

describe('line forms', () => {
  const d = inline({
    main: [
      '# comment',
      '$INCLUDE sub/extra',
      '$INCLUDE- missing-optional',
      'ATTRIBUTE\tUser-Name\t1\tstring # trailing comment',
      'ATTRIBUTE Pw 2 string encrypt=1',
      'ATTRIBUTE Tun 64 integer has_tag',
      'ATTRIBUTE Odd 99 octets[4] weird_flag,other=3',
      'ATTRIBUTE Ext 241 extended',
      'ATTRIBUTE Ext-Tlv 241.5 tlv',
      'BEGIN-TLV Ext-Tlv',
      'ATTRIBUTE Ext-Tlv-A 1 integer',
      'END-TLV Ext-Tlv',
      'VENDOR Acme 99999 format=2,1',
      'VENDOR Wide 42 format=4,0',
      'VENDOR Cont 7 format=1,1,c',
      'ATTRIBUTE Legacy-Acme 5 ipaddr Acme',
      'BEGIN-VENDOR Acme',
      'ATTRIBUTE Acme-Role 300 string',
      'ATTRIBUTE Acme-Group 3 tlv',
      'ATTRIBUTE Acme-Group-Id 3.1 short',
      'END-VENDOR Acme',
      'BEGIN-VENDOR Acme format=Extended-Vendor-Specific-5',
      'ATTRIBUTE Acme-Long 1 octets',
      'END-VENDOR Acme',
      'VALUE Tun VLAN 13',
      'VALUE Tun Hex 0x0e',
      'FUTURE-KEYWORD x',
    ].join('\n'),
    'sub/extra': 'ATTRIBUTE From-Sub 200 ipv6prefix\n',
  })
  it('parses every form', () => {
    expect(d.attribute('From-Sub')?.type).toBe('ipv6prefix')
    expect(d.attribute('Pw')?.encrypt).toBe(1)
    expect(d.attribute('Tun')?.hasTag).toBe(true)
    expect(d.attribute('Odd')).toMatchObject({ fixedLength: 4, flags: { weird_flag: '', other: '3' } })
    expect(d.attribute('Ext-Tlv-A')?.code).toEqual([241, 5, 1])
    expect(d.attribute('Legacy-Acme')).toMatchObject({ vendor: 99999, code: [26, 5] })
    expect(d.attribute('Acme-Role')).toMatchObject({ vendor: 99999, code: [26, 300] })
    expect(d.attribute('Acme-Group-Id')).toMatchObject({ vendor: 99999, code: [26, 3, 1] })
    expect(d.attribute('Acme-Long')).toMatchObject({ vendor: 99999, code: [245, 26, 1] })
    expect(d.vendor('Wide')).toMatchObject({ typeSize: 4, lengthSize: 0, continuation: false })
    expect(d.vendor('cont')?.continuation).toBe(true)
    expect(d.value('Tun', 'hex')).toBe(14)
    expect(d.valueName('Tun', 13)).toBe('VLAN')
    expect(d.warnings.some((w) => w.includes('weird_flag'))).toBe(true)
    expect(d.warnings.some((w) => w.includes('FUTURE-KEYWORD'))).toBe(true)
    expect(d.warnings.some((w) => w.includes('optional include'))).toBe(true)
  })
  it('malformed lines throw with file:line', () => {
    expect(() => inline({ main: 'ATTRIBUTE X' })).toThrow(/main:1/)
    expect(() => inline({ main: 'BEGIN-VENDOR Nobody' })).toThrow(/unknown vendor/)
    expect(() => inline({ main: 'VENDOR A 1\nBEGIN-VENDOR A' })).toThrow(/END-VENDOR/)
    expect(() => inline({ main: 'VENDOR A 1 format=3,1' })).toThrow(/format/)
    expect(() => inline({ main: 'ATTRIBUTE X 1 string encrypt=9' })).toThrow(/encrypt/)
    expect(() => inline({ main: '$INCLUDE main' })).toThrow(/loop/)
    expect(() => inline({ main: 'END-TLV X' })).toThrow(/END-TLV/)
  })
})
