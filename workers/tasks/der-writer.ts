// The few DER (ITU-T X.690 §8 and §10) encodings a certificate needs, and a reader of one TLV:
// enough to build an RFC 5280 TBSCertificate for node:crypto to sign (node-forge cannot sign
// with EC keys). Pure: no I/O.

/** Universal and context tags used by certificates (X.690 §8.1.2). */
export const Tag = {
  BOOLEAN: 0x01, INTEGER: 0x02, BIT_STRING: 0x03, OCTET_STRING: 0x04, NULL: 0x05, OID: 0x06,
  UTF8_STRING: 0x0c, IA5_STRING: 0x16, UTC_TIME: 0x17, GENERALIZED_TIME: 0x18, SEQUENCE: 0x30, SET: 0x31,
} as const

function length(n: number): Buffer {
  if (n < 0x80) return Buffer.from([n])
  const bytes: number[] = []
  for (let v = n; v > 0; v = Math.floor(v / 256)) bytes.unshift(v & 0xff)
  return Buffer.from([0x80 | bytes.length, ...bytes])
}

export function tlv(tag: number, ...content: Buffer[]): Buffer {
  const body = Buffer.concat(content)
  return Buffer.concat([Buffer.from([tag]), length(body.length), body])
}

export const seq = (...c: Buffer[]): Buffer => tlv(Tag.SEQUENCE, ...c)
export const set = (...c: Buffer[]): Buffer => tlv(Tag.SET, ...c)
export const octets = (b: Buffer): Buffer => tlv(Tag.OCTET_STRING, b)
export const utf8 = (s: string): Buffer => tlv(Tag.UTF8_STRING, Buffer.from(s, 'utf8'))
export const bool = (v: boolean): Buffer => tlv(Tag.BOOLEAN, Buffer.from([v ? 0xff : 0x00]))
export const nullValue = (): Buffer => tlv(Tag.NULL)
/** [n] EXPLICIT (constructed context tag). */
export const explicit = (n: number, inner: Buffer): Buffer => tlv(0xa0 | n, inner)

/** A non-negative INTEGER from big-endian magnitude octets (X.690 §8.3: minimal, sign bit clear). */
export function uint(magnitude: Buffer): Buffer {
  let i = 0
  while (i < magnitude.length - 1 && magnitude[i] === 0) i++
  const m = magnitude.subarray(i)
  return tlv(Tag.INTEGER, (m[0] ?? 0) & 0x80 ? Buffer.concat([Buffer.from([0]), m]) : m)
}

/** BIT STRING with `unused` trailing bits in the last octet (X.690 §8.6). */
export const bits = (b: Buffer, unused = 0): Buffer => tlv(Tag.BIT_STRING, Buffer.from([unused]), b)

export function oid(dotted: string): Buffer {
  const parts = dotted.split('.').map(Number)
  const [a = 0, b = 0, ...rest] = parts
  const out = [40 * a + b]
  for (const p of rest) {
    const chunk: number[] = []
    for (let v = p; ; v = Math.floor(v / 128)) {
      chunk.unshift((v & 0x7f) | (chunk.length > 0 ? 0x80 : 0))
      if (v < 128) break
    }
    out.push(...chunk)
  }
  return tlv(Tag.OID, Buffer.from(out))
}

/** RFC 5280 §4.1.2.5: UTCTime through 2049, GeneralizedTime from 2050, always in Zulu seconds. */
export function time(d: Date): Buffer {
  const iso = d.toISOString().replace(/[-:T]/g, '').slice(0, 14) + 'Z'
  return d.getUTCFullYear() < 2050 ? tlv(Tag.UTC_TIME, Buffer.from(iso.slice(2))) : tlv(Tag.GENERALIZED_TIME, Buffer.from(iso))
}

export interface Tlv {
  tag: number
  /** Offset of the tag octet. */
  start: number
  /** Offset of the first content octet. */
  body: number
  /** Offset after the content. */
  end: number
}

/** One TLV at `off` (definite lengths only, as DER requires); throws on truncated input. */
export function readTlv(b: Buffer, off: number): Tlv {
  const tag = b[off]
  let len = b[off + 1]
  if (tag === undefined || len === undefined) throw new RangeError('DER: truncated')
  let body = off + 2
  if (len & 0x80) {
    const n = len & 0x7f
    if (n === 0 || n > 4) throw new RangeError('DER: unsupported length')
    len = 0
    for (let i = 0; i < n; i++) len = len * 256 + (b[body + i] ?? 0)
    body += n
  }
  if (body + len > b.length) throw new RangeError('DER: truncated')
  return { tag, start: off, body, end: body + len }
}

/** The children of a constructed TLV. */
export function children(b: Buffer, t: Tlv): Tlv[] {
  const out: Tlv[] = []
  for (let off = t.body; off < t.end;) {
    const c = readTlv(b, off)
    out.push(c)
    off = c.end
  }
  return out
}
