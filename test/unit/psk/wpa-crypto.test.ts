// The WPA key hierarchy against independent vectors (wpa-vectors.ts names each source): PBKDF2
// PMK (IEEE 802.11 J.4.2), PRF (J.3.2), AES-CMAC (RFC 4493), and a real handshake's MIC (hashcat).
import { describe, expect, it } from 'vitest'
import { aesCmac, deriveKck, eapolMic, matchPskMic, parseMessage2, passphraseToPmk, pmkOf, prfSha1, ptkContext } from '../../../workers/tasks/wpa/index.js'
import { CMAC_VECTORS, HANDSHAKE_V2, PBKDF2_VECTORS, PRF_VECTORS, message2 } from './wpa-vectors.js'

const hex = (s: string): Buffer => Buffer.from(s, 'hex')

describe('IEEE 802.11 J.4.2 passphrase to PSK', () => {
  it.each(PBKDF2_VECTORS)('$ssid', (v) => {
    expect(passphraseToPmk(v.passphrase, Buffer.from(v.ssid)).toString('hex')).toBe(v.psk)
    // A configured 64-hex PSK is the PMK itself.
    expect(pmkOf(v.psk, Buffer.from('other')).toString('hex')).toBe(v.psk)
  })
  it('refuses secrets that are neither passphrase nor PSK', () => {
    expect(() => pmkOf('short', Buffer.from('x'))).toThrow(RangeError)
    expect(() => pmkOf('g'.repeat(64), Buffer.from('x'))).toThrow(RangeError)
  })
})

describe('IEEE 802.11 J.3.2 PRF', () => {
  it.each(PRF_VECTORS)('PRF-$bits', (v) => {
    expect(prfSha1(hex(v.key), v.prefix, hex(v.data), v.bits).toString('hex')).toBe(v.prf)
    expect(prfSha1(hex(v.key), v.prefix, hex(v.data), 384).toString('hex')).toBe(v.prf.slice(0, 96))
  })
})

describe('RFC 4493 AES-CMAC', () => {
  it.each(CMAC_VECTORS)('tag $tag', (v) => {
    expect(aesCmac(hex(v.key), hex(v.msg)).toString('hex')).toBe(v.tag)
  })
})

describe('EAPOL-Key MIC of a real handshake (hashcat example, descriptor version 2)', () => {
  const h = HANDSHAKE_V2
  it('parses message 2 and recomputes its MIC from the passphrase', () => {
    const m2 = parseMessage2(message2(h))
    expect(m2.ok).toBe(true)
    if (!m2.ok) return
    expect(m2.value.version).toBe(2)
    expect(m2.value.zeroed.toString('hex')).toBe(h.eapolZeroed)
    const pmk = passphraseToPmk(h.passphrase, Buffer.from(h.ssid))
    const kck = deriveKck(pmk, ptkContext(hex(h.aa), hex(h.spa), hex(h.anonce), m2.value.snonce), 2)
    expect(eapolMic(kck, m2.value.zeroed, 2).toString('hex')).toBe(h.mic)
  })
  it('the task names the right candidate and only that one', () => {
    const base = { ssid: Buffer.from(h.ssid), aa: hex(h.aa), spa: hex(h.spa), anonce: hex(h.anonce), frame: message2(h) }
    const r = matchPskMic({ ...base, candidates: [{ id: 'a', secret: 'wrong-passphrase' }, { id: 'b', secret: h.passphrase }, { id: 'c', secret: 'also-wrong' }] })
    expect(r.id).toBe('b')
    expect(r.derived.map((d) => d.id)).toEqual(['a', 'b'])
    // With the PMK cached, the secret is not needed.
    const pmk = r.derived[1]!.pmk
    expect(matchPskMic({ ...base, candidates: [{ id: 'x', pmk }] }).id).toBe('x')
    expect(matchPskMic({ ...base, candidates: [{ id: 'a', secret: 'wrong-passphrase' }] }).id).toBeUndefined()
  })
  it('a changed bit in the frame matches nothing; malformed frames are reported, never thrown', () => {
    const f = message2(h)
    f[100] = (f[100] as number) ^ 1
    const base = { ssid: Buffer.from(h.ssid), aa: hex(h.aa), spa: hex(h.spa), anonce: hex(h.anonce) }
    expect(matchPskMic({ ...base, frame: f, candidates: [{ id: 'b', secret: h.passphrase }] }).id).toBeUndefined()
    expect(matchPskMic({ ...base, frame: f.subarray(0, 50), candidates: [] }).failure).toBe('TOO_SHORT')
    for (let i = 0; i < 200; i++) {
      const junk = Buffer.from(Array.from({ length: Math.floor(Math.random() * 160) }, () => Math.floor(Math.random() * 256)))
      expect(() => matchPskMic({ ...base, frame: junk, candidates: [{ id: 'b', secret: h.passphrase }] })).not.toThrow()
    }
  })
})
