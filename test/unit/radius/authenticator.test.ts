// Authenticators and Message-Authenticator (RFC 2865 §3, RFC 2866 §3, RFC 3579 §3.2, RFC 5176
// §3.5): sign/verify agreement, duplicates and bad lengths, tampering. Interop values are in
// vectors.test.ts (radclient).
import { describe, expect, it } from 'vitest'
import {
  Attr,
  Code,
  MESSAGE_AUTHENTICATOR_PLACEHOLDER,
  encodePacket,
  randomAuthenticator,
  signRequest,
  signResponse,
  verifyMessageAuthenticator,
  verifyRequestAuthenticator,
  verifyResponseAuthenticator,
} from '../../../proto/radius/index.js'

const secret = Buffer.from('shared')
const build = (code: number, extra: Array<{ type: number; value: Buffer }> = []) =>
  encodePacket({ code, identifier: 5, authenticator: randomAuthenticator(), attributes: [MESSAGE_AUTHENTICATOR_PLACEHOLDER, { type: Attr.UserName, value: Buffer.from('u') }, ...extra] })

describe('requests', () => {
  for (const code of [Code.AccessRequest, Code.StatusServer, Code.AccountingRequest, Code.CoARequest, Code.DisconnectRequest]) {
    it(`code ${code}: signRequest then verify`, () => {
      const p = build(code)
      const before = Buffer.from(p.subarray(4, 20))
      signRequest(p, secret)
      expect(verifyMessageAuthenticator(p, secret)).toBe('valid')
      if (code === Code.AccessRequest || code === Code.StatusServer) expect(p.subarray(4, 20)).toEqual(before)
      else expect(verifyRequestAuthenticator(p, secret)).toBe(true)
      const tampered = Buffer.from(p)
      tampered[tampered.length - 1] = (tampered[tampered.length - 1] as number) ^ 1
      expect(verifyMessageAuthenticator(tampered, secret)).toBe('invalid')
    })
  }
  it('placeholder is 16 zero octets and is not mutated by signing', () => {
    signRequest(build(Code.AccessRequest), secret)
    expect(MESSAGE_AUTHENTICATOR_PLACEHOLDER).toEqual({ type: 80, value: Buffer.alloc(16) })
    expect(randomAuthenticator()).toHaveLength(16)
  })
})

describe('responses', () => {
  for (const code of [Code.AccessAccept, Code.AccessReject, Code.AccessChallenge, Code.AccountingResponse, Code.CoAACK, Code.DisconnectNAK]) {
    it(`code ${code}: signResponse then verify`, () => {
      const reqAuth = randomAuthenticator()
      const r = build(code)
      signResponse(r, reqAuth, secret)
      expect(verifyResponseAuthenticator(r, reqAuth, secret)).toBe(true)
      expect(verifyResponseAuthenticator(r, randomAuthenticator(), secret)).toBe(false)
      expect(verifyMessageAuthenticator(r, secret, reqAuth)).toBe('valid')
    })
  }
  it('Accounting-Response to Status-Server uses the request authenticator (RFC 5997 §3)', () => {
    const reqAuth = randomAuthenticator()
    const r = build(Code.AccountingResponse)
    signResponse(r, reqAuth, secret, Code.StatusServer)
    expect(verifyMessageAuthenticator(r, secret, reqAuth, Code.StatusServer)).toBe('valid')
    expect(verifyMessageAuthenticator(r, secret, reqAuth)).toBe('invalid')
  })
})

describe('invalid Message-Authenticator shapes', () => {
  it('two of them, a wrong length, or none', () => {
    const two = build(Code.AccessRequest, [MESSAGE_AUTHENTICATOR_PLACEHOLDER])
    expect(verifyMessageAuthenticator(two, secret)).toBe('invalid')
    expect(() => signRequest(two, secret)).toThrow(RangeError)
    const short = encodePacket({ code: 1, identifier: 0, authenticator: Buffer.alloc(16), attributes: [{ type: 80, value: Buffer.alloc(15) }] })
    expect(verifyMessageAuthenticator(short, secret)).toBe('invalid')
    const none = encodePacket({ code: 1, identifier: 0, authenticator: Buffer.alloc(16), attributes: [] })
    expect(verifyMessageAuthenticator(none, secret)).toBe('absent')
    expect(verifyMessageAuthenticator(Buffer.alloc(5), secret)).toBe('invalid')
  })
})
