// RadSec NAS devices through the admin API against a real nats-server: register, read, replace,
// remove; errors naming the field and rule (name is a certificate CN token, site exists, vendor
// known, MAC well-formed); and the registration reaching what a gateway applies (its snapshot).
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { ConfigWatcher } from '../../../ops/cluster/config-watcher.js'
import { readOrg } from '../../../ops/cluster/config-store.js'
import { call, startWatchedApiFixture, type ApiFixture } from './api-fixture.js'

const base = '/api/v1/orgs/alpha/nas-devices'
type Details = { details: Array<{ path: string; rule: string }> }

describe('NAS device routes', () => {
  let f: ApiFixture
  let watcher: ConfigWatcher
  let stop: (() => Promise<void>) | undefined

  beforeAll(async () => {
    ({ f, watcher, stop } = await startWatchedApiFixture())
  })
  afterAll(async () => {
    await stop?.()
  })

  it('registers a NAS by its certificate CN and site, and the gateway snapshot carries its vendor', async () => {
    const token = f.tokens.alphaAdmin
    const r = await call(f, 'POST', base, { token, body: { name: 'ap-lobby-1', site: 'lab', vendor: 'aruba', mac: '5C-5B-35-00-00-01', description: 'lobby AP' } })
    expect(r.status, r.text).toBe(201)
    const got = await call(f, 'GET', `${base}/ap-lobby-1`, { token: f.tokens.alphaRead })
    expect(got.json).toEqual({ name: 'ap-lobby-1', site: 'lab', vendor: 'aruba', mac: '5c5b35000001', description: 'lobby AP' })
    expect(got.headers['etag']).toBe(`"${(r.json as { revision: number }).revision}"`)
    expect(((await call(f, 'GET', base, { token })).json as { items: unknown[] }).items).toEqual([got.json])
    await expect.poll(() => watcher.gatewaySnapshot().orgs.get('alpha')?.nasDevices, { timeout: 10_000 })
      .toEqual([{ name: 'ap-lobby-1', site: 'lab', vendor: 'aruba' }])
    expect((await call(f, 'POST', base, { token, body: { name: 'ap-lobby-1', site: 'lab' } })).status).toBe(409)
  })

  it('replaces and removes a registration; other parts of the org document stay', async () => {
    const token = f.tokens.alphaAdmin
    const before = (await readOrg(f.topo.config, 'alpha'))!.value
    const put = await call(f, 'PUT', `${base}/sw-core-1`, { token, body: { site: 'lab', vendor: 'juniper' } })
    expect(put.status, put.text).toBe(200)
    expect((await call(f, 'PUT', `${base}/sw-core-1`, { token, body: { site: 'lab', vendor: 'hpe' } })).status).toBe(200)
    expect((await call(f, 'GET', `${base}/sw-core-1`, { token })).json).toEqual({ name: 'sw-core-1', site: 'lab', vendor: 'hpe' })
    expect((await call(f, 'DELETE', `${base}/ap-lobby-1`, { token })).status).toBe(200)
    expect((await call(f, 'GET', `${base}/ap-lobby-1`, { token })).status).toBe(404)
    const after = (await readOrg(f.topo.config, 'alpha'))!.value
    expect(after.nasDevices).toEqual([{ name: 'sw-core-1', site: 'lab', vendor: 'hpe' }])
    expect({ ...after, nasDevices: undefined }).toEqual({ ...before, nasDevices: undefined })
    await expect.poll(() => watcher.gatewaySnapshot().orgs.get('alpha')?.nasDevices, { timeout: 10_000 })
      .toEqual([{ name: 'sw-core-1', site: 'lab', vendor: 'hpe' }])
  })

  it('refuses bad registrations with the field and the rule, storing nothing', async () => {
    const token = f.tokens.alphaAdmin
    const revision = (await readOrg(f.topo.config, 'alpha'))!.revision
    const cases: Array<[Record<string, unknown>, string, string]> = [
      [{ name: 'ap 2', site: 'lab' }, 'nasDevices[1].name', 'token'],
      [{ name: 'ap-2', site: 'nowhere' }, 'nasDevices[1].site', 'site-exists'],
      [{ name: 'ap-2', site: 'lab', vendor: 'acme' }, 'nasDevices[1].vendor', 'nas-vendor'],
      [{ name: 'ap-2', site: 'lab', mac: '5c:5b:35' }, 'nasDevices[1].mac', 'mac'],
      [{ name: 'ap-2' }, 'nasDevices[new].site', 'required'],
      [{ name: 'ap-2', site: 'lab', model: 'x' }, 'nasDevices[new].model', 'unknown-key'],
    ]
    for (const [body, path, rule] of cases) {
      const r = await call(f, 'POST', base, { token, body })
      expect(r.status, JSON.stringify(body)).toBe(400)
      expect((r.json as Details).details, JSON.stringify(body)).toContainEqual(expect.objectContaining({ path, rule }))
    }
    const other = await call(f, 'PUT', `${base}/sw-core-1`, { token, body: { name: 'sw-core-2', site: 'lab' } })
    expect((other.json as Details).details).toEqual([expect.objectContaining({ path: 'name' })])
    expect((await readOrg(f.topo.config, 'alpha'))!.revision).toBe(revision)
  })

  it('refuses removing a site that a registered NAS device stands in, and allows it once the device moved', async () => {
    const token = f.tokens.alphaAdmin
    const sites = (await call(f, 'GET', '/api/v1/orgs/alpha/sites', { token })).json as { items: Array<{ id: string }> }
    expect(sites.items.map((x) => x.id)).toContain('lab')
    const revision = (await readOrg(f.topo.config, 'alpha'))!.revision
    const del = await call(f, 'DELETE', '/api/v1/orgs/alpha/sites/lab', { token })
    expect(del.status, del.text).toBe(400)
    expect((del.json as Details).details).toContainEqual(expect.objectContaining({ path: 'nasDevices[0].site', rule: 'site-exists' }))
    expect((await readOrg(f.topo.config, 'alpha'))!.revision).toBe(revision)
    // Once the device is gone, only the RADIUS client's own reference to the site remains.
    expect((await call(f, 'DELETE', `${base}/sw-core-1`, { token })).status).toBe(200)
    const again = await call(f, 'DELETE', '/api/v1/orgs/alpha/sites/lab', { token })
    expect(again.status, again.text).toBe(400)
    expect((again.json as Details).details.some((d) => d.path.startsWith('nasDevices'))).toBe(false)
  })
})
