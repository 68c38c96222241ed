// PEAPv0 phase 2 framing: the Result TLV as wpa_supplicant 2.10 logs it ("EAP-TLV: Received TLVs
// - hexdump(len=6): 80 03 00 02 00 01" for Success), compressed inner responses, and arbitrary
// bytes never throwing.
import { randomBytes } from 'node:crypto'
import { describe, expect, it } from 'vitest'
import { EAP_TYPE_EXTENSIONS, ResultStatus, decodeEapPacket, decodePeapInner, encodeCompressed, encodeResultRequest } from '../../../proto/eap/index.js'

describe('PEAPv0 inner framing', () => {
  it('the Result request is a full EAP Request of Type 33 with the TLVs wpa_supplicant reads', () => {
    const b = encodeResultRequest(110, ResultStatus.Success)
    const p = decodeEapPacket(b)
    expect(p.ok && p.value.code === 1 && 'type' in p.value && p.value.type).toBe(EAP_TYPE_EXTENSIONS)
    expect(b.subarray(5).toString('hex')).toBe('800300020001')
    expect(encodeResultRequest(1, ResultStatus.Failure).subarray(5).toString('hex')).toBe('800300020002')
  })

  it('reads the peer\'s Result response (full header) and compressed method responses', () => {
    expect(decodePeapInner(Buffer.from('026e000b21800300020001', 'hex'))).toEqual({ kind: 'result', identifier: 110, status: 1 })
    expect(decodePeapInner(Buffer.from('026e000b21800300020002', 'hex'))).toEqual({ kind: 'result', identifier: 110, status: 2 })
    // No Result TLV among the TLVs (a Crypto-Binding TLV only): no status.
    expect(decodePeapInner(Buffer.from('026e000d21800c0004aabbccdd', 'hex'))).toEqual({ kind: 'result', identifier: 110, status: undefined })
    expect(decodePeapInner(Buffer.from('0164657631', 'hex'))).toEqual({ kind: 'method', type: 1, data: Buffer.from('dev1') })
    expect(decodePeapInner(Buffer.from('0d00', 'hex'))).toEqual({ kind: 'method', type: 13, data: Buffer.from([0]) })
    expect(decodePeapInner(Buffer.alloc(0))).toEqual({ kind: 'invalid' })
    expect(encodeCompressed(1, Buffer.alloc(0))).toEqual(Buffer.from([1]))
  })

  it('never throws on arbitrary bytes', () => {
    for (let i = 0; i < 5000; i++) expect(() => decodePeapInner(randomBytes(i % 40))).not.toThrow()
  })
})
