// proto/radius/md5.ts against node:crypto's createHmac/createHash (an independent implementation of
// RFC 2104 / RFC 1321): any secret length (over 64 octets it is hashed first, RFC 2104 §2), any message.
import { createHash, createHmac } from 'node:crypto'
import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import { hmacMd5Finish, hmacMd5Scratch, md5Scratch } from '../../../proto/radius/md5.js'

describe('one-shot MD5 and HMAC-MD5', () => {
  it('HMAC-MD5 equals createHmac for any secret and message', () => {
    fc.assert(fc.property(fc.uint8Array({ minLength: 0, maxLength: 200 }), fc.uint8Array({ minLength: 0, maxLength: 4096 }), (secret, msg) => {
      const s = Buffer.from(secret)
      const { buf, at } = hmacMd5Scratch(msg.length)
      buf.set(msg, at)
      expect(hmacMd5Finish(s, msg.length).toString('hex')).toBe(createHmac('md5', s).update(msg).digest('hex'))
    }), { numRuns: 300 })
  })

  it('MD5 equals createHash, in and beyond the scratch buffer', () => {
    fc.assert(fc.property(fc.uint8Array({ minLength: 0, maxLength: 6000 }), (msg) => {
      const got = md5Scratch(msg.length, (buf) => buf.set(msg, 0))
      expect(got.toString('hex')).toBe(createHash('md5').update(msg).digest('hex'))
    }), { numRuns: 200 })
  })
})
