// The EAP-TLS (and TTLS, PEAP, TEAP) header after the Type octet (RFC 5216 §3.1): Flags (L, M, S
// and reserved/version bits), the 4-octet TLS Message Length when L is set, and TLS Data.
import { EapDecodeFailure, type EapResult } from './eap-decode-failure.js'

/** RFC 5216 §3.1: "L = Length included, M = More fragments, S = EAP-TLS start". */
export const TlsFlag = { L: 0x80, M: 0x40, S: 0x20 } as const

export interface TlsPayload {
  /** The whole Flags octet (TTLS/PEAP/TEAP carry a version in the low bits). */
  flags: number
  /** TLS Message Length when L is set. */
  totalLength: number | undefined
  data: Buffer
}

/** Decode Type-Data of an EAP-TLS family packet. */
export function decodeTlsPayload(typeData: Buffer): EapResult<TlsPayload> {
  if (typeData.length < 1) return { ok: false, reason: EapDecodeFailure.TLS_HEADER_TRUNCATED }
  const flags = typeData[0] as number
  if ((flags & TlsFlag.L) === 0) return { ok: true, value: { flags, totalLength: undefined, data: typeData.subarray(1) } }
  // RFC 5216 §3.1: "The TLS Message Length field is four octets, and is present only if the L bit is set."
  if (typeData.length < 5) return { ok: false, reason: EapDecodeFailure.TLS_HEADER_TRUNCATED }
  const totalLength = typeData.readUInt32BE(1)
  const data = typeData.subarray(5)
  if (totalLength < data.length) return { ok: false, reason: EapDecodeFailure.TLS_LENGTH_INVALID }
  return { ok: true, value: { flags, totalLength, data } }
}

/** Encode Type-Data: flags, the length when L is set, then data. */
export function encodeTlsPayload(p: TlsPayload): Buffer {
  const withLength = (p.flags & TlsFlag.L) !== 0
  const out = Buffer.allocUnsafe(1 + (withLength ? 4 : 0) + p.data.length)
  out[0] = p.flags
  if (withLength) out.writeUInt32BE(p.totalLength ?? p.data.length, 1)
  p.data.copy(out, withLength ? 5 : 1)
  return out
}
