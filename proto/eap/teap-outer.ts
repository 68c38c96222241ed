// TEAP's outer framing (RFC 7170 §4.1): Flags "L M S O R Ver", the O bit announcing a 4-octet
// Outer TLV Length after the Message Length, and the Outer TLVs after the TLS data. Only the
// first message each side sends may carry Outer TLVs (§4.1: "The Outer TLVs ... MUST be sent only
// in the first two messages"); they are kept because the Compound MAC covers them (§5.3).
import { EapDecodeFailure } from './eap-decode-failure.js'
import { TlsFlag, decodeTlsPayload, type TlsPayload } from './tls-flags.js'

/** §4.1: "O  Outer TLV length included". */
export const TEAP_FLAG_O = 0x10
/** §4.1: "Ver ... This document defines version 1." */
export const TEAP_VERSION = 1
const VERSION_MASK = 0x07

export type TeapOuterResult =
  | { ok: true; payload: TlsPayload; outerTlvs: Buffer | undefined; version: number }
  | { ok: false; reason: string }

/** The server's TEAP/Start: S and O set, version 1, and the Outer TLVs (Authority-ID). */
export function encodeTeapStart(outerTlvs: Buffer): Buffer {
  const out = Buffer.allocUnsafe(1 + 4 + outerTlvs.length)
  out[0] = TlsFlag.S | TEAP_FLAG_O | TEAP_VERSION
  out.writeUInt32BE(outerTlvs.length, 1)
  outerTlvs.copy(out, 5)
  return out
}

/**
 * Split a peer's Type-Data into the EAP-TLS-style payload and its Outer TLVs, as hostapd's
 * eap_teap_process does: with L set, Message Length counts the Outer TLV Length field and the
 * Outer TLVs too, so it is reduced by both before the TLS data is reassembled.
 */
export function splitTeapOuter(typeData: Buffer): TeapOuterResult {
  if (typeData.length < 1) return { ok: false, reason: EapDecodeFailure.TLS_HEADER_TRUNCATED }
  const flags = typeData[0] as number
  const version = flags & VERSION_MASK
  if ((flags & TEAP_FLAG_O) === 0) {
    const d = decodeTlsPayload(typeData)
    return d.ok ? { ok: true, payload: d.value, outerTlvs: undefined, version } : { ok: false, reason: d.reason }
  }
  let off = 1
  let messageLength: number | undefined
  if ((flags & TlsFlag.L) !== 0) {
    if (typeData.length < off + 4) return { ok: false, reason: EapDecodeFailure.TLS_HEADER_TRUNCATED }
    messageLength = typeData.readUInt32BE(off)
    off += 4
  }
  if (typeData.length < off + 4) return { ok: false, reason: 'OUTER_TLV_LENGTH_TRUNCATED' }
  const outerLength = typeData.readUInt32BE(off)
  off += 4
  if (outerLength > typeData.length - off) return { ok: false, reason: 'OUTER_TLVS_TRUNCATED' }
  if (messageLength !== undefined && messageLength < 4 + outerLength) return { ok: false, reason: EapDecodeFailure.TLS_LENGTH_INVALID }
  const data = typeData.subarray(off, typeData.length - outerLength)
  const outerTlvs = typeData.subarray(typeData.length - outerLength)
  const totalLength = messageLength === undefined ? undefined : messageLength - 4 - outerLength
  if (totalLength !== undefined && totalLength < data.length) return { ok: false, reason: EapDecodeFailure.TLS_LENGTH_INVALID }
  return { ok: true, payload: { flags: flags & ~TEAP_FLAG_O, totalLength, data }, outerTlvs, version }
}
