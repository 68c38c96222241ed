// What a ClientHello offers, read from the first TLS record of the peer (RFC 5246 §7.4.1.2,
// RFC 8446 §4.1.2 and §4.2.1 supported_versions): the session-ID cache needs to know whether the
// peer can do TLS 1.3, because a TLS 1.3 server never resumes by session ID (RFC 8446 §4.1.2:
// legacy_session_id is only "echoed" in compatibility mode), so no lookup is worth its cost.
// Pure and total: anything short or malformed reads as "not offered".

const RECORD_HANDSHAKE = 22
const HANDSHAKE_CLIENT_HELLO = 1
/** RFC 8446 §4.2: supported_versions(43). */
const EXT_SUPPORTED_VERSIONS = 43
/** RFC 8446 §4.2.1: TLS 1.3 is 0x0304. */
export const TLS13_VERSION = 0x0304

/** Does the ClientHello at the start of `records` list `version` in supported_versions? */
export function clientHelloOffersVersion(records: Buffer, version: number): boolean {
  // record header (5): type, legacy_record_version (2), length (2)
  if (records.length < 9 || records[0] !== RECORD_HANDSHAKE || records[5] !== HANDSHAKE_CLIENT_HELLO) return false
  const recordEnd = Math.min(records.length, 5 + records.readUInt16BE(3))
  // handshake header (4), legacy_version (2), random (32)
  let i = 5 + 4 + 2 + 32
  const skip = (lengthOctets: 1 | 2): boolean => {
    if (i + lengthOctets > recordEnd) return false
    const n = lengthOctets === 1 ? (records[i] as number) : records.readUInt16BE(i)
    i += lengthOctets + n
    return i <= recordEnd
  }
  // legacy_session_id <0..32>, cipher_suites <2..2^16-2>, legacy_compression_methods <1..2^8-1>
  if (!skip(1) || !skip(2) || !skip(1)) return false
  if (i + 2 > recordEnd) return false
  const extEnd = Math.min(recordEnd, i + 2 + records.readUInt16BE(i))
  i += 2
  while (i + 4 <= extEnd) {
    const type = records.readUInt16BE(i)
    const len = records.readUInt16BE(i + 2)
    const body = i + 4
    if (body + len > extEnd) return false
    if (type === EXT_SUPPORTED_VERSIONS) {
      // ClientHello form: versions <2..254>, a one-octet length then two octets each.
      const listEnd = Math.min(body + len, body + 1 + (records[body] as number))
      for (let v = body + 1; v + 2 <= listEnd; v += 2) if (records.readUInt16BE(v) === version) return true
      return false
    }
    i = body + len
  }
  return false
}
