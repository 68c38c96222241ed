// PSKs written through the admin API answer RADIUS PSK lookups of the running service (`nac run`):
// the demo's loopback NAS made a Cisco controller (identity PSK: passphrase in Cisco-AVPair "psk=",
// requirements §1.7) through the radius-clients route, a WLAN and a key added through the PSK
// routes; a key replaced without its passphrase keeps it (write-only, sealed in KV, unsealed on
// the nodes); a removed key leaves the station to the WLAN default PSK.
import { mkdtempSync, readFileSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import {
  Attr, Code, findAttribute, findAttributes, type Packet, type RawAttribute,
} from '../../../proto/radius/index.js'
import { startEmbedded } from '../../support/embedded.js'
import { askUdp, pskLookup } from '../../support/psk-lookup.js'
import type { ServiceProcess } from '../../support/service-process.js'
import { call } from './api-fixture.js'

const SECRET = Buffer.from('testing123')
const SSID = 'api-psk'
const MAC = '82f56e39687c'

const lookup = (mac: string): RawAttribute[] => pskLookup(mac, SSID)
const ask = (port: number, attributes: RawAttribute[]): Promise<Packet | undefined> => askUdp(port, SECRET, attributes, 9)

/** What a controller takes from the answer: code, Cisco-AVPair "psk=" (VSA 9/1), VLAN, User-Name. */
async function answer(port: number, mac: string): Promise<string> {
  const p = await ask(port, lookup(mac))
  if (p === undefined) return 'no answer'
  const psk = findAttributes(p, Attr.VendorSpecific)
    .filter((a) => a.value.length > 6 && a.value.readUInt32BE(0) === 9 && a.value[4] === 1)
    .map((a) => a.value.subarray(6).toString('utf8')).find((v) => v.startsWith('psk='))
  const str = (type: number): string | undefined => findAttribute(p, type)?.value.toString('utf8')
  return `${p.code === Code.AccessAccept ? 'accept' : p.code === Code.AccessReject ? 'reject' : p.code} ${psk ?? '-'} vlan=${str(Attr.TunnelPrivateGroupId) ?? '-'} user=${str(Attr.UserName) ?? '-'}`
}

describe('PSKs from the admin API answer RADIUS PSK lookups', () => {
  let dir: string
  let svc: ServiceProcess | undefined
  let api: { api: { url: string }; caPem: string }
  let token: string
  let auth: number

  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'nac-psk-api-'))
    const started = await startEmbedded(dir)
    svc = started.svc
    auth = started.ports.auth
    api = { api: { url: `https://127.0.0.1:${started.ports.api}` }, caPem: readFileSync(join(dir, 'demo', 'api-ca.pem'), 'utf8') }
    token = readFileSync(join(dir, 'demo', 'admin-token'), 'utf8').trim()
  })
  afterAll(async () => {
    await svc?.stop()
    if (dir !== undefined) rmSync(dir, { recursive: true, force: true })
  })

  it('adds, replaces (passphrase kept) and removes a key; the station then gets the default PSK', async () => {
    const clients = (await call(api, 'GET', '/api/v1/orgs/demo/radius-clients', { token })).json as { items: Array<Record<string, unknown>> }
    const cisco = await call(api, 'PUT', '/api/v1/orgs/demo/radius-clients', { token, body: clients.items.map((c) => ({ ...c, vendor: 'cisco' })) })
    expect(cisco.status, cisco.text).toBe(200)
    expect((await call(api, 'POST', '/api/v1/orgs/demo/psks/wlans', { token, body: { ssid: SSID, security: 'wpa2', defaultPsk: 'api-default-passphrase' } })).status).toBe(201)
    const key = { name: 'API Key 01', ssid: SSID, vlan: '21', passphrase: 'api-key-passphrase', role: 'Developer', usage: 'single', macs: [MAC] }
    expect((await call(api, 'POST', '/api/v1/orgs/demo/psks/keys', { token, body: key })).status).toBe(201)
    await expect.poll(() => answer(auth, MAC), { timeout: 20_000 }).toBe('accept psk=api-key-passphrase vlan=21 user=API Key 01')

    const path = `/api/v1/orgs/demo/psks/keys/${encodeURIComponent('API Key 01')}`
    const { passphrase: _notGiven, ...rest } = key
    expect((await call(api, 'PUT', path, { token, body: { ...rest, vlan: '22' } })).status).toBe(200)
    await expect.poll(() => answer(auth, MAC), { timeout: 20_000 }).toBe('accept psk=api-key-passphrase vlan=22 user=API Key 01')

    expect((await call(api, 'DELETE', path, { token })).status).toBe(200)
    await expect.poll(() => answer(auth, MAC), { timeout: 20_000 }).toMatch(/^accept psk=api-default-passphrase vlan=999 /)
  })
})
