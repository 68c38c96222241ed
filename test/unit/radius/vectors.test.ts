// Vectors from RFC 2865 §7 and from radclient (FreeRADIUS) captures: decoding, hiding,
// authenticators and Message-Authenticator checked against values we did not produce.
import { describe, expect, it } from 'vitest'
import {
  Attr,
  Code,
  decodeAttributes,
  decodePacket,
  encodeAttributes,
  encodePacket,
  findAttribute,
  findAttributes,
  hideUserPassword,
  revealUserPassword,
  saltDecrypt,
  signRequest,
  signResponse,
  verifyMessageAuthenticator,
  verifyRequestAuthenticator,
  verifyResponseAuthenticator,
  type DecodedAttribute,
} from '../../../proto/radius/index.js'
import { loadDictionary } from '../../../ops/radius/dictionary-files.js'
import { hex, vectorFile } from './support.js'

interface RfcVector {
  name: string
  hex: string
  code: number
  identifier: number
  secret?: string
  authenticator?: string
  requestAuthenticator?: string
  userPassword?: string
  attributes: Array<{ name: string; value?: string | number; valueName?: string; hex?: string; hiddenHex?: string }>
}
const rfc = vectorFile<{ source: string; vectors: RfcVector[] }>('rfc2865-examples.json')
const dict = loadDictionary()

function mustDecode(buf: Buffer) {
  const p = decodePacket(buf)
  if (!p.ok) throw new Error(p.reason)
  return p.value
}

describe('RFC 2865 §7 examples', () => {
  for (const v of rfc.vectors) {
    it(`${v.name}: decodes to the attributes the RFC lists`, () => {
      const p = mustDecode(hex(v.hex))
      expect(p.code).toBe(v.code)
      expect(p.identifier).toBe(v.identifier)
      const attrs = decodeAttributes(p, dict)
      if (!attrs.ok) throw new Error(attrs.reason)
      expect(attrs.value.map((a) => a.name)).toEqual(v.attributes.map((a) => a.name))
      v.attributes.forEach((want, i) => {
        const got = attrs.value[i] as DecodedAttribute
        if (want.value !== undefined) expect(got.value).toEqual(want.value)
        if (want.hex !== undefined) expect((got.value as Buffer).toString('hex')).toBe(want.hex.replace(/\s+/g, ''))
        if (want.hiddenHex !== undefined) expect((got.value as Buffer).toString('hex')).toBe(want.hiddenHex)
        if (want.valueName !== undefined) expect(dict.valueName(got.name, got.value as number)).toBe(want.valueName)
      })
      // Re-encoding the decoded attributes gives the RFC octets back.
      const again = encodePacket({ code: p.code, identifier: p.identifier, authenticator: p.authenticator, attributes: encodeAttributes(dict, attrs.value) })
      expect(again.toString('hex')).toBe(v.hex.replace(/\s+/g, ''))
    })
  }

  it('7.1: User-Password "arctangent" hides to the RFC octets and reveals back', () => {
    const v = rfc.vectors[0] as RfcVector
    const p = mustDecode(hex(v.hex))
    const secret = Buffer.from(v.secret as string)
    expect(p.authenticator.toString('hex')).toBe(v.authenticator)
    const hidden = findAttribute(p, Attr.UserPassword)?.value as Buffer
    expect(hideUserPassword(Buffer.from('arctangent'), secret, p.authenticator)).toEqual(hidden)
    const shown = revealUserPassword(hidden, secret, p.authenticator)
    expect(shown.ok && shown.value.toString()).toBe(v.userPassword)
  })

  it('7.1: Access-Accept Response Authenticator verifies, and signResponse reproduces it', () => {
    const v = rfc.vectors[1] as RfcVector
    const accept = hex(v.hex)
    const secret = Buffer.from(v.secret as string)
    const reqAuth = hex(v.requestAuthenticator as string)
    expect(verifyResponseAuthenticator(accept, reqAuth, secret)).toBe(true)
    expect(verifyResponseAuthenticator(accept, reqAuth, Buffer.from('wrong'))).toBe(false)
    const copy = Buffer.from(accept)
    copy.fill(0, 4, 20)
    signResponse(copy, reqAuth, secret)
    expect(copy).toEqual(accept)
    expect(verifyMessageAuthenticator(accept, secret, reqAuth)).toBe('absent')
  })
})

interface Capture {
  name: string
  radclientInput: string[]
  packetHex: string
  replyHex?: string
  plaintextHex: Record<string, string>
  ourReplyAcceptedByRadclient: boolean
  radclientOutput: string[]
}
const cap = vectorFile<{ source: string; secret: string; vectors: Capture[] }>('radclient-capture.json')
const capSecret = Buffer.from(cap.secret)

