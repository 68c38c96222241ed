// The PSK section as the admin API shows and takes it (ops/api/routes/psk-document.ts): secrets
// never shown, kept by key name or SSID when not given again (still sealed, never the stand-in
// used while validating), null removes a default PSK, a sealed text sent back is refused, and
// validation errors name the field.
import { describe, expect, it } from 'vitest'
import { pskFromView, pskView } from '../../../ops/api/routes/psk-document.js'
import { seal } from '../../../ops/secrets/index.js'
import type { OrgPskConfig } from '../../../proto/wire/org-config.js'

const KEY = Buffer.alloc(32, 3)
const stored: OrgPskConfig = {
  wlans: [{ ssid: 'corp', security: 'wpa2', defaultPsk: seal('default-secret', KEY), defaultVlan: '998' }],
  keys: [{ name: 'k1', ssid: 'corp', vlan: '10', passphrase: seal('k1-passphrase', KEY), expiresAt: Date.UTC(2031, 0, 2), role: 'dev', usage: 'single', macs: ['0ea5*'] }],
}

describe('PSK document', () => {
  it('shows no secret, the expiry as ISO 8601', () => {
    const v = pskView(stored)
    expect(v).toEqual({
      keys: [{ name: 'k1', ssid: 'corp', vlan: '10', passphrase: { set: true }, expires: '2031-01-02T00:00:00.000Z', role: 'dev', usage: 'single', macs: ['0ea5*'] }],
      wlans: [{ ssid: 'corp', security: 'wpa2', defaultPsk: { set: true }, defaultVlan: '998' }],
    })
    expect(JSON.stringify(v)).not.toContain('secret')
  })

  it('writes back what it read unchanged: the sealed secrets stay as they were', () => {
    const r = pskFromView(pskView(stored), stored)
    expect(r).toEqual({ ok: true, psks: stored })
  })

  it('keeps a secret by name when absent, takes a new one when given, drops a default PSK on null', () => {
    const r = pskFromView({
      keys: [{ name: 'k1', vlan: '11', usage: 'multi' }, { name: 'k2', passphrase: '64'.repeat(32) }],
      wlans: [{ ssid: 'corp', defaultPsk: null }, { ssid: 'guest', security: 'wpa3', defaultPsk: 'guest-default' }],
    }, stored)
    if (!r.ok) throw new Error(JSON.stringify(r.details))
    expect(r.psks.keys.map((k) => [k.name, k.passphrase, k.vlan])).toEqual([['k1', stored.keys[0]!.passphrase, '11'], ['k2', '64'.repeat(32), undefined]])
    expect(r.psks.wlans.map((w) => [w.ssid, w.security, w.defaultPsk])).toEqual([['corp', 'wpa2', undefined], ['guest', 'wpa3', 'guest-default']])
    expect(JSON.stringify(r.psks)).not.toContain('kept-secret')
  })

  it('refuses a new key without passphrase, a sealed text, a default PSK to keep that is not stored', () => {
    const r = pskFromView({
      keys: [{ name: 'new' }, { name: 'k1', passphrase: stored.keys[0]!.passphrase }],
      wlans: [{ ssid: 'other', defaultPsk: { set: true } }],
    }, stored)
    expect(r.ok).toBe(false)
    if (r.ok) return
    expect(r.details.map((d) => [d.path, d.rule])).toEqual([
      ['psks.keys[0].passphrase', 'required'], ['psks.keys[1].passphrase', 'psk'], ['psks.wlans[0].defaultPsk', 'psk'],
    ])
    expect(JSON.stringify(r.details)).not.toContain(stored.keys[0]!.passphrase)
  })

  it('names the field of each rule validatePsks enforces', () => {
    const r = pskFromView({ keys: [{ name: 'a', passphrase: 'short', vlan: '4095', macs: ['xyz'] }], wlans: [{ ssid: 'w', security: 'wep' }] }, undefined)
    expect(r.ok).toBe(false)
    if (r.ok) return
    expect(r.details.map((d) => [d.path, d.rule]).sort()).toEqual([
      ['psks.keys[0].macs[0]', 'mac-pattern'], ['psks.keys[0].passphrase', 'psk'], ['psks.keys[0].vlan', 'vlan'], ['psks.wlans[0].security', 'psk'],
    ].sort())
  })
})
