// Secrets at rest: what goes into KV carries no RADIUS secret, EAP server key or PSK passphrase in
// clear, and every node reads them back (DESIGN.md: secrets stored encrypted).
import { randomBytes } from 'node:crypto'
import { describe, expect, it } from 'vitest'
import type { OrgConfig } from '../../../proto/wire/org-config.js'
import { decodeOrgFromStore, encodeOrgForStore } from '../../../ops/cluster/config-codec.js'

const org: OrgConfig = {
  v: 1, org: 'o', name: undefined, deviceCa: '', sites: [], labels: [], rules: [],
  radiusClients: [{ name: 'c', cidr: '10.0.0.0/8', secret: 'PLAIN-radius-secret', site: undefined, vendor: undefined }],
  pki: { trustedCas: [], server: { chainPem: 'chain', keyPem: '-----BEGIN PRIVATE KEY-----PLAIN-key' } },
  psks: {
    keys: [{ name: 'k', passphrase: 'PLAIN-passphrase-1', usage: 'multi', macs: [] } as never],
    wlans: [{ ssid: 'w', security: 'wpa2', defaultPsk: 'PLAIN-default-psk', defaultVlan: undefined } as never],
  },
}

describe('config codec', () => {
  const key = randomBytes(32)
  it('stores no secret in clear and reads every one back', () => {
    const bytes = encodeOrgForStore(org, key)
    expect(Buffer.from(bytes).toString()).not.toMatch(/PLAIN/)
    const back = decodeOrgFromStore(bytes, key)
    expect(back.radiusClients[0]?.secret).toBe('PLAIN-radius-secret')
    expect(back.pki?.server?.keyPem).toBe('-----BEGIN PRIVATE KEY-----PLAIN-key')
    expect(back.psks?.keys[0]?.passphrase).toBe('PLAIN-passphrase-1')
    expect(back.psks?.wlans[0]?.defaultPsk).toBe('PLAIN-default-psk')
  })
  it('survives repeated store and read cycles', () => {
    const once = decodeOrgFromStore(encodeOrgForStore(decodeOrgFromStore(encodeOrgForStore(org, key), key), key), key)
    expect(once.psks?.keys[0]?.passphrase).toBe('PLAIN-passphrase-1')
  })
})
