// CSV import of endpoints through the HTTPS API against a real nats-server: 10,000 rows stored and
// every one readable (API pages and a node's watched memory), a file with one bad line stores
// nothing, a node's lookups see the whole old set or the whole new one while an import runs, and
// single writes racing an import are all kept; an import that fails leaves no generation behind
// in KV or in a node's memory.
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { ConfigWatcher } from '../../../ops/cluster/config-watcher.js'
import { importEndpoints, listEndpointMacs, readEndpoint } from '../../../ops/cluster/config-store.js'
import { endpointPointerKey, endpointRetiredKey } from '../../../proto/wire/endpoint-keys.js'
import { CLUSTER_KEY, call, startApiFixture, type ApiFixture } from './api-fixture.js'

const ROWS = 10_000
const base = '/api/v1/orgs/alpha/endpoints'

/** 12 lower-case hex digits of `n` under a prefix (one test's MACs never meet another's). */
const macOf = (prefix: number, n: number): string => (prefix * 2 ** 32 + n).toString(16).padStart(12, '0')
const dashed = (mac: string): string => mac.replace(/(..)(?!$)/g, '$1-').toUpperCase()

function csv(rows: Array<{ mac: string; name: string; vlan?: string }>): string {
  return `mac,name,role,vlan,labels,description\n${rows.map((r) => `${dashed(r.mac)},${r.name},iot,${r.vlan ?? ''},alpha-label;x,"row ${r.name}, imported"`).join('\n')}\n`
}

