// Splits one outbound TLS message (or flight) into EAP-TLS fragments that each fit in an EAP
// packet of at most `maxEapLength` octets (RFC 5216 §3.1; the size comes from the NAS's
// Framed-MTU, RFC 3580 §3.17). The L bit and TLS Message Length go on the first fragment of a
// fragmented message only, as hostapd's eap_server_tls_build_msg does.
import { TlsFlag, type TlsPayload } from './tls-flags.js'

/** EAP header (4) + Type (1) + Flags (1). */
export const TLS_FRAGMENT_OVERHEAD = 6
/** Plus the TLS Message Length when L is set. */
export const TLS_LENGTH_FIELD = 4
/** Below this an EAP-TLS conversation cannot make progress in reasonable round trips. */
export const MIN_EAP_LENGTH = 64

/**
 * Fragments of `message`, in order. `versionBits` are ORed into every Flags octet (the low bits
 * TTLS, PEAP and TEAP use for their version). Slices, no copies.
 */
export function fragmentTlsMessage(message: Buffer, maxEapLength: number, versionBits = 0): TlsPayload[] {
  if (!Number.isInteger(maxEapLength) || maxEapLength < MIN_EAP_LENGTH) throw new RangeError(`EAP fragment size ${maxEapLength}`)
  if (message.length <= maxEapLength - TLS_FRAGMENT_OVERHEAD) return [{ flags: versionBits, totalLength: undefined, data: message }]
  // RFC 5216 §3.1: "The L bit (length included) is set to indicate the presence of the four-octet
  // TLS Message Length field, and MUST be set for the first fragment of a fragmented TLS message
  // or set of messages. The M bit (more fragments) is set on all but the last fragment."
  const out: TlsPayload[] = []
  const first = maxEapLength - TLS_FRAGMENT_OVERHEAD - TLS_LENGTH_FIELD
  out.push({ flags: versionBits | TlsFlag.L | TlsFlag.M, totalLength: message.length, data: message.subarray(0, first) })
  const rest = maxEapLength - TLS_FRAGMENT_OVERHEAD
  for (let off = first; off < message.length; off += rest) {
    const end = Math.min(message.length, off + rest)
    out.push({ flags: versionBits | (end < message.length ? TlsFlag.M : 0), totalLength: undefined, data: message.subarray(off, end) })
  }
  return out
}
