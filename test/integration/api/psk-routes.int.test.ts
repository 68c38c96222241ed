// PSK keys and PSK WLANs through the admin API against a real nats-server (requirements §1.7):
// CRUD, passphrases write-only (never in an answer, sealed in KV, kept when not given again),
// errors naming the field and the rule, and a node's memory holding the keys ready to answer.
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { ConfigWatcher } from '../../../ops/cluster/config-watcher.js'
import { readOrg } from '../../../ops/cluster/config-store.js'
import { unseal } from '../../../ops/secrets/index.js'
import { CLUSTER_KEY, call, startWatchedApiFixture, type ApiFixture } from './api-fixture.js'

const keys = '/api/v1/orgs/alpha/psks/keys'
const wlans = '/api/v1/orgs/alpha/psks/wlans'
const PASS = 'Corr3ct-Horse-Battery'
const DEFAULT = 'guest-default-psk'

type Details = { details: Array<{ path: string; rule: string }> }

describe('PSK routes', () => {
  let f: ApiFixture
  let watcher: ConfigWatcher
  let stop: (() => Promise<void>) | undefined

  beforeAll(async () => {
    ({ f, watcher, stop } = await startWatchedApiFixture())
  })
  afterAll(async () => {
    await stop?.()
  })

  it('adds a WLAN and a key (name, SSID, VLAN, passphrase, expiry, role, usage, MACs) and reads them without secrets', async () => {
    const token = f.tokens.alphaAdmin
    expect((await call(f, 'POST', wlans, { token, body: { ssid: 'corp-psk', security: 'wpa2', defaultPsk: DEFAULT, defaultVlan: '998' } })).status).toBe(201)
    const added = await call(f, 'POST', keys, {
      token,
      body: { name: 'NAC PPSK Key 01', ssid: 'corp-psk', vlan: '100', passphrase: PASS, expires: '2031-06-30T12:00:00Z', role: 'Developer', usage: 'single', macs: ['82f56e39687b', '0E-A5*'] },
    })
    expect(added.status, added.text).toBe(201)

    const read = await call(f, 'GET', `${keys}/${encodeURIComponent('NAC PPSK Key 01')}`, { token: f.tokens.alphaRead })
    expect(read.status).toBe(200)
    // Registered MACs canonical as §4.3 asks: 12 lower-case hex, or a hex prefix and "*".
    expect(read.json).toEqual({
      name: 'NAC PPSK Key 01', ssid: 'corp-psk', vlan: '100', passphrase: { set: true }, expires: '2031-06-30T12:00:00.000Z',
      role: 'Developer', usage: 'single', macs: ['82f56e39687b', '0ea5*'],
    })
    const wlan = await call(f, 'GET', `${wlans}/corp-psk`, { token: f.tokens.alphaRead })
    expect(wlan.json).toEqual({ ssid: 'corp-psk', security: 'wpa2', defaultPsk: { set: true }, defaultVlan: '998' })
    for (const path of [keys, wlans, `${wlans}/corp-psk`, '/api/v1/orgs/alpha', '/api/v1/orgs/alpha/history']) {
      const r = await call(f, 'GET', path, { token })
      expect(r.text, path).not.toContain(PASS)
      expect(r.text, path).not.toContain(DEFAULT)
    }
    const stored = (await readOrg(f.topo.config, 'alpha'))!.value.psks!
    expect(JSON.stringify(stored)).not.toContain(PASS)
    expect(unseal(stored.keys[0]!.passphrase, CLUSTER_KEY)).toBe(PASS)
    expect(unseal(stored.wlans[0]!.defaultPsk!, CLUSTER_KEY)).toBe(DEFAULT)
    // A node's memory has them unsealed, ready for the PSK lookup.
    await expect.poll(() => watcher.orgConfig('alpha')?.psks?.keys[0]?.passphrase, { timeout: 10_000 }).toBe(PASS)
  })

  it('replaces a key without its passphrase (kept), and removes it', async () => {
    const token = f.tokens.alphaAdmin
    const path = `${keys}/${encodeURIComponent('NAC PPSK Key 01')}`
    const got = (await call(f, 'GET', path, { token })).json as Record<string, unknown>
    const put = await call(f, 'PUT', path, { token, body: { ...got, vlan: '200', role: 'Tester' } })
    expect(put.status, put.text).toBe(200)
    const stored = (await readOrg(f.topo.config, 'alpha'))!.value.psks!.keys[0]!
    expect([stored.vlan, stored.role, unseal(stored.passphrase, CLUSTER_KEY)]).toEqual(['200', 'Tester', PASS])
    const newPass = await call(f, 'PUT', path, { token, body: { vlan: '200', passphrase: 'an0ther-passphrase', usage: 'multi' } })
    expect(newPass.status, newPass.text).toBe(200)
    expect(unseal((await readOrg(f.topo.config, 'alpha'))!.value.psks!.keys[0]!.passphrase, CLUSTER_KEY)).toBe('an0ther-passphrase')
    expect((await call(f, 'POST', keys, { token, body: { name: 'NAC PPSK Key 01', passphrase: PASS } })).status).toBe(409)
    expect((await call(f, 'DELETE', path, { token })).status).toBe(200)
    expect((await call(f, 'GET', path, { token })).status).toBe(404)
    expect((await call(f, 'DELETE', path, { token })).status).toBe(404)
  })

  it('removes a default PSK with null and keeps it when absent', async () => {
    const token = f.tokens.alphaAdmin
    expect((await call(f, 'PUT', `${wlans}/corp-psk`, { token, body: { security: 'wpa2', defaultVlan: '997' } })).status).toBe(200)
    expect(unseal((await readOrg(f.topo.config, 'alpha'))!.value.psks!.wlans[0]!.defaultPsk!, CLUSTER_KEY)).toBe(DEFAULT)
    expect((await call(f, 'PUT', `${wlans}/corp-psk`, { token, body: { security: 'wpa2', defaultPsk: null } })).status).toBe(200)
    expect((await call(f, 'GET', `${wlans}/corp-psk`, { token })).json).toEqual({ ssid: 'corp-psk', security: 'wpa2' })
    const keep = await call(f, 'PUT', `${wlans}/corp-psk`, { token, body: { defaultPsk: { set: true } } })
    expect(keep.status).toBe(400)
    expect((keep.json as Details).details).toEqual([expect.objectContaining({ path: 'psks.wlans[0].defaultPsk', rule: 'psk' })])
  })

  it('refuses invalid keys and WLANs with the field and the rule, storing nothing', async () => {
    const token = f.tokens.alphaAdmin
    const before = (await readOrg(f.topo.config, 'alpha'))!.revision
    const cases: Array<[string, string, Record<string, unknown>, string, string]> = [
      [keys, 'POST', { name: 'k', passphrase: 'short' }, 'psks.keys[0].passphrase', 'psk'],
      [keys, 'POST', { name: 'k', passphrase: PASS, vlan: '5000' }, 'psks.keys[0].vlan', 'vlan'],
      [keys, 'POST', { name: 'k', passphrase: PASS, expires: 'next tuesday' }, 'psks.keys[0].expires', 'psk'],
      [keys, 'POST', { name: 'k', passphrase: PASS, macs: ['not-a-mac'] }, 'psks.keys[0].macs[0]', 'mac-pattern'],
      [keys, 'POST', { name: 'k', passphrase: PASS, usage: 'single' }, 'psks.keys[0].macs', 'psk'],
      [keys, 'POST', { name: 'k' }, 'psks.keys[0].passphrase', 'required'],
      [keys, 'POST', { name: 'k', passphrase: PASS, ssid: 'x'.repeat(33) }, 'psks.keys[0].ssid', 'ssid'],
      [wlans, 'POST', { ssid: 'sae', security: 'wpa3', defaultVlan: 'x y' }, 'psks.wlans[1].defaultVlan', 'vlan'],
    ]
    for (const [path, method, body, field, rule] of cases) {
      const r = await call(f, method, path, { token, body })
      expect(r.status, `${JSON.stringify(body)}: ${r.text}`).toBe(400)
      expect((r.json as Details).details, JSON.stringify(body)).toContainEqual(expect.objectContaining({ path: field, rule }))
      expect(r.text).not.toContain(PASS)
    }
    // Schema errors: a typo'd key, a passphrase of the wrong type, an unknown usage.
    const typo = await call(f, 'POST', keys, { token, body: { name: 'k', passphrase: PASS, vlna: '10' } })
    expect((typo.json as Details).details).toContainEqual(expect.objectContaining({ path: 'psks.keys[new].vlna', rule: 'unknown-key' }))
    const usage = await call(f, 'POST', keys, { token, body: { name: 'k', passphrase: PASS, usage: 'shared' } })
    expect((usage.json as Details).details).toContainEqual(expect.objectContaining({ path: 'psks.keys[new].usage', rule: 'enum' }))
    // A WLAN made WPA3-SAE refuses a key on it without registered MACs (requirements §1.7 L4007).
    expect((await call(f, 'POST', keys, { token, body: { name: 'open-key', ssid: 'corp-psk', passphrase: PASS } })).status).toBe(201)
    const sae = await call(f, 'PUT', `${wlans}/corp-psk`, { token, body: { security: 'wpa3' } })
    expect(sae.status).toBe(400)
    expect((sae.json as Details).details).toContainEqual(expect.objectContaining({ path: 'psks.keys[0].macs', rule: 'psk' }))
    expect((await readOrg(f.topo.config, 'alpha'))!.value.psks!.wlans[0]!.security).toBe('wpa2')
    expect((await readOrg(f.topo.config, 'alpha'))!.revision).toBe(before + 1)
  })
})
