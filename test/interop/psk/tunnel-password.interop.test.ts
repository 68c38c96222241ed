// RADIUS PSK for NAS vendors that take the passphrase in a salt-encrypted attribute (RFC 2868 §3.5
// Tunnel-Password: hostapd `wpa_psk_radius`, IETF; Aruba-MPSK-Passphrase): the gateway encrypts
// it with the NAS's secret and the request authenticator, and radclient, the independent peer,
// decrypts it back to the key's passphrase.
import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { connectNats } from '../../../actors/runtime/index.js'
import type { OrgPskConfig } from '../../../proto/wire/org-config.js'
import { updateOrg } from '../../../ops/cluster/config-store.js'
import { ensureTopology } from '../../../ops/nats/topology.js'
import { loadOrCreateClusterKey } from '../../../ops/secrets/index.js'
import { startEmbedded } from '../../support/embedded.js'
import { radclient, requirePeer } from '../../support/peers.js'
import type { ServiceProcess } from '../../support/service-process.js'

const PSKS: OrgPskConfig = {
  wlans: [{ ssid: 'corp-psk', security: 'wpa2', defaultPsk: undefined, defaultVlan: undefined }],
  keys: [{ name: 'Key 01', ssid: 'corp-psk', vlan: '20', passphrase: 'developer-passphrase', expiresAt: undefined, role: undefined, usage: 'single', macs: ['82f56e39687b'] }],
}

const LOOKUP = 'User-Name = "82f56e39687b", Calling-Station-Id = "82-F5-6E-39-68-7B", Called-Station-Id = "00-11-22-33-44-55:corp-psk", NAS-Port-Type = Wireless-802.11, Message-Authenticator = 0x00\n'

describe('salt-encrypted PSK passphrases, decrypted by radclient', () => {
  let dataDir: string
  let svc: ServiceProcess
  let auth: number
  let setVendor: (vendor: string | undefined) => Promise<void>

  beforeAll(async () => {
    requirePeer('radclient', 'freeradius-utils')
    dataDir = mkdtempSync(join(tmpdir(), 'nac-psk-tp-'))
    const started = await startEmbedded(dataDir)
    svc = started.svc
    auth = started.ports.auth
    setVendor = async (vendor) => {
      const nc = await connectNats({ servers: `nats://127.0.0.1:${started.ports.nats}`, name: 'psk-interop' })
      try {
        const topo = await ensureTopology(nc)
        await updateOrg(topo.config, 'demo', loadOrCreateClusterKey(join(dataDir, 'cluster.key')), (cur) => {
          if (cur === undefined) throw new Error('demo org missing')
          return { ...cur.value, radiusClients: cur.value.radiusClients.map((c) => ({ ...c, vendor })), psks: PSKS }
        })
      } finally {
        await nc.close()
      }
    }
  }, 90_000)

  afterAll(async () => {
    await svc?.stop()
    if (dataDir !== undefined) rmSync(dataDir, { recursive: true, force: true })
  })

  async function untilAccepted(): Promise<string> {
    for (let i = 0; i < 30; i++) {
      const r = await radclient(`127.0.0.1:${auth}`, 'auth', 'testing123', LOOKUP)
      if (/Received Access-Accept/.test(r.stdout)) return r.stdout
      await new Promise((res) => setTimeout(res, 200))
    }
    throw new Error('no Access-Accept')
  }

  it('IETF / hostapd: Tunnel-Password (tag 0) carries the passphrase', async () => {
    await setVendor(undefined)
    const out = await untilAccepted()
    expect(out).toMatch(/Tunnel-Password(:0)? = "developer-passphrase"/)
    expect(out).toMatch(/Tunnel-Private-Group-Id(:0)? = "20"/)
  })

  it('Aruba: Aruba-MPSK-Passphrase carries the passphrase', async () => {
    await setVendor('aruba')
    let out = ''
    for (let i = 0; i < 30 && !/Aruba-MPSK-Passphrase/.test(out); i++) {
      out = await untilAccepted()
      if (!/Aruba-MPSK-Passphrase/.test(out)) await new Promise((res) => setTimeout(res, 200))
    }
    // radclient prints octets attributes in hex: the decrypted passphrase's bytes.
    expect(out).toMatch(new RegExp(`Aruba-MPSK-Passphrase = (0x${Buffer.from('developer-passphrase').toString('hex')}|"developer-passphrase")`))
  })
})
