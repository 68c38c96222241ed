// The PSK store lookup (requirements §1.7): exact MAC before the longest prefix, SSID filter,
// expired keys refused, the WLAN default PSK and VLAN 999 for unknown stations, WPA2 candidates
// only with a handshake, and WPA3-SAE only for registered MACs.
import { describe, expect, it } from 'vitest'
import { lookupPsk } from '../../../actors/client/psk/index.js'
import type { OrgPskConfig, PskConfig } from '../../../proto/wire/org-config.js'

const NOW = Date.UTC(2026, 0, 1)
const key = (name: string, over: Partial<PskConfig> = {}): PskConfig => ({
  name, ssid: 'corp-psk', vlan: undefined, passphrase: `${name}-passphrase`, expiresAt: undefined, role: undefined, usage: 'single', macs: [], ...over,
})
const cfg: OrgPskConfig = {
  keys: [
    key('oui', { macs: ['82f56e*'], vlan: '20' }),
    key('exact', { macs: ['82f56e39687b'], vlan: '10' }),
    key('short-prefix', { macs: ['0ea5*'] }),
    key('expired', { macs: ['aabbccddeeff'], expiresAt: NOW - 1 }),
    key('other-ssid', { ssid: 'guest', macs: ['112233445566'] }),
    key('shared', { usage: 'multi', ssid: undefined }),
    key('shared-expired', { usage: 'multi', expiresAt: NOW }),
  ],
  wlans: [
    { ssid: 'corp-psk', security: 'wpa2', defaultPsk: 'default-passphrase', defaultVlan: undefined },
    { ssid: 'wpa3-psk', security: 'wpa3', defaultPsk: undefined, defaultVlan: undefined },
  ],
}
const q = (mac: string | undefined, over: Partial<Parameters<typeof lookupPsk>[1]> = {}) => lookupPsk(cfg, { ssid: 'corp-psk', mac, now: NOW, sae: false, handshake: false, ...over })
const name = (r: ReturnType<typeof lookupPsk>): string => (r.kind === 'key' ? r.key.name : r.kind)

describe('PSK lookup', () => {
  it('exact MAC first, then the longest prefix', () => {
    expect(name(q('82f56e39687b'))).toBe('exact')
    expect(name(q('82f56e000001'))).toBe('oui')
    expect(name(q('0ea512345678'))).toBe('short-prefix')
  })
  it('filters by SSID', () => {
    expect(name(q('112233445566'))).toBe('default')
    expect(name(lookupPsk(cfg, { ssid: 'guest', mac: '112233445566', now: NOW, sae: false, handshake: false }))).toBe('other-ssid')
  })
  it('an expired registration is refused, not moved to the default PSK', () => {
    expect(q('aabbccddeeff')).toEqual({ kind: 'refused', reason: 'EXPIRED' })
  })
  it('unknown stations get the WLAN default; without one they are refused; other SSIDs are no PSK WLAN', () => {
    const r = q('020000000001')
    expect(r.kind === 'default' && r.wlan.defaultPsk).toBe('default-passphrase')
    expect(lookupPsk(cfg, { ssid: 'wpa3-psk', mac: '020000000001', now: NOW, sae: true, handshake: true })).toEqual({ kind: 'refused', reason: 'UNKNOWN_STATION' })
    expect(lookupPsk(cfg, { ssid: 'nope', mac: '020000000001', now: NOW, sae: false, handshake: false })).toEqual({ kind: 'refused', reason: 'NOT_A_PSK_WLAN' })
  })
  it('WPA2 with a handshake: registered keys first, then live multi-use keys', () => {
    const r = q('82f56e39687b', { handshake: true })
    expect(r.kind === 'candidates' && r.keys.map((k) => k.name)).toEqual(['exact', 'shared'])
    const u = q('020000000001', { handshake: true })
    expect(u.kind === 'candidates' && u.keys.map((k) => k.name)).toEqual(['shared'])
  })
  it('WPA3-SAE: registered MACs only, never a trial', () => {
    expect(name(q('82f56e39687b', { sae: true, handshake: true }))).toBe('exact')
    expect(name(q('020000000001', { sae: true, handshake: true }))).toBe('default')
  })
})
