// EAP packet and EAP-TLS header vectors. Sources: RFC 3748 §4.2 (Success/Failure layout), and
// captures printed by eapol_test (wpa_supplicant 2.10, Debian) against this server in
// test/interop/eap: its EAP-Response/Identity and the EAP-TLS Start it decoded (flags 0x20).
import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import {
  EapCode, EapDecodeFailure, EapType, TlsFlag, decodeEapPacket, decodeTlsPayload, eapMessageAttributes, encodeEapPacket, encodeTlsPayload, joinEapMessage,
} from '../../../proto/eap/index.js'
import { Attr, decodePacket, encodePacket } from '../../../proto/radius/index.js'

const hex = (s: string): Buffer => Buffer.from(s.replace(/\s+/g, ''), 'hex')

describe('EAP packet (RFC 3748 §4)', () => {
  it('decodes the EAP-Response/Identity eapol_test sent ("TX EAP -> RADIUS" capture)', () => {
    const d = decodeEapPacket(hex('02 fc 00 12 01 64 65 6d 6f 2d 64 65 76 69 63 65 2d 31'))
    expect(d.ok).toBe(true)
    if (!d.ok || !('type' in d.value)) throw new Error('not a response')
    expect(d.value).toMatchObject({ code: EapCode.Response, identifier: 0xfc, type: EapType.Identity })
    expect(d.value.data.toString()).toBe('demo-device-1')
  })

  it('encodes the EAP-TLS Start eapol_test decoded (code=1 len=6, flags 0x20)', () => {
    const start = encodeEapPacket({ code: EapCode.Request, identifier: 0xfd, type: EapType.Tls, data: encodeTlsPayload({ flags: TlsFlag.S, totalLength: undefined, data: Buffer.alloc(0) }) })
    expect(start.toString('hex')).toBe('01fd00060d20')
  })

  it('Success and Failure are 4 octets (RFC 3748 §4.2)', () => {
    expect(encodeEapPacket({ code: EapCode.Success, identifier: 7 }).toString('hex')).toBe('03070004')
    expect(encodeEapPacket({ code: EapCode.Failure, identifier: 7 }).toString('hex')).toBe('04070004')
    expect(decodeEapPacket(hex('03070005 00'))).toEqual({ ok: false, reason: EapDecodeFailure.SUCCESS_FAILURE_WITH_DATA })
  })

  it('refuses malformed packets with a reason from the closed set', () => {
    expect(decodeEapPacket(hex('0201'))).toEqual({ ok: false, reason: EapDecodeFailure.TOO_SHORT })
    expect(decodeEapPacket(hex('02010010 01'))).toEqual({ ok: false, reason: EapDecodeFailure.LENGTH_MISMATCH })
    expect(decodeEapPacket(hex('02010003 01'))).toEqual({ ok: false, reason: EapDecodeFailure.LENGTH_MISMATCH })
    expect(decodeEapPacket(hex('05010004'))).toEqual({ ok: false, reason: EapDecodeFailure.UNKNOWN_CODE })
    expect(decodeEapPacket(hex('02010004'))).toEqual({ ok: false, reason: EapDecodeFailure.MISSING_TYPE })
  })

  it('octets beyond Length are padding (RFC 3748 §4.1)', () => {
    const d = decodeEapPacket(hex('02 01 00 06 0d 00 ff ff'))
    expect(d.ok && 'type' in d.value && d.value.data.length).toBe(1)
  })

  it('arbitrary bytes never throw; decode(encode(x)) is x', () => {
    fc.assert(fc.property(fc.uint8Array({ maxLength: 64 }), (b) => { decodeEapPacket(Buffer.from(b)); decodeTlsPayload(Buffer.from(b)) }))
    fc.assert(fc.property(fc.constantFrom(1, 2), fc.integer({ min: 0, max: 255 }), fc.integer({ min: 0, max: 255 }), fc.uint8Array({ maxLength: 300 }), (code, identifier, type, data) => {
      const p = { code: code as 1 | 2, identifier, type, data: Buffer.from(data) }
      expect(decodeEapPacket(encodeEapPacket(p))).toEqual({ ok: true, value: p })
    }))
  })
})

describe('EAP-TLS header (RFC 5216 §3.1)', () => {
  it('L bit carries the 4-octet TLS Message Length', () => {
    const t = encodeTlsPayload({ flags: TlsFlag.L | TlsFlag.M, totalLength: 3000, data: Buffer.from('ab') })
    expect(t.toString('hex')).toBe('c000000bb86162')
    expect(decodeTlsPayload(t)).toEqual({ ok: true, value: { flags: 0xc0, totalLength: 3000, data: Buffer.from('ab') } })
  })

  it('refuses an L bit without the length, and a length below the fragment', () => {
    expect(decodeTlsPayload(hex('80 0000'))).toEqual({ ok: false, reason: EapDecodeFailure.TLS_HEADER_TRUNCATED })
    expect(decodeTlsPayload(hex('80 00000001 aabb'))).toEqual({ ok: false, reason: EapDecodeFailure.TLS_LENGTH_INVALID })
  })
})

describe('EAP-Message in RADIUS (RFC 3579 §3.1)', () => {
  it('splits at 253 octets and joins in order, for any size', () => {
    fc.assert(fc.property(fc.uint8Array({ minLength: 1, maxLength: 3000 }), (b) => {
      const eap = Buffer.from(b)
      const attrs = eapMessageAttributes(eap)
      expect(attrs.every((a) => a.value.length <= 253 && a.type === Attr.EAPMessage)).toBe(true)
      const packet = encodePacket({ code: 1, identifier: 1, authenticator: Buffer.alloc(16), attributes: attrs })
      const d = decodePacket(packet)
      if (!d.ok) throw new Error(d.reason)
      expect(joinEapMessage(d.value)).toEqual({ ok: true, value: eap })
    }))
  })
})
