// The EAP-TTLS AVP codec (RFC 5281 §10): a vector captured from wpa_supplicant 2.10 (eapol_test
// log "EAP-TTLS: Encrypting Phase 2 data", PAP for alice / wonderland), the RFC 5281 §10.1 header
// layout with the V bit, each decode failure, arbitrary bytes never throwing, decode(encode(x)).
import { randomBytes } from 'node:crypto'
import { describe, expect, it } from 'vitest'
import {
  AvpCode, AvpDecodeFailure, AvpFlag, VENDOR_MICROSOFT, avpDecodeFailureMessage, decodeAvps, encodeAvp, findAvp, papPassword, type Avp,
} from '../../../proto/eap/index.js'

// Source: eapol_test v2.10 against this server, "EAP-TTLS: Phase 2 PAP Request" hexdump.
const WPA_SUPPLICANT_PAP = Buffer.from('0000000140 00000d 616c696365 000000 00000002 40 000018 776f6e6465726c616e64000000000000'.replace(/ /g, ''), 'hex')

describe('TTLS AVPs', () => {
  it('decodes wpa_supplicant\'s PAP phase 2: User-Name then User-Password padded with NULs to 16 octets', () => {
    const r = decodeAvps(WPA_SUPPLICANT_PAP)
    expect(r.ok).toBe(true)
    if (!r.ok) return
    expect(r.value.map((a) => [a.code, a.vendorId, a.mandatory])).toEqual([[AvpCode.UserName, 0, true], [AvpCode.UserPassword, 0, true]])
    expect(findAvp(r.value, AvpCode.UserName)?.data.toString()).toBe('alice')
    const pw = findAvp(r.value, AvpCode.UserPassword)!.data
    expect(pw.length).toBe(16)
    expect(papPassword(pw).toString()).toBe('wonderland')
    // Re-encoding gives the peer's octets back (padding of User-Name included).
    expect(Buffer.concat(r.value.map(encodeAvp)).equals(WPA_SUPPLICANT_PAP)).toBe(true)
  })

  it('reads the Vendor-ID when V is set (RFC 5281 §10.1), e.g. MS-CHAP2-Response (311:25)', () => {
    const b = Buffer.from('00000019' + 'c0' + '00000e' + '00000137' + '0102' + '0000', 'hex')
    const r = decodeAvps(b)
    expect(r).toEqual({ ok: true, value: [{ code: AvpCode.MsChap2Response, vendorId: VENDOR_MICROSOFT, mandatory: true, data: Buffer.from([1, 2]) }] })
  })

  it('accepts a last AVP without its padding', () => {
    const r = decodeAvps(Buffer.from('00000001' + '40' + '000009' + '61', 'hex'))
    expect(r.ok && r.value[0]?.data.toString()).toBe('a')
  })

  const failures: Array<[string, string, AvpDecodeFailure]> = [
    ['a short header', '000000014000', AvpDecodeFailure.HEADER_TRUNCATED],
    ['V set without room for the Vendor-ID', '00000001c000000c0000', AvpDecodeFailure.HEADER_TRUNCATED],
    ['Length below the header', '0000000140000007', AvpDecodeFailure.LENGTH_TOO_SMALL],
    ['Length below the vendor header', '00000001c000000b00000137', AvpDecodeFailure.LENGTH_TOO_SMALL],
    ['Length past the end', '000000014000000c6162', AvpDecodeFailure.LENGTH_OVERRUN],
  ]
  for (const [name, hex, reason] of failures) {
    it(`refuses ${name}: ${reason}`, () => {
      expect(decodeAvps(Buffer.from(hex, 'hex'))).toEqual({ ok: false, reason })
      expect(avpDecodeFailureMessage[reason]).toMatch(/RFC 5281|AVPs/)
    })
  }

  it('refuses more than 64 AVPs', () => {
    const one = encodeAvp({ code: 1, vendorId: 0, mandatory: false, data: Buffer.alloc(0) })
    expect(decodeAvps(Buffer.concat(Array.from({ length: 65 }, () => one)))).toEqual({ ok: false, reason: AvpDecodeFailure.TOO_MANY })
  })

  it('never throws on arbitrary bytes', () => {
    for (let i = 0; i < 5000; i++) expect(() => decodeAvps(randomBytes(i % 64))).not.toThrow()
  })

  it('decode(encode(x)) equals x for random AVP lists', () => {
    for (let i = 0; i < 500; i++) {
      const avps: Avp[] = Array.from({ length: 1 + (i % 5) }, (_, j) => ({
        code: randomBytes(4).readUInt32BE(0), vendorId: j % 2 === 0 ? 0 : 1 + (randomBytes(2).readUInt16BE(0)), mandatory: (i + j) % 3 === 0, data: randomBytes((i * 7 + j) % 40),
      }))
      const r = decodeAvps(Buffer.concat(avps.map(encodeAvp)))
      expect(r).toEqual({ ok: true, value: avps })
    }
  })

  it('sets the flags octet as RFC 5281 §10.1 draws it', () => {
    expect(encodeAvp({ code: 79, vendorId: 0, mandatory: true, data: Buffer.alloc(0) })[4]).toBe(AvpFlag.M)
    expect(encodeAvp({ code: 1, vendorId: 311, mandatory: false, data: Buffer.alloc(0) })[4]).toBe(AvpFlag.V)
  })
})
