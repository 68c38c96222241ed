import { createHmac, randomBytes } from 'node:crypto'
import { describe, expect, it } from 'vitest'
import { hmac } from '../../../bench/supplicant/tls13/hmac.js'

describe('one-shot HMAC of the lean TLS 1.3 key schedule', () => {
  it('matches RFC 4231 test case 2 (key "Jefe")', () => {
    const key = Buffer.from('Jefe')
    const data = Buffer.from('what do ya want for nothing?')
    expect(hmac('sha256', key, data).toString('hex')).toBe('5bdcc146bf60754e6a042426089575c75a003f089d2739839dec58b964ec3843')
    expect(hmac('sha384', key, data).toString('hex')).toBe('af45d2e376484031617f78d2b58a6b1b9c7ef464f5a01b47e42ec3736322445e8e2240ca5e69e2c78b3239ecfab21649')
  })

  it('agrees with OpenSSL\'s HMAC for keys around the block size and messages past the scratch buffer', () => {
    for (const h of ['sha256', 'sha384'] as const) {
      for (const keyLength of [0, 1, 32, 63, 64, 65, 127, 128, 129, 300]) {
        for (const sizes of [[0], [5, 0, 27], [1023], [1024], [1025], [600, 600]]) {
          const key = randomBytes(keyLength)
          const parts = sizes.map((n) => randomBytes(n))
          const want = createHmac(h, key)
          for (const p of parts) want.update(p)
          expect(hmac(h, key, ...parts).equals(want.digest()), `${h} key ${keyLength} parts ${sizes.join('+')}`).toBe(true)
        }
      }
    }
  })

  it('returns a buffer of its own: the next call does not change an earlier result', () => {
    const a = hmac('sha256', Buffer.from('k1'), Buffer.from('m1'))
    const copy = Buffer.from(a)
    hmac('sha256', Buffer.from('k2'), Buffer.from('m2'))
    expect(a.equals(copy)).toBe(true)
  })
})
