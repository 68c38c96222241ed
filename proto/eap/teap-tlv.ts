// TEAP TLVs (RFC 7170 §4.2; draft-ietf-emu-rfc7170bis §4.2): the 4-octet header (M bit, R bit,
// 14-bit Type, Length) and the TLVs a server with inner EAP uses. Decoding slices, never throws,
// and refuses what RFC 7170 forbids: a TLV running past the buffer, a second copy of a TLV that
// "MUST NOT" repeat, and unknown mandatory TLVs (§4.2: "if the TLV is not understood ... the
// receiver MUST send a NAK TLV"; we end the conversation instead: no unknown TLV is expected).

/** RFC 7170 §4.2 "TLV Format": "M ... 1 Mandatory TLV", "R Reserved". */
export const TEAP_TLV_MANDATORY = 0x8000
const TLV_TYPE_MASK = 0x3fff
const TLV_HEADER = 4

/** RFC 7170 §4.2 TLV types (IANA "TEAP TLV Types"). */
export const TeapTlvType = {
  AuthorityId: 1,
  IdentityType: 2,
  Result: 3,
  Nak: 4,
  Error: 5,
  ChannelBinding: 6,
  VendorSpecific: 7,
  RequestAction: 8,
  EapPayload: 9,
  IntermediateResult: 10,
  Pac: 11,
  CryptoBinding: 12,
  BasicPasswordAuthReq: 13,
  BasicPasswordAuthResp: 14,
  Pkcs7: 15,
  Pkcs10: 16,
  TrustedServerRoot: 17,
} as const

/** RFC 7170 §4.2.3 Identity-Type: "1 User", "2 Machine". */
export const TeapIdentityType = { User: 1, Machine: 2 } as const
export type TeapIdentityType = (typeof TeapIdentityType)[keyof typeof TeapIdentityType]

/** RFC 7170 §4.2.4 Result and §4.2.11 Intermediate-Result Status: "1 Success", "2 Failure". */
export const TeapStatus = { Success: 1, Failure: 2 } as const

/** RFC 7170 §4.2.6 Error-Code values the server sends. */
export const TeapErrorCode = {
  InnerMethodError: 1001,
  TunnelCompromiseError: 2001,
  UnexpectedTlvsExchanged: 2002,
} as const

export interface TeapTlv {
  type: number
  mandatory: boolean
  value: Buffer
}

export type TeapTlvsResult = { ok: true; tlvs: TeapTlv[] } | { ok: false; reason: TeapTlvFailure }

export const TeapTlvFailure = {
  TRUNCATED: 'TRUNCATED',
  DUPLICATE: 'DUPLICATE',
  BAD_LENGTH: 'BAD_LENGTH',
  UNKNOWN_MANDATORY: 'UNKNOWN_MANDATORY',
} as const
export type TeapTlvFailure = (typeof TeapTlvFailure)[keyof typeof TeapTlvFailure]

export function encodeTlv(type: number, value: Buffer, mandatory = false): Buffer {
  if (value.length > 0xffff) throw new RangeError(`TEAP TLV of ${value.length} octets`)
  const out = Buffer.allocUnsafe(TLV_HEADER + value.length)
  out.writeUInt16BE((mandatory ? TEAP_TLV_MANDATORY : 0) | (type & TLV_TYPE_MASK), 0)
  out.writeUInt16BE(value.length, 2)
  value.copy(out, TLV_HEADER)
  return out
}

/** Split a buffer of TLVs. A trailing fragment shorter than a header is malformed too. */
export function decodeTlvs(buf: Buffer): TeapTlvsResult {
  const tlvs: TeapTlv[] = []
  let off = 0
  while (off < buf.length) {
    if (buf.length - off < TLV_HEADER) return { ok: false, reason: TeapTlvFailure.TRUNCATED }
    const head = buf.readUInt16BE(off)
    const length = buf.readUInt16BE(off + 2)
    if (length > buf.length - off - TLV_HEADER) return { ok: false, reason: TeapTlvFailure.TRUNCATED }
    tlvs.push({ type: head & TLV_TYPE_MASK, mandatory: (head & TEAP_TLV_MANDATORY) !== 0, value: buf.subarray(off + TLV_HEADER, off + TLV_HEADER + length) })
    off += TLV_HEADER + length
  }
  return { ok: true, tlvs }
}

/** The TLVs a peer sends a server doing inner EAP, one of each at most (RFC 7170 §4.3). */
export interface TeapPeerMessage {
  identityType: number | undefined
  result: number | undefined
  intermediateResult: number | undefined
  /** The inner EAP packet (RFC 7170 §4.2.10). */
  eapPayload: Buffer | undefined
  /** The whole Crypto-Binding TLV, header included (its MAC covers the header, §5.3). */
  cryptoBinding: Buffer | undefined
  nak: Buffer | undefined
  errorCode: number | undefined
}