describe('endpoint CSV import through the API', () => {
  let f: ApiFixture
  let watcher: ConfigWatcher
  const errors: unknown[] = []

  beforeAll(async () => {
    f = await startApiFixture()
    watcher = new ConfigWatcher({ config: f.topo.config, endpoints: f.topo.endpoints, clusterKey: CLUSTER_KEY, onError: (err) => errors.push(err) })
    await watcher.start()
  })
  afterAll(async () => {
    watcher?.stop()
    await f?.stop()
  })

  it(`imports ${ROWS.toLocaleString('en')} endpoints, every one readable by MAC, in pages and in a node's memory`, async () => {
    const token = f.tokens.alphaAdmin
    const rows = Array.from({ length: ROWS }, (_, i) => ({ mac: macOf(0x10, i), name: `dev-${i}`, vlan: String((i % 4094) + 1) }))
    const r = await call(f, 'POST', `${base}/import`, { token, body: csv(rows) })
    expect(r.status, r.text).toBe(200)
    expect(r.json).toEqual(expect.objectContaining({ imported: ROWS, kept: 0 }))

    const byMac = new Map<string, Record<string, unknown>>()
    let after: string | undefined
    for (let pages = 0; pages <= ROWS / 1000; pages++) {
      const page = await call(f, 'GET', `${base}?limit=1000${after === undefined ? '' : `&after=${after}`}`, { token: f.tokens.alphaRead })
      expect(page.status).toBe(200)
      const body = page.json as { items: Array<Record<string, unknown>>; next?: string }
      for (const e of body.items) byMac.set(e['mac'] as string, e)
      if (body.next === undefined) break
      after = body.next
    }
    expect(byMac.size).toBe(ROWS)
    for (const [i, row] of rows.entries()) {
      expect(byMac.get(row.mac), row.mac).toEqual({
        mac: row.mac, name: `dev-${i}`, role: 'iot', vlan: row.vlan, labels: ['alpha-label', 'x'], description: `row dev-${i}, imported`,
      })
    }
    // One by MAC in another spelling, through the single-endpoint route.
    const one = await call(f, 'GET', `${base}/${rows[4321]!.mac.replace(/(..)(?!$)/g, '$1:')}`, { token })
    expect((one.json as { name: string }).name).toBe('dev-4321')

    // A node's memory (what client actors read) has all of them once it applied the switch.
    const revision = (r.json as { revision: number }).revision
    await expect.poll(() => watcher.applied.endpoints >= revision, { timeout: 30_000 }).toBe(true)
    const missing = rows.filter((row, i) => watcher.endpoint('alpha', row.mac)?.name !== `dev-${i}`)
    expect(missing.length).toBe(0)
    expect(errors).toEqual([])
  })

  it('stores nothing from a file with one bad line among 10,000, and says which line', async () => {
    const token = f.tokens.alphaAdmin
    const before = await listEndpointMacs(f.topo.endpoints, 'alpha')
    const rows = Array.from({ length: ROWS }, (_, i) => ({ mac: macOf(0x20, i), name: `bad-${i}` }))
    const text = csv(rows).split('\n')
    // Line 1 is the header, so text[7001] is line 7,002.
    text[7001] = text[7001]!.replace(/^[^,]+/, '02-00-00-00-00-GG')
    const r = await call(f, 'POST', `${base}/import`, { token, body: text.join('\n') })
    expect(r.status).toBe(400)
    expect((r.json as { details: Array<{ line: number; rule: string }> }).details.map((d) => [d.line, d.rule])).toEqual([[7002, 'mac']])
    expect(await listEndpointMacs(f.topo.endpoints, 'alpha')).toEqual(before)
    expect(await readEndpoint(f.topo.endpoints, 'alpha', rows[0]!.mac)).toBeUndefined()
    expect(watcher.endpoint('alpha', rows[0]!.mac)).toBeUndefined()
  })

  it("leaves nothing of a failed import in KV or in a node's memory", async () => {
    const kv = f.topo.endpoints
    const before = await listEndpointMacs(kv, 'alpha')
    // The pointer switch fails with something other than a revision conflict (a lost connection).
    const failing = new Proxy(kv, {
      get(target, prop) {
        const v: unknown = Reflect.get(target, prop, target)
        if ((prop === 'update' || prop === 'create') && typeof v === 'function') {
          return (key: string, ...rest: unknown[]) => (key === endpointPointerKey('alpha')
            ? Promise.reject(new Error('injected: the pointer write was lost'))
            : (v as (...a: unknown[]) => Promise<number>).call(target, key, ...rest))
        }
        return typeof v === 'function' ? (v as (...a: unknown[]) => unknown).bind(target) : v
      },
    })
    const rows = Array.from({ length: 200 }, (_, i) => ({ mac: macOf(0x30, i), name: `lost-${i}`, role: undefined, vlan: undefined, labels: [], description: undefined }))
    await expect(importEndpoints(failing, 'alpha', rows)).rejects.toThrow('injected')
    expect(await listEndpointMacs(kv, 'alpha')).toEqual(before)
    // The node applied the import's puts before the retired key (stream order); after it, it holds
    // only the generation in use.
    const retired = await kv.get(endpointRetiredKey('alpha'))
    if (retired === null) throw new Error('no retired key')
    const deadline = Date.now() + 5000
    while (watcher.applied.endpoints < retired.revision && Date.now() < deadline) await new Promise((r) => setTimeout(r, 20))
    expect(watcher.applied.endpoints).toBeGreaterThanOrEqual(retired.revision)
    expect(watcher.endpointGenerations('alpha')).toHaveLength(1)
    expect(watcher.endpoint('alpha', rows[0]!.mac)).toBeUndefined()
  })

  it("shows a node's lookups the whole old set or the whole new one while an import runs", async () => {
    const token = f.tokens.alphaAdmin
    const n = 5_000
    const replaced = Array.from({ length: n }, (_, i) => ({ mac: macOf(0x30, i), name: `old-${i}` }))
    const seeded = await call(f, 'POST', `${base}/import`, { token, body: csv(replaced) })
    expect(seeded.status, seeded.text).toBe(200)
    await expect.poll(() => watcher.applied.endpoints >= (seeded.json as { revision: number }).revision, { timeout: 30_000 }).toBe(true)

    const next = [...replaced.map((r, i) => ({ mac: r.mac, name: `new-${i}` })), ...Array.from({ length: n }, (_, i) => ({ mac: macOf(0x31, i), name: `added-${i}` }))]
    const states = new Set<string>()
    let sampling = true
    // Each sample reads every MAC of both halves in one synchronous pass: between two watch
    // deliveries, so it sees exactly what a client actor would see at that moment.
    const sampler = (async () => {
      while (sampling) {
        let renamed = 0
        let added = 0
        for (const r of next) {
          const e = watcher.endpoint('alpha', r.mac)
          if (e?.name !== r.name) continue
          if (r.name.startsWith('new-')) renamed++
          else added++
        }
        states.add(`${renamed}/${added}`)
        await new Promise((res) => setImmediate(res))
      }
    })()
    const r = await call(f, 'POST', `${base}/import`, { token, body: csv(next) })
    expect(r.status, r.text).toBe(200)
    await expect.poll(() => watcher.applied.endpoints >= (r.json as { revision: number }).revision, { timeout: 30_000 }).toBe(true)
    await new Promise((res) => setImmediate(res))
    sampling = false
    await sampler
    // Before: none renamed, none added; after: all of both. Nothing in between, ever.
    expect([...states].sort()).toEqual(['0/0', `${n}/${n}`].sort())
    // The endpoints imported earlier (other tests) were carried over into the new set.
    expect((r.json as { kept: number }).kept).toBeGreaterThanOrEqual(ROWS)
    expect(watcher.endpoint('alpha', macOf(0x10, 1))?.name).toBe('dev-1')
  })

  it('keeps every single-endpoint write made while an import runs', async () => {
    const token = f.tokens.alphaAdmin
    const rows = Array.from({ length: ROWS }, (_, i) => ({ mac: macOf(0x40, i), name: `bulk-${i}` }))
    let done = false
    const importing = call(f, 'POST', `${base}/import`, { token, body: csv(rows) }).finally(() => { done = true })
    // Written one after another for as long as the import runs (and one more after it).
    const singles: string[] = []
    for (let i = 0; ; i++) {
      const last = done
      const mac = macOf(0x41, i)
      const w = await call(f, 'PUT', `${base}/${mac}`, { token, body: { name: `single-${i}` } })
      expect(w.status, w.text).toBe(200)
      singles.push(mac)
      if (last) break
    }
    const r = await importing
    expect(r.status, r.text).toBe(200)
    expect(singles.length).toBeGreaterThan(1)
    for (const [i, mac] of singles.entries()) expect((await readEndpoint(f.topo.endpoints, 'alpha', mac))?.value.name, mac).toBe(`single-${i}`)
    await expect.poll(() => singles.every((mac, i) => watcher.endpoint('alpha', mac)?.name === `single-${i}`), { timeout: 30_000 }).toBe(true)
    expect(watcher.endpoint('alpha', rows[9_999]!.mac)?.name).toBe('bulk-9999')
  })
})
