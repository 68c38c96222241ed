// RADIUS PSK lookup through the whole service (the embedded default: gateway, actor node, NATS):
// the demo org gets a PSK WLAN and keys through the config bucket, its loopback NAS becomes a Cisco
// controller (identity PSK: passphrase in Cisco-AVPair "psk=", requirements §1.7), and MAC lookups
// are answered with the key's passphrase, VLAN and name; an expired key is refused; an unknown
// station gets the WLAN default PSK and VLAN 999.
import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { NatsConnection } from '@nats-io/transport-node'
import { connectNats } from '../../../actors/runtime/index.js'
import {
  Attr, Code, findAttribute, findAttributes, type Packet, type RawAttribute,
} from '../../../proto/radius/index.js'
import type { OrgPskConfig } from '../../../proto/wire/org-config.js'
import { updateOrg } from '../../../ops/cluster/config-store.js'
import { ensureTopology } from '../../../ops/nats/topology.js'
import { loadOrCreateClusterKey } from '../../../ops/secrets/index.js'
import { startEmbedded } from '../../support/embedded.js'
import { askUdp, pskLookup } from '../../support/psk-lookup.js'
import type { ServiceProcess } from '../../support/service-process.js'

const SECRET = Buffer.from('testing123')
const SSID = 'corp-psk'
const PSKS: OrgPskConfig = {
  wlans: [{ ssid: SSID, security: 'wpa2', defaultPsk: 'default-passphrase', defaultVlan: undefined }],
  keys: [
    { name: 'NAC PPSK Key 01', ssid: SSID, vlan: '20', passphrase: 'developer-passphrase', expiresAt: undefined, role: 'Developer', usage: 'single', macs: ['82f56e39687b'] },
    { name: 'Tester OUI', ssid: undefined, vlan: '30', passphrase: 'tester-passphrase', expiresAt: undefined, role: 'Tester', usage: 'single', macs: ['0ea5*'] },
    { name: 'Old Key', ssid: SSID, vlan: '40', passphrase: 'expired-passphrase', expiresAt: Date.UTC(2020, 0, 1), role: undefined, usage: 'single', macs: ['aabbccddeeff'] },
  ],
}

const lookup = (mac: string): RawAttribute[] => pskLookup(mac, SSID)
const ask = (port: number, attributes: RawAttribute[]): Promise<Packet | undefined> => askUdp(port, SECRET, attributes, 7)

/** Cisco-AVPair values (VSA 9/1) of a reply. */
function avPairs(p: Packet): string[] {
  return findAttributes(p, Attr.VendorSpecific)
    .filter((a) => a.value.length > 6 && a.value.readUInt32BE(0) === 9 && a.value[4] === 1)
    .map((a) => a.value.subarray(6).toString('utf8'))
}
const str = (p: Packet, type: number): string | undefined => findAttribute(p, type)?.value.toString('utf8')

describe('RADIUS PSK lookup through gateway and actor', () => {
  let dataDir: string
  let svc: ServiceProcess
  let nc: NatsConnection
  let auth: number

  beforeAll(async () => {
    dataDir = mkdtempSync(join(tmpdir(), 'nac-psk-'))
    const started = await startEmbedded(dataDir)
    svc = started.svc
    auth = started.ports.auth
    nc = await connectNats({ servers: `nats://127.0.0.1:${started.ports.nats}`, name: 'psk-test' })
    const topo = await ensureTopology(nc)
    await updateOrg(topo.config, 'demo', loadOrCreateClusterKey(join(dataDir, 'cluster.key')), (cur) => {
      if (cur === undefined) throw new Error('demo org missing')
      return { ...cur.value, radiusClients: cur.value.radiusClients.map((c) => ({ ...c, vendor: 'cisco' })), psks: PSKS }
    })
    // The change reaches every node by its KV watch; wait until the actor answers from it.
    for (let i = 0; i < 50; i++) {
      const r = await ask(auth, lookup('82f56e39687b'))
      if (r?.code === Code.AccessAccept) break
      await new Promise((res) => setTimeout(res, 200))
    }
  }, 90_000)

  afterAll(async () => {
    await nc?.close()
    await svc?.stop()
    if (dataDir !== undefined) rmSync(dataDir, { recursive: true, force: true })
  })

  it('a registered MAC: the key passphrase in Cisco-AVPair, its VLAN, its name as User-Name', async () => {
    const r = await ask(auth, lookup('82f56e39687b'))
    expect(r?.code).toBe(Code.AccessAccept)
    expect(avPairs(r!)).toEqual(['psk-mode=ascii', 'psk=developer-passphrase'])
    expect(str(r!, Attr.TunnelPrivateGroupId)).toBe('20')
    expect(str(r!, Attr.UserName)).toBe('NAC PPSK Key 01')
    expect(str(r!, Attr.FilterId)).toBe('Developer')
  })

  it('an OUI registration (key valid on every PSK WLAN)', async () => {
    const r = await ask(auth, lookup('0ea500000042'))
    expect(r?.code).toBe(Code.AccessAccept)
    expect(avPairs(r!)).toContain('psk=tester-passphrase')
    expect(str(r!, Attr.TunnelPrivateGroupId)).toBe('30')
  })

  it('an expired key is refused', async () => {
    const r = await ask(auth, lookup('aabbccddeeff'))
    expect(r?.code).toBe(Code.AccessReject)
    expect(avPairs(r!)).toEqual([])
  })

  it('an unknown station gets the WLAN default PSK and VLAN 999', async () => {
    const r = await ask(auth, lookup('020000000099'))
    expect(r?.code).toBe(Code.AccessAccept)
    expect(avPairs(r!)).toContain('psk=default-passphrase')
    expect(str(r!, Attr.TunnelPrivateGroupId)).toBe('999')
  })
})
