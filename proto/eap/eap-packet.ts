// EAP packet header codec (RFC 3748 §4): Code, Identifier, Length, and for Request/Response the
// Type and Type-Data. Decoding slices (no copy) and never throws.
import { EapCode } from './eap-constants.js'
import { EapDecodeFailure, type EapResult } from './eap-decode-failure.js'

export const EAP_HEADER_LENGTH = 4

export type EapPacket =
  | { code: typeof EapCode.Request | typeof EapCode.Response; identifier: number; type: number; data: Buffer }
  | { code: typeof EapCode.Success | typeof EapCode.Failure; identifier: number }

export function decodeEapPacket(buf: Buffer): EapResult<EapPacket> {
  if (buf.length < EAP_HEADER_LENGTH) return { ok: false, reason: EapDecodeFailure.TOO_SHORT }
  const code = buf[0] as number
  const identifier = buf[1] as number
  const length = buf.readUInt16BE(2)
  // RFC 3748 §4.1: "Length ... indicates the length, in octets, of the EAP packet including the
  // Code, Identifier, Length, Type, and Type-Data fields."
  if (length < EAP_HEADER_LENGTH || length > buf.length) return { ok: false, reason: EapDecodeFailure.LENGTH_MISMATCH }
  switch (code) {
    case EapCode.Request:
    case EapCode.Response:
      if (length < EAP_HEADER_LENGTH + 1) return { ok: false, reason: EapDecodeFailure.MISSING_TYPE }
      return { ok: true, value: { code, identifier, type: buf[4] as number, data: buf.subarray(5, length) } }
    case EapCode.Success:
    case EapCode.Failure:
      // RFC 3748 §4.2: Success and Failure carry no data ("Length ... 4").
      if (length !== EAP_HEADER_LENGTH) return { ok: false, reason: EapDecodeFailure.SUCCESS_FAILURE_WITH_DATA }
      return { ok: true, value: { code, identifier } }
    default:
      return { ok: false, reason: EapDecodeFailure.UNKNOWN_CODE }
  }
}

/** Encode a packet. Throws RangeError on programmer error (identifier or length out of range). */
export function encodeEapPacket(p: EapPacket): Buffer {
  if (!Number.isInteger(p.identifier) || p.identifier < 0 || p.identifier > 255) throw new RangeError(`EAP identifier ${p.identifier}`)
  if (!('type' in p)) return Buffer.from([p.code, p.identifier, 0, 4])
  const length = EAP_HEADER_LENGTH + 1 + p.data.length
  if (length > 0xffff) throw new RangeError(`EAP packet of ${length} octets`)
  const out = Buffer.allocUnsafe(length)
  out[0] = p.code
  out[1] = p.identifier
  out.writeUInt16BE(length, 2)
  out[4] = p.type
  p.data.copy(out, 5)
  return out
}
