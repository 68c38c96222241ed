// User-Password (RFC 2865 §5.2) and salt encryption (RFC 2868 §3.5, RFC 2548 §2.4.2) round trips
// and failure reasons. Values against an independent implementation are in vectors.test.ts.
import { describe, expect, it } from 'vitest'
import fc from 'fast-check'
import { DecodeFailure, hideUserPassword, revealUserPassword, saltDecrypt, saltEncrypt } from '../../../proto/radius/index.js'

const secret = Buffer.from('s3cr3t')
const ra = Buffer.from('00112233445566778899aabbccddeeff', 'hex')

describe('User-Password', () => {
  for (const n of [0, 1, 15, 16, 17, 128]) {
    it(`round trips a ${n}-octet password`, () => {
      const pw = Buffer.alloc(n, 0x61)
      const hidden = hideUserPassword(pw, secret, ra)
      expect(hidden.length).toBe(Math.max(16, Math.ceil(n / 16) * 16))
      const r = revealUserPassword(hidden, secret, ra)
      expect(r.ok && r.value).toEqual(pw)
    })
  }
  it('rejects bad hidden lengths and over-long passwords', () => {
    for (const n of [0, 15, 17, 144]) {
      const r = revealUserPassword(Buffer.alloc(n), secret, ra)
      expect(!r.ok && r.reason).toBe(DecodeFailure.PASSWORD_LENGTH_INVALID)
    }
    expect(() => hideUserPassword(Buffer.alloc(129), secret, ra)).toThrow(RangeError)
  })
  it('round trips any password without NULs (property)', () => {
    fc.assert(
      fc.property(fc.uint8Array({ maxLength: 128 }).map((a) => Buffer.from(a.map((x) => x || 1))), fc.uint8Array({ minLength: 1, maxLength: 64 }), (pw, s) => {
        const r = revealUserPassword(hideUserPassword(pw, Buffer.from(s), ra), Buffer.from(s), ra)
        expect(r.ok && r.value).toEqual(pw)
      }),
    )
  })
})

describe('salt encryption', () => {
  it('Tunnel-Password round trip, salt high bit forced, fixed salt kept', () => {
    const c = saltEncrypt(Buffer.from('tunnel'), secret, ra, Buffer.from([0x01, 0x02]))
    expect(c[0]).toBe(0x81)
    expect(c[1]).toBe(0x02)
    expect(c.length).toBe(2 + 16)
    const r = saltDecrypt(c, secret, ra)
    expect(r.ok && r.value.toString()).toBe('tunnel')
  })
  it('MS-MPPE-Send/Recv-Key (32-octet keys) round trip with random salts', () => {
    const send = Buffer.alloc(32, 0xab)
    const recv = Buffer.alloc(32, 0xcd)
    const cs = saltEncrypt(send, secret, ra)
    const cr = saltEncrypt(recv, secret, ra)
    expect(cs.length).toBe(2 + 48)
    expect(((cs[0] as number) & 0x80) !== 0).toBe(true)
    const s = saltDecrypt(cs, secret, ra)
    const r = saltDecrypt(cr, secret, ra)
    expect(s.ok && s.value).toEqual(send)
    expect(r.ok && r.value).toEqual(recv)
  })
  it('round trips any data up to 239 octets (property)', () => {
    fc.assert(
      fc.property(fc.uint8Array({ maxLength: 239 }), fc.uint8Array({ minLength: 16, maxLength: 16 }), (d, auth) => {
        const r = saltDecrypt(saltEncrypt(Buffer.from(d), secret, Buffer.from(auth)), secret, Buffer.from(auth))
        expect(r.ok && r.value).toEqual(Buffer.from(d))
      }),
    )
  })
  it('failure reasons', () => {
    const bad = (b: Buffer) => {
      const r = saltDecrypt(b, secret, ra)
      return r.ok ? 'ok' : r.reason
    }
    expect(bad(Buffer.from([0x80]))).toBe(DecodeFailure.SALT_INVALID)
    expect(bad(Buffer.concat([Buffer.from([0x00, 0x01]), Buffer.alloc(16)]))).toBe(DecodeFailure.SALT_INVALID)
    expect(bad(Buffer.concat([Buffer.from([0x80, 0x01]), Buffer.alloc(15)]))).toBe(DecodeFailure.ENCRYPTED_LENGTH_INVALID)
    expect(bad(Buffer.from([0x80, 0x01]))).toBe(DecodeFailure.ENCRYPTED_LENGTH_INVALID)
    // A wrong secret almost surely yields a length octet larger than the data.
    const c = saltEncrypt(Buffer.from('x'), secret, ra, Buffer.from([0x80, 0x07]))
    const wrong = [...Array(20).keys()].map((i) => bad(saltEncrypt(Buffer.from('x'), Buffer.from(`k${i}`), ra)))
    expect(wrong).toContain(DecodeFailure.ENCRYPTED_PAYLOAD_INVALID)
    expect(bad(c)).toBe('ok')
  })
})
