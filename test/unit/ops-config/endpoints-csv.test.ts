// Endpoint CSV import (requirements §4.4): RFC 4180 quoting (embedded commas, quotes, line
// breaks, CRLF), header required, one error per bad line with line, column and rule, all or
// nothing, MAC spellings canonical (§4.3), duplicates refused, and 100,000 rows (timed in
// bench/micro/endpoints-csv.bench.ts).
import { describe, expect, it } from 'vitest'
import { ENDPOINTS_CSV_SAMPLE, parseEndpointsCsv, type CsvRule } from '../../../ops/config/endpoints-csv.js'
import { readCsv } from '../../../ops/config/csv-records.js'

describe('readCsv (RFC 4180)', () => {
  it('reads quoted fields with commas, doubled quotes and line breaks, CRLF and LF', () => {
    const r = readCsv('a,"b,c","say ""hi"""\r\n"multi\r\nline",,x\nlast')
    expect(r).toEqual({ ok: true, records: [
      { line: 1, fields: ['a', 'b,c', 'say "hi"'] },
      { line: 2, fields: ['multi\r\nline', '', 'x'] },
      { line: 4, fields: ['last'] },
    ] })
  })
  it('skips blank lines and a BOM', () => {
    expect(readCsv('\ufeffmac\r\n\r\n1\r\n')).toEqual({ ok: true, records: [{ line: 1, fields: ['mac'] }, { line: 3, fields: ['1'] }] })
  })
  it.each([
    ['a,"open\nno close', 1, /not closed/],
    ['a,b\nc,d"e', 2, /quote inside an unquoted field/],
    ['a,"b"c', 1, /after a closing quote/],
  ])('refuses %j at line %i', (text, line, problem) => {
    const r = readCsv(text)
    expect(r.ok).toBe(false)
    if (!r.ok) {
      expect(r.line).toBe(line)
      expect(r.problem).toMatch(problem)
    }
  })
  it('gives the same records for any chunking of the same text (no hidden state)', () => {
    const text = ENDPOINTS_CSV_SAMPLE
    expect(readCsv(text)).toEqual(readCsv(text.split('').join('')))
  })
})

describe('parseEndpointsCsv', () => {
  it('the sample file imports', () => {
    expect(parseEndpointsCsv(ENDPOINTS_CSV_SAMPLE)).toEqual({ ok: true, endpoints: [
      { mac: '020000000001', name: 'demo-sensor', role: 'demo-iot', vlan: '100', labels: ['iot', 'floor2'], description: 'Sensor, lobby' },
      { mac: '1122aa33bb44', name: 'printer-3', role: undefined, vlan: 'employee-vlan', labels: ['printer'], description: undefined },
    ] })
  })

  it('accepts columns in any order, a subset with mac, and every MAC spelling', () => {
    const r = parseEndpointsCsv('Labels,MAC\n"a;b",AA-BB-CC-DD-EE-01\n,aabb.ccdd.ee02\n,AABBCCDDEE03\n,aa:bb:cc:dd:ee:04\n')
    expect(r.ok && r.endpoints.map((e) => [e.mac, e.labels])).toEqual([
      ['aabbccddee01', ['a', 'b']], ['aabbccddee02', []], ['aabbccddee03', []], ['aabbccddee04', []],
    ])
  })

  const bad: Array<[string, string, Array<[number, string | undefined, keyof typeof CsvRule]>]> = [
    ['no header mac column', 'name,vlan\nx,1\n', [[1, 'mac', 'header']]],
    ['unknown column', 'mac,colour\n020000000001,red\n', [[1, 'colour', 'header']]],
    ['column twice', 'mac,name,MAC\n1,2,3\n', [[1, 'mac', 'header']]],
    ['header only', 'mac,name\r\n', [[1, undefined, 'empty']]],
    ['empty file', '', [[1, undefined, 'empty']]],
    ['bad quote', 'mac,name\n020000000001,"x\n', [[2, undefined, 'syntax']]],
    ['one error per bad line, with its line and column', [
      'mac,name,role,vlan,labels,description',
      '02:00:00:00:00:01,a,,100,,',
      'not-a-mac,b,,100,,',
      '02:00:00:00:00:02,c,,4095,,',
      '02:00:00:00:00:03,d,,,iot;;x,',
      '02-00-00-00-00-01,e,,,,',
      '02:00:00:00:00:04,too,few',
      ',f,,,,',
    ].join('\r\n'), [[3, 'mac', 'mac'], [4, 'vlan', 'vlan'], [5, 'labels', 'labels'], [6, 'mac', 'duplicate'], [7, undefined, 'field-count'], [8, 'mac', 'mac']]],
  ]
  it.each(bad)('%s', (_t, text, expected) => {
    const r = parseEndpointsCsv(text)
    expect(r.ok).toBe(false)
    // All or nothing: no endpoints are returned next to errors.
    expect(r).not.toHaveProperty('endpoints')
    if (!r.ok) expect(r.errors.map((e) => [e.line, e.column, e.rule])).toEqual(expected)
  })

  it('the duplicate error names the first line', () => {
    const r = parseEndpointsCsv('mac\n020000000001\n02:00:00:00:00:01\n')
    expect(!r.ok && r.errors[0]?.message).toMatch(/line 2/)
  })

  it('imports 100,000 generated rows', () => {
    const lines = ['mac,name,role,vlan,labels,description']
    for (let i = 0; i < 100_000; i++) {
      const mac = (0x020000000000 + i).toString(16).padStart(12, '0').replace(/(..)(?!$)/g, '$1:')
      lines.push(`${mac},dev-${i},iot,${(i % 4094) + 1},floor${i % 7};iot,"row ${i}, generated"`)
    }
    const r = parseEndpointsCsv(lines.join('\r\n'))
    expect(r.ok).toBe(true)
    if (!r.ok) return
    expect(r.endpoints).toHaveLength(100_000)
    expect(r.endpoints[99_999]).toEqual({ mac: '02000001869f', name: 'dev-99999', role: 'iot', vlan: '1744', labels: ['floor4', 'iot'], description: 'row 99999, generated' })
  })
})
