// RADIUS packet structure: header and top-level attribute list (RFC 2865 §3, §5).
// Decoding slices the input (no copies) and never throws; encoding is for our own replies.
import { isKnownCode } from './code.js'
import { DecodeFailure, fail, type Result } from './decode-failure.js'

export const HEADER_LENGTH = 20
export const MAX_PACKET_LENGTH = 4096
export const MAX_ATTRIBUTE_VALUE = 253

/** A top-level attribute; `value` is a slice of the decoded buffer (no copy). */
export interface RawAttribute {
  type: number
  value: Buffer
}

/** A decoded packet; `authenticator` and attribute values are slices of the input. */
export interface Packet {
  code: number
  identifier: number
  authenticator: Buffer
  attributes: RawAttribute[]
}

/**
 * Decode the header and top-level attributes (RFC 2865 §3, §5). Octets beyond the Length field
 * are ignored: RFC 2865 §3 "Octets outside the range of the Length field MUST be treated as
 * padding and ignored on reception."
 */
export function decodePacket(buf: Buffer): Result<Packet> {
  if (buf.length < HEADER_LENGTH) return fail(DecodeFailure.TOO_SHORT)
  const code = buf[0] as number
  const length = buf.readUInt16BE(2)
  // RFC 2865 §3: "The minimum length is 20 and maximum length is 4096."
  if (length < HEADER_LENGTH) return fail(DecodeFailure.TOO_SHORT)
  if (length > MAX_PACKET_LENGTH) return fail(DecodeFailure.TOO_LONG)
  // RFC 2865 §3: "If the packet is shorter than the Length field indicates, it MUST be silently discarded."
  if (length > buf.length) return fail(DecodeFailure.LENGTH_MISMATCH)
  // RFC 2865 §3: "When a packet is received with an invalid Code field, it is silently discarded."
  if (!isKnownCode(code)) return fail(DecodeFailure.UNKNOWN_CODE, String(code))
  const attributes: RawAttribute[] = []
  let off = HEADER_LENGTH
  while (off < length) {
    if (off + 2 > length) return fail(DecodeFailure.ATTRIBUTE_TRUNCATED, `at ${off}`)
    const alen = buf[off + 1] as number
    // RFC 2865 §5: "The Length field is one octet, and indicates the length of this Attribute
    // including the Type, Length and Value fields."
    if (alen < 2) return fail(DecodeFailure.ATTRIBUTE_LENGTH_INVALID, `at ${off}`)
    if (off + alen > length) return fail(DecodeFailure.ATTRIBUTE_TRUNCATED, `at ${off}`)
    attributes.push({ type: buf[off] as number, value: buf.subarray(off + 2, off + alen) })
    off += alen
  }
  return { ok: true, value: { code, identifier: buf[1] as number, authenticator: buf.subarray(4, 20), attributes } }
}

/**
 * Encode a packet. Throws RangeError on programmer error: identifier or code out of range,
 * authenticator not 16 octets, an attribute value over 253 octets, or a packet over 4096.
 */
export function encodePacket(p: { code: number; identifier: number; authenticator: Buffer; attributes: RawAttribute[] }): Buffer {
  if (!Number.isInteger(p.code) || p.code < 0 || p.code > 255) throw new RangeError(`RADIUS code ${p.code} out of range`)
  if (!Number.isInteger(p.identifier) || p.identifier < 0 || p.identifier > 255) {
    throw new RangeError(`RADIUS identifier ${p.identifier} out of range`)
  }
  if (p.authenticator.length !== 16) throw new RangeError('RADIUS authenticator must be 16 octets')
  let length = HEADER_LENGTH
  for (const a of p.attributes) {
    if (a.value.length > MAX_ATTRIBUTE_VALUE) throw new RangeError(`attribute ${a.type} value is ${a.value.length} octets, over 253`)
    if (!Number.isInteger(a.type) || a.type < 0 || a.type > 255) throw new RangeError(`attribute type ${a.type} out of range`)
    length += 2 + a.value.length
  }
  if (length > MAX_PACKET_LENGTH) throw new RangeError(`RADIUS packet would be ${length} octets, over 4096`)
  const out = Buffer.allocUnsafe(length)
  out[0] = p.code
  out[1] = p.identifier
  out.writeUInt16BE(length, 2)
  p.authenticator.copy(out, 4)
  let off = HEADER_LENGTH
  for (const a of p.attributes) {
    out[off] = a.type
    out[off + 1] = a.value.length + 2
    a.value.copy(out, off + 2)
    off += 2 + a.value.length
  }
  return out
}

/** First top-level attribute of `type`, if any. */
export function findAttribute(p: Packet, type: number): RawAttribute | undefined {
  for (const a of p.attributes) if (a.type === type) return a
  return undefined
}

/** All top-level attributes of `type`, in packet order. */
export function findAttributes(p: Packet, type: number): RawAttribute[] {
  return p.attributes.filter((a) => a.type === type)
}