/** TLVs that are understood (and ignored when optional): §4.2 lists them all. */
const KNOWN = new Set<number>(Object.values(TeapTlvType))

export type TeapPeerMessageResult = { ok: true; message: TeapPeerMessage } | { ok: false; reason: TeapTlvFailure }

export function decodePeerMessage(buf: Buffer): TeapPeerMessageResult {
  const split = decodeTlvs(buf)
  if (!split.ok) return split
  const m: TeapPeerMessage = { identityType: undefined, result: undefined, intermediateResult: undefined, eapPayload: undefined, cryptoBinding: undefined, nak: undefined, errorCode: undefined }
  const seen = new Set<number>()
  let off = 0
  for (const t of split.tlvs) {
    const start = off
    off += TLV_HEADER + t.value.length
    if (!KNOWN.has(t.type)) {
      if (t.mandatory) return { ok: false, reason: TeapTlvFailure.UNKNOWN_MANDATORY }
      continue
    }
    // RFC 7170 §4.3.1: Result, Intermediate-Result, Crypto-Binding, EAP-Payload, Identity-Type
    // appear "0-1" times in a message; Error and NAK may repeat (the first is kept).
    if (t.type !== TeapTlvType.Error && t.type !== TeapTlvType.Nak && t.type !== TeapTlvType.VendorSpecific) {
      if (seen.has(t.type)) return { ok: false, reason: TeapTlvFailure.DUPLICATE }
      seen.add(t.type)
    }
    switch (t.type) {
      case TeapTlvType.IdentityType:
      case TeapTlvType.Result:
      case TeapTlvType.IntermediateResult: {
        if (t.value.length < 2) return { ok: false, reason: TeapTlvFailure.BAD_LENGTH }
        const v = t.value.readUInt16BE(0)
        if (t.type === TeapTlvType.IdentityType) m.identityType = v
        else if (t.type === TeapTlvType.Result) m.result = v
        else m.intermediateResult = v
        break
      }
      case TeapTlvType.EapPayload:
        m.eapPayload = t.value
        break
      case TeapTlvType.CryptoBinding:
        if (t.value.length !== CRYPTO_BINDING_VALUE_LENGTH) return { ok: false, reason: TeapTlvFailure.BAD_LENGTH }
        m.cryptoBinding = buf.subarray(start, off)
        break
      case TeapTlvType.Nak:
        // §4.2.5: Vendor-Id (4), NAK-Type (2), then TLVs.
        if (t.value.length < 6) return { ok: false, reason: TeapTlvFailure.BAD_LENGTH }
        m.nak ??= t.value
        break
      case TeapTlvType.Error:
        if (t.value.length !== 4) return { ok: false, reason: TeapTlvFailure.BAD_LENGTH }
        m.errorCode ??= t.value.readUInt32BE(0)
        break
      default:
        // Understood but not expected from a peer in an inner-EAP conversation (PAC, Basic
        // Password, PKCS#10 ...): a mandatory one is an error, an optional one is ignored.
        if (t.mandatory) return { ok: false, reason: TeapTlvFailure.UNKNOWN_MANDATORY }
    }
  }
  return { ok: true, message: m }
}

/** Identity-Type (§4.2.3): optional, so the M bit is clear, as hostapd sends it. */
export function identityTypeTlv(t: TeapIdentityType): Buffer {
  return encodeTlv(TeapTlvType.IdentityType, u16(t))
}

/** Result (§4.2.4) or Intermediate-Result (§4.2.11): mandatory. */
export function resultTlv(status: number, intermediate: boolean): Buffer {
  return encodeTlv(intermediate ? TeapTlvType.IntermediateResult : TeapTlvType.Result, u16(status), true)
}

/** Error (§4.2.6): mandatory. */
export function errorTlv(code: number): Buffer {
  const v = Buffer.allocUnsafe(4)
  v.writeUInt32BE(code, 0)
  return encodeTlv(TeapTlvType.Error, v, true)
}

/** EAP-Payload (§4.2.10): mandatory, carrying one whole inner EAP packet. */
export function eapPayloadTlv(eap: Buffer): Buffer {
  return encodeTlv(TeapTlvType.EapPayload, eap, true)
}

/** Authority-ID (§4.2.2): the server's identity in the Start's Outer TLVs. */
export function authorityIdTlv(id: Buffer): Buffer {
  return encodeTlv(TeapTlvType.AuthorityId, id)
}

function u16(v: number): Buffer {
  const b = Buffer.allocUnsafe(2)
  b.writeUInt16BE(v, 0)
  return b
}

/** §4.2.13 Length: Reserved, Version, Received-Ver, Flags|Sub-Type, Nonce (32), EMSK and MSK Compound MAC (20 each): 76. */
export const CRYPTO_BINDING_VALUE_LENGTH = 1 + 1 + 1 + 1 + 32 + 20 + 20