describe('radclient captures (FreeRADIUS radclient as the independent implementation)', () => {
  it('names its source', () => {
    expect(cap.source).toMatch(/radclient/)
    expect(rfc.source).toMatch(/RFC 2865/)
  })

  for (const v of cap.vectors) {
    describe(v.name, () => {
      const packet = hex(v.packetHex)
      const p = mustDecode(packet)

      it('Message-Authenticator and Request Authenticator verify; a wrong secret fails', () => {
        const hasMa = findAttribute(p, Attr.MessageAuthenticator) !== undefined
        expect(verifyMessageAuthenticator(packet, capSecret)).toBe(hasMa ? 'valid' : 'absent')
        if (hasMa) expect(verifyMessageAuthenticator(packet, Buffer.from('nope'))).toBe('invalid')
        if (p.code === Code.AccountingRequest || p.code === Code.CoARequest || p.code === Code.DisconnectRequest) {
          expect(verifyRequestAuthenticator(packet, capSecret)).toBe(true)
          expect(verifyRequestAuthenticator(packet, Buffer.from('nope'))).toBe(false)
        }
      })

      it('signRequest over the same attributes reproduces radclient octets', () => {
        const copy = Buffer.from(packet)
        const ma = findAttribute(mustDecode(copy), Attr.MessageAuthenticator)
        ma?.value.fill(0)
        if (p.code !== Code.AccessRequest && p.code !== Code.StatusServer) copy.fill(0, 4, 20)
        signRequest(copy, capSecret)
        expect(copy.toString('hex')).toBe(v.packetHex)
      })

      it('decodes every attribute radclient printed, with hidden values revealed', () => {
        const attrs = decodeAttributes(p, dict)
        if (!attrs.ok) throw new Error(attrs.reason)
        for (const line of v.radclientInput) {
          const name = (line.split('=')[0] as string).trim().replace(/:\d+$/, '')
          expect(attrs.value.some((a) => a.name === name), name).toBe(true)
        }
        const pw = v.plaintextHex['User-Password']
        if (pw !== undefined) {
          const shown = revealUserPassword(findAttribute(p, Attr.UserPassword)?.value as Buffer, capSecret, p.authenticator)
          expect(shown.ok && shown.value.toString('hex')).toBe(pw)
        }
      })

      it('radclient accepted our signed reply (signResponse, Message-Authenticator first)', () => {
        expect(v.ourReplyAcceptedByRadclient).toBe(true)
        const reply = hex(v.replyHex as string)
        expect(verifyResponseAuthenticator(reply, p.authenticator, capSecret)).toBe(true)
        expect(verifyMessageAuthenticator(reply, capSecret, p.authenticator, p.code)).toBe('valid')
        expect(mustDecode(reply).attributes[0]?.type).toBe(Attr.MessageAuthenticator)
      })
    })
  }

  it('salt-encrypted reply values decrypt to what radclient printed after decrypting them', () => {
    const v = cap.vectors.find((x) => x.replyHex !== undefined && x.radclientOutput.some((l) => l.includes('Tunnel-Password'))) as Capture
    const reqAuth = mustDecode(hex(v.packetHex)).authenticator
    const attrs = decodeAttributes(mustDecode(hex(v.replyHex as string)), dict)
    if (!attrs.ok) throw new Error(attrs.reason)
    const printed = (name: string): string => {
      const line = v.radclientOutput.find((l) => l.trim().startsWith(name)) as string
      return (line.split('=')[1] as string).trim()
    }
    const tp = attrs.value.find((a) => a.name === 'Tunnel-Password') as DecodedAttribute
    expect(tp.tag).toBe(3)
    const tpPlain = saltDecrypt(tp.value as Buffer, capSecret, reqAuth)
    expect(tpPlain.ok && `"${tpPlain.value.toString()}"`).toBe(printed('Tunnel-Password:3'))
    for (const name of ['MS-MPPE-Send-Key', 'MS-MPPE-Recv-Key']) {
      const a = attrs.value.find((x) => x.name === name) as DecodedAttribute
      const plain = saltDecrypt(a.value as Buffer, capSecret, reqAuth)
      expect(plain.ok && `0x${plain.value.toString('hex')}`).toBe(printed(name))
    }
    expect(findAttributes(mustDecode(hex(v.replyHex as string)), Attr.VendorSpecific)).toHaveLength(2)
  })
})
