// Splits the server's bytes into TLS records (RFC 8446 §5.1: type, legacy_record_version,
// uint16 length, fragment). One input may hold several records or end inside one; the rest waits
// for the next input, bounded so that a server cannot make the client buffer without limit.
import { ContentType, MAX_CIPHERTEXT } from './constants.js'
import { fail, Tls13Reason, type Decoded } from './failure.js'

export interface RawRecord {
  type: number
  /** The 5-octet header (the AEAD's additional data, RFC 8446 §5.2). */
  header: Buffer
  body: Buffer
}

/** Input held waiting for the rest of a record: one record and its header is the most that can wait. */
export const MAX_PENDING = MAX_CIPHERTEXT + 5

const KNOWN_TYPES: ReadonlySet<number> = new Set(Object.values(ContentType))

export class RecordReader {
  private pending: Buffer = Buffer.alloc(0)

  /** The complete records in what has arrived so far; a malformed header ends the stream. */
  push(input: Buffer): Decoded<RawRecord[]> {
    const buf = this.pending.length === 0 ? input : Buffer.concat([this.pending, input])
    const out: RawRecord[] = []
    let at = 0
    while (buf.length - at >= 5) {
      const type = buf[at] as number
      const length = buf.readUInt16BE(at + 3)
      // RFC 8446 §5.1: legacy_record_version "MUST be ignored for all purposes" (0x0301 on a
      // first ClientHello); an unknown type is "unexpected_message"; a length over 2^14 + 256 is
      // "record_overflow" (§5.2).
      if (!KNOWN_TYPES.has(type)) return fail(Tls13Reason.UNEXPECTED_MESSAGE, `record of unknown content type ${type}`)
      if (buf[at + 1] !== 3) return fail(Tls13Reason.DECODE_ERROR, 'record version is not 3.x (not TLS)')
      if (length > MAX_CIPHERTEXT) return fail(Tls13Reason.RECORD_OVERFLOW, `record of ${length} octets`)
      if (buf.length - at - 5 < length) break
      out.push({ type, header: buf.subarray(at, at + 5), body: buf.subarray(at + 5, at + 5 + length) })
      at += 5 + length
    }
    this.pending = at === buf.length ? Buffer.alloc(0) : Buffer.from(buf.subarray(at))
    if (this.pending.length > MAX_PENDING) return fail(Tls13Reason.TOO_LARGE, 'partial record over its maximum size')
    return { ok: true, value: out }
  }

  /** Bytes of an incomplete record still waiting. */
  get buffered(): number {
    return this.pending.length
  }
}
