// TEAP codecs (RFC 7170 §4.1, §4.2): TLV framing, the peer-message decoder's refusals, the
// Crypto-Binding layout, and the outer framing with Outer TLVs, as hostapd's eap_teap_process
// strips them. Byte strings are written from the RFC's figures, not from our encoder.
import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import {
  CryptoBindingFlags, CryptoBindingSubType, TeapTlvType, decodeCryptoBinding, decodePeerMessage, decodeTlvs, encodeCryptoBinding,
  encodeTeapStart, identityTypeTlv, resultTlv, splitTeapOuter, zeroedMacs,
} from '../../../proto/eap/index.js'

const hex = (s: string): Buffer => Buffer.from(s.replace(/\s+/g, ''), 'hex')

describe('TEAP TLVs', () => {
  it('encodes Result, Intermediate-Result (M bit set) and Identity-Type (M bit clear) as RFC 7170 §4.2.3, §4.2.4, §4.2.11 draw them', () => {
    // Type 3 with M: 0x8003, Length 2, Status 1 (Success).
    expect(resultTlv(1, false)).toEqual(hex('8003 0002 0001'))
    expect(resultTlv(2, true)).toEqual(hex('800a 0002 0002'))
    expect(identityTypeTlv(2)).toEqual(hex('0002 0002 0002'))
  })

  it('decodes a peer message with EAP-Payload, Identity-Type and an ignored optional unknown TLV', () => {
    const eap = hex('02 07 000a 01 616c696365')
    const msg = Buffer.concat([hex('8009 000a'), eap, hex('0002 0002 0001'), hex('3fff 0001 00')])
    const r = decodePeerMessage(msg)
    expect(r.ok).toBe(true)
    if (!r.ok) return
    expect(r.message.eapPayload).toEqual(eap)
    expect(r.message.identityType).toBe(1)
  })

  it.each([
    ['a TLV longer than the buffer', hex('8003 0004 0001')],
    ['a trailing partial header', hex('8003 0002 0001 80')],
    ['two Result TLVs', hex('8003 0002 0001 8003 0002 0001')],
    ['an unknown mandatory TLV', hex('bfff 0000')],
    ['a short Result', hex('8003 0001 01')],
    ['a Crypto-Binding of the wrong length', hex('800c 0004 00010100')],
    ['an Error TLV of 2 octets', hex('8005 0002 03e9')],
    ['a mandatory PAC TLV (not part of an inner-EAP conversation)', hex('800b 0000')],
  ])('refuses %s', (_name, buf) => {
    expect(decodePeerMessage(buf).ok).toBe(false)
  })

  it('never throws on arbitrary bytes', () => {
    fc.assert(fc.property(fc.uint8Array({ maxLength: 300 }), (b) => {
      decodePeerMessage(Buffer.from(b))
      decodeTlvs(Buffer.from(b))
      splitTeapOuter(Buffer.from(b))
    }), { numRuns: 2000 })
  })
})

describe('Crypto-Binding TLV (RFC 7170 §4.2.13)', () => {
  const nonce = Buffer.alloc(32, 0xaa)
  const cb = encodeCryptoBinding({
    version: 1, receivedVersion: 1, flags: CryptoBindingFlags.Both, subType: CryptoBindingSubType.Request,
    nonce, emskMac: Buffer.alloc(20, 0x11), mskMac: Buffer.alloc(20, 0x22),
  })

  it('is 80 octets: the M bit, Type 12, Length 76, Reserved, Version, Received-Ver, Flags<<4|Sub-Type', () => {
    expect(cb.length).toBe(80)
    expect(cb.subarray(0, 8)).toEqual(hex('800c 004c 00 01 01 30'))
    expect(cb.subarray(8, 40)).toEqual(nonce)
    expect(cb.subarray(40, 60)).toEqual(Buffer.alloc(20, 0x11))
    expect(cb.subarray(60, 80)).toEqual(Buffer.alloc(20, 0x22))
  })

  it('decodes what the peer sends and zeroes both MACs for the Compound MAC input (§5.3)', () => {
    const r = decodePeerMessage(cb)
    expect(r.ok).toBe(true)
    if (!r.ok || r.message.cryptoBinding === undefined) throw new Error('no binding')
    const d = decodeCryptoBinding(r.message.cryptoBinding)
    expect([d.version, d.receivedVersion, d.flags, d.subType]).toEqual([1, 1, 3, 0])
    const z = zeroedMacs(cb)
    expect(z.subarray(0, 40)).toEqual(cb.subarray(0, 40))
    expect(z.subarray(40)).toEqual(Buffer.alloc(40))
  })
})

describe('TEAP outer framing (RFC 7170 §4.1)', () => {
  it('starts with S, O and version 1, the Outer TLV Length, then the Outer TLVs', () => {
    const tlvs = hex('0001 0004 deadbeef')
    expect(encodeTeapStart(tlvs)).toEqual(Buffer.concat([hex('31 00000008'), tlvs]))
  })

  it('strips a peer\'s Outer TLVs and reduces the Message Length by them (as hostapd eap_teap_process)', () => {
    const tls = hex('160303000401020304')
    const outer = hex('0007 0004 000028b8')
    const msg = Buffer.concat([hex('91'), hex((4 + outer.length + tls.length).toString(16).padStart(8, '0')), hex(outer.length.toString(16).padStart(8, '0')), tls, outer])
    const r = splitTeapOuter(msg)
    expect(r.ok).toBe(true)
    if (!r.ok) return
    expect(r.outerTlvs).toEqual(outer)
    expect(r.payload.data).toEqual(tls)
    expect(r.payload.totalLength).toBe(tls.length)
    expect(r.version).toBe(1)
    expect(r.payload.flags & 0x10).toBe(0)
  })

  it('refuses an Outer TLV Length beyond the message', () => {
    expect(splitTeapOuter(hex('11 00000010 0001')).ok).toBe(false)
  })

  it('leaves a message without the O bit to the EAP-TLS framing', () => {
    const r = splitTeapOuter(hex('01 1603'))
    expect(r.ok && r.outerTlvs === undefined && r.payload.data.equals(hex('1603'))).toBe(true)
  })

  it('exports the TLV type numbers of the IANA registry', () => {
    expect([TeapTlvType.EapPayload, TeapTlvType.IntermediateResult, TeapTlvType.CryptoBinding]).toEqual([9, 10, 12])
  })
})
