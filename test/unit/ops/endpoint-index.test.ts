// The in-memory endpoints database of a node (ops/cluster/endpoint-index.ts) fed entry by entry as
// the KV watch delivers them: lookups use the generation the pointer names, a switch replaces the
// whole set at once, late writes to a left generation are not kept, and keys or values that are
// not endpoints are dropped with a reason, never thrown.
import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import { EndpointIndex, type EndpointEntry } from '../../../ops/cluster/endpoint-index.js'
import { parseEndpointKey } from '../../../proto/wire/endpoint-keys.js'

const put = (key: string, value: unknown): EndpointEntry => ({ key, operation: 'PUT', value: new TextEncoder().encode(JSON.stringify(value)) })
const del = (key: string): EndpointEntry => ({ key, operation: 'DEL', value: new Uint8Array() })
const ep = (mac: string, name: string): Record<string, unknown> => ({ mac, name, labels: [] })

describe('endpoint keys', () => {
  it('names endpoints of the first generation, of later ones, and the pointer', () => {
    expect(parseEndpointKey('acme.020000000001')).toEqual({ kind: 'endpoint', org: 'acme', gen: '', mac: '020000000001' })
    expect(parseEndpointKey('acme.vabc123.020000000001')).toEqual({ kind: 'endpoint', org: 'acme', gen: 'vabc123', mac: '020000000001' })
    expect(parseEndpointKey('acme.gen.active')).toEqual({ kind: 'pointer', org: 'acme' })
    expect(parseEndpointKey('acme.gen.retired')).toEqual({ kind: 'retired', org: 'acme' })
    for (const k of ['acme', 'acme.02000000000', 'acme.02:00:00:00:00:01', 'acme.gen.020000000001', 'acme.v1.020000000001.x', 'a b.020000000001', '.020000000001', 'acme.V1.020000000001']) {
      expect(parseEndpointKey(k), k).toEqual({ kind: 'unknown' })
    }
  })

  it('never throws on arbitrary keys', () => {
    fc.assert(fc.property(fc.string(), (k) => { parseEndpointKey(k) }))
  })
})

describe('EndpointIndex', () => {
  it('serves the first generation until a pointer names another one, then only that one', () => {
    const x = new EndpointIndex()
    x.apply(put('acme.020000000001', ep('020000000001', 'old-1')))
    x.apply(put('acme.020000000002', ep('020000000002', 'old-2')))
    // An import writes its generation beside the old one: not visible yet.
    x.apply(put('acme.v1.020000000001', ep('020000000001', 'new-1')))
    x.apply(put('acme.v1.020000000003', ep('020000000003', 'new-3')))
    expect(x.endpoint('acme', '020000000001')?.name).toBe('old-1')
    expect(x.endpoint('acme', '020000000003')).toBeUndefined()
    // A single write touches the pointer without changing generation.
    x.apply(put('acme.gen.active', { gen: '' }))
    expect(x.endpoint('acme', '020000000002')?.name).toBe('old-2')
    x.apply(put('acme.gen.active', { gen: 'v1' }))
    expect(x.endpoint('acme', '020000000001')?.name).toBe('new-1')
    expect(x.endpoint('acme', '020000000002')).toBeUndefined()
    expect(x.endpoint('acme', '020000000003')?.name).toBe('new-3')
    expect(x.size('acme')).toBe(2)
    // A late write to the generation left behind stays invisible and is not kept.
    x.apply(put('acme.020000000009', ep('020000000009', 'late')))
    x.apply(put('acme.gen.active', { gen: '' }))
    expect(x.endpoint('acme', '020000000009')).toBeUndefined()
  })

  it('keeps orgs apart and applies deletes to their generation only', () => {
    const x = new EndpointIndex()
    x.apply(put('a.v1.020000000001', ep('020000000001', 'a')))
    x.apply(put('a.gen.active', { gen: 'v1' }))
    x.apply(put('b.020000000001', ep('020000000001', 'b')))
    expect(x.endpoint('a', '020000000001')?.name).toBe('a')
    expect(x.endpoint('b', '020000000001')?.name).toBe('b')
    x.apply(del('a.v1.020000000001'))
    expect(x.endpoint('a', '020000000001')).toBeUndefined()
    expect(x.endpoint('b', '020000000001')?.name).toBe('b')
  })

  it('forgets the generation of a failed import when told, never the one in use', () => {
    const x = new EndpointIndex()
    x.apply(put('acme.020000000001', ep('020000000001', 'old')))
    // An import wrote part of v2, then gave up: its keys are purged without markers.
    x.apply(put('acme.v2.020000000001', ep('020000000001', 'half')))
    x.apply(put('acme.v2.020000000002', ep('020000000002', 'half')))
    expect(x.generations('acme').sort()).toEqual(['', 'v2'])
    x.apply(put('acme.gen.retired', { gen: 'v2' }))
    expect(x.generations('acme')).toEqual([''])
    // A straggler of that import is not kept either.
    x.apply(put('acme.v2.020000000003', ep('020000000003', 'late')))
    expect(x.generations('acme')).toEqual([''])
    expect(x.endpoint('acme', '020000000001')?.name).toBe('old')
    // A retired key naming the generation in use changes nothing.
    x.apply(put('acme.gen.retired', { gen: '' }))
    expect(x.endpoint('acme', '020000000001')?.name).toBe('old')
    expect(x.apply(put('acme.gen.retired', { gen: '../x' }))).toBe('bad-pointer')
  })

  it('drops what is not an endpoint with a reason, keeping what it had', () => {
    const x = new EndpointIndex()
    x.apply(put('a.020000000001', ep('020000000001', 'kept')))
    expect(x.apply(put('a.gen.active', { gen: '../x' }))).toBe('bad-pointer')
    expect(x.apply({ key: 'a.gen.active', operation: 'PUT', value: new Uint8Array([0xff, 0x00]) })).toBe('bad-pointer')
    expect(x.apply({ key: 'a.020000000001', operation: 'PUT', value: new TextEncoder().encode('{') })).toBe('bad-value')
    expect(x.apply(put('a.b.c.d', {}))).toBe('unknown-key')
    expect(x.endpoint('a', '020000000001')?.name).toBe('kept')
  })
})
