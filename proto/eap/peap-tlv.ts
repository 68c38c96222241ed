// PEAPv0 phase 2 framing (MS-PEAP "EAP TLV Extensions" and phase 2 header compression; draft-josefsson-pppext-eap-tls-eap-10): inner
// EAP packets travel without their Code/Identifier/Length header ("compressed"), except the
// Extensions packets (EAP Type 33) that carry the Result TLV, which keep a full EAP header.

/** The EAP TLV Extensions method, EAP Type 33 (IANA; MS-PEAP). */
export const EAP_TYPE_EXTENSIONS = 33
/** Result TLV (MS-PEAP; draft-josefsson-pppext-eap-tls-eap-10 §4.2): TLV Type 3, mandatory bit set, Status 1 Success, 2 Failure. */
export const ResultStatus = { Success: 1, Failure: 2 } as const
export type ResultStatus = (typeof ResultStatus)[keyof typeof ResultStatus]

const TLV_RESULT = 3
const TLV_MANDATORY = 0x8000

/** An inner EAP packet from the peer: a compressed method response, or an Extensions response. */
export type PeapInner =
  | { kind: 'method'; type: number; data: Buffer }
  | { kind: 'result'; identifier: number; status: number | undefined }
  | { kind: 'invalid' }

/** The Extensions Request carrying a Result TLV (a full EAP packet). */
export function encodeResultRequest(identifier: number, status: ResultStatus): Buffer {
  // Code 1, Identifier, Length 11, Type 33, TLV: M|Type 3, Length 2, Status.
  return Buffer.from([1, identifier & 0xff, 0, 11, EAP_TYPE_EXTENSIONS, (TLV_MANDATORY | TLV_RESULT) >> 8, TLV_RESULT & 0xff, 0, 2, 0, status])
}

/**
 * Classify decrypted phase 2 data. A full Response packet of Type 33 whose Length matches is the
 * Extensions response (its header is never compressed); anything
 * else is a compressed inner method response: Type, then Type-Data.
 */
export function decodePeapInner(buf: Buffer): PeapInner {
  if (buf.length >= 5 && buf[0] === 2 && buf.readUInt16BE(2) === buf.length && buf[4] === EAP_TYPE_EXTENSIONS) {
    return { kind: 'result', identifier: buf[1] as number, status: peapResultStatus(buf.subarray(5)) }
  }
  if (buf.length < 1) return { kind: 'invalid' }
  return { kind: 'method', type: buf[0] as number, data: buf.subarray(1) }
}

/** The Status of the Result TLV among `tlvs`, or undefined when there is none (or it is malformed). */
export function peapResultStatus(tlvs: Buffer): number | undefined {
  let off = 0
  while (tlvs.length - off >= 4) {
    const type = tlvs.readUInt16BE(off) & 0x3fff
    const length = tlvs.readUInt16BE(off + 2)
    if (length > tlvs.length - off - 4) return undefined
    if (type === TLV_RESULT) return length === 2 ? tlvs.readUInt16BE(off + 4) : undefined
    off += 4 + length
  }
  return undefined
}

/** A compressed inner request: Type then Type-Data (PEAPv0 header compression). */
export function encodeCompressed(type: number, data: Buffer): Buffer {
  return Buffer.concat([Buffer.from([type]), data])
}
