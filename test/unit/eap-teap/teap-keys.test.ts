// TEAP key hierarchy (RFC 7170 §5): the TLS 1.2 PRF against the IETF TLS list's P_SHA256 and
// P_SHA384 vectors (msg03416), and the IMCK, Compound MAC and MSK steps against OpenSSL's own
// TLS1-PRF KDF and HMAC (the `openssl` command), never against our output.
import { execFileSync } from 'node:child_process'
import { describe, expect, it } from 'vitest'
import { compoundMac, initialCompoundKeys, nextCompoundKeys, suiteHashes, teapMethodKeys, tlsPrf } from '../../../proto/eap/teap-keys.js'

const hex = (s: string): Buffer => Buffer.from(s.replace(/\s+/g, ''), 'hex')

/** OpenSSL's TLS 1.2 PRF: seed = label || seed (OpenSSL's TLS1-PRF takes them concatenated). */
function opensslPrf(digest: string, secret: Buffer, label: string, seed: Buffer, length: number): Buffer {
  return execFileSync('openssl', [
    'kdf', '-keylen', String(length), '-kdfopt', `digest:${digest}`, '-kdfopt', `hexsecret:${secret.toString('hex')}`,
    '-kdfopt', `hexseed:${Buffer.concat([Buffer.from(label, 'latin1'), seed]).toString('hex')}`, '-binary', 'TLS1-PRF',
  ])
}

function opensslHmac(digest: string, key: Buffer, data: Buffer): Buffer {
  return execFileSync('openssl', ['mac', '-digest', digest, '-macopt', `hexkey:${key.toString('hex')}`, '-binary', 'HMAC'], { input: data })
}

describe('TLS 1.2 PRF', () => {
  it('matches the IETF P_SHA256 vector', () => {
    const out = tlsPrf('sha256', hex('9bbe436ba940f017b17652849a71db35'), 'test label', hex('a0ba9f936cda311827a6f796ffd5198c'), 100)
    expect(out.toString('hex')).toBe(
      'e3f229ba727be17b8d122620557cd453c2aab21d07c3d495329b52d4e61edb5a6b301791e90d35c9c9a46b4e14baf9af0fa022f7077def17abfd3797c0564bab'
      + '4fbc91666e9def9b97fce34f796789baa48082d122ee42c5a72e5a5110fff70187347b66')
  })

  it('matches the IETF P_SHA384 vector', () => {
    const out = tlsPrf('sha384', hex('b80b733d6ceefcdc71566ea48e5567df'), 'test label', hex('cd665cf6a8447dd6ff8b27555edb7465'), 148)
    expect(out.toString('hex')).toBe(
      '7b0c18e9ced410ed1804f2cfa34a336a1c14dffb4900bb5fd7942107e81c83cde9ca0faa60be9fe34f82b1233c9146a0e534cb400fed2700884f9dc236f80edd'
      + '8bfa961144c9e8d792eca722a7b32fc3d416d473ebc2c5fd4abfdad05d9184259b5bf8cd4d90fa0d31e2dec479e4f1a26066f2eea9a69236a3e52655c9e9aee6'
      + '91c8f3a26854308d5eaa3be85e0990703d73e56f')
  })
})

describe('TEAP compound keys (RFC 7170 §5.2-5.4)', () => {
  const seed = Buffer.alloc(40, 0x5a)
  const msk = Buffer.alloc(64, 0x01)
  const emsk = Buffer.alloc(64, 0x02)

  it.each(['sha256', 'sha384'] as const)('IMCK[1] from an inner MSK and EMSK equals OpenSSL TLS1-PRF (%s)', (prf) => {
    const k = nextCompoundKeys(prf, initialCompoundKeys(seed), { msk, emsk })
    const imck = opensslPrf(prf.toUpperCase(), seed, 'Inner Methods Compound Keys', msk.subarray(0, 32), 60)
    expect(k.simckMsk).toEqual(imck.subarray(0, 40))
    expect(k.cmkMsk).toEqual(imck.subarray(40, 60))
    const imskE = opensslPrf(prf.toUpperCase(), emsk, 'TEAPbindkey@ietf.org', hex('000040'), 64).subarray(0, 32)
    const imckE = opensslPrf(prf.toUpperCase(), seed, 'Inner Methods Compound Keys', imskE, 60)
    expect(k.simckEmsk).toEqual(imckE.subarray(0, 40))
    expect(k.cmkEmsk).toEqual(imckE.subarray(40, 60))
  })

  it('chains: IMCK[2] is keyed by S-IMCK[1]; a method without keys uses a zero IMSK and keeps the EMSK chain', () => {
    const k1 = nextCompoundKeys('sha256', initialCompoundKeys(seed), { msk, emsk })
    const k2 = nextCompoundKeys('sha256', k1, { msk: undefined, emsk: undefined })
    expect(k2.simckMsk).toEqual(opensslPrf('SHA256', k1.simckMsk, 'Inner Methods Compound Keys', Buffer.alloc(32), 60).subarray(0, 40))
    expect(k2.cmkEmsk).toBeUndefined()
    expect(k2.simckEmsk).toEqual(k1.simckEmsk)
  })

  it('MSK and EMSK come from the last S-IMCK of the MSK chain', () => {
    const k = nextCompoundKeys('sha256', initialCompoundKeys(seed), { msk, emsk })
    const keys = teapMethodKeys('sha256', k, hex('37'))
    expect(keys.msk).toEqual(opensslPrf('SHA256', k.simckMsk, 'Session Key Generating Function', Buffer.alloc(0), 64))
    expect(keys.emsk).toEqual(opensslPrf('SHA256', k.simckMsk, 'Extended Session Key Generating Function', Buffer.alloc(0), 64))
  })

  it('the Compound MAC is the suite\'s HMAC over binding || 55 || server Outer TLVs || peer Outer TLVs, first 20 octets', () => {
    const cmk = Buffer.alloc(20, 0x33)
    const binding = Buffer.alloc(80, 0x44)
    const server = hex('0001 0004 01020304')
    const peer = hex('0007 0004 00000001')
    for (const [mac, digest] of [['sha1', 'SHA1'], ['sha256', 'SHA256'], ['sha384', 'SHA384']] as const) {
      const want = opensslHmac(digest, cmk, Buffer.concat([binding, Buffer.from([55]), server, peer])).subarray(0, 20)
      expect(compoundMac(mac, cmk, binding, server, peer)).toEqual(want)
    }
  })

  it('picks the PRF and MAC hash from the cipher suite name', () => {
    expect(suiteHashes('TLS_ECDHE_ECDSA_WITH_AES_256_GCM_SHA384')).toEqual({ prf: 'sha384', mac: 'sha384' })
    expect(suiteHashes('TLS_ECDHE_RSA_WITH_AES_128_GCM_SHA256')).toEqual({ prf: 'sha256', mac: 'sha256' })
    expect(suiteHashes('TLS_ECDHE_RSA_WITH_AES_128_CBC_SHA')).toEqual({ prf: 'sha256', mac: 'sha1' })
  })
})
