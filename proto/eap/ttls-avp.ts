// EAP-TTLS Diameter AVPs (RFC 5281 §10): the phase 2 data inside the TLS tunnel. Each AVP is
// Code (4), Flags (V, M, reserved), AVP Length (3, header + data, no padding), Vendor-ID (4)
// when V is set, Data, then padding to a 4-octet boundary (§10.2). Decoding never throws: a
// closed set of failures with one message each.

/** RFC 5281 §10.1: "V (Vendor-Specific) ... M (Mandatory)". */
export const AvpFlag = { V: 0x80, M: 0x40 } as const

/** AVP codes used in phase 2 (RFC 5281 §11.2; RADIUS attribute numbers; Microsoft vendor 311). */
export const AvpCode = {
  UserName: 1,
  UserPassword: 2,
  ChapPassword: 3,
  ChapChallenge: 60,
  EapMessage: 79,
  MsChapResponse: 1,
  MsChapChallenge: 11,
  MsChap2Response: 25,
} as const

/** RFC 2548 §2: "Vendor-Id ... 311 (Microsoft)". */
export const VENDOR_MICROSOFT = 311

export interface Avp {
  code: number
  /** The vendor when V is set, 0 otherwise. */
  vendorId: number
  mandatory: boolean
  data: Buffer
}

export const AvpDecodeFailure = {
  HEADER_TRUNCATED: 'HEADER_TRUNCATED',
  LENGTH_TOO_SMALL: 'LENGTH_TOO_SMALL',
  LENGTH_OVERRUN: 'LENGTH_OVERRUN',
  TOO_MANY: 'TOO_MANY',
} as const
export type AvpDecodeFailure = (typeof AvpDecodeFailure)[keyof typeof AvpDecodeFailure]

export const avpDecodeFailureMessage: Record<AvpDecodeFailure, string> = {
  HEADER_TRUNCATED: 'fewer octets left than an AVP header (RFC 5281 §10.1: 8 octets, 12 with the V bit)',
  LENGTH_TOO_SMALL: 'AVP Length below its header size (RFC 5281 §10.1: "AVP Length ... including the AVP Code, AVP Length, AVP Flags, Vendor-ID (if present) and Data")',
  LENGTH_OVERRUN: 'AVP Length beyond the octets received (RFC 5281 §10.1)',
  TOO_MANY: `more than ${64} AVPs in one phase 2 message`,
}

const MAX_AVPS = 64

export type AvpResult = { ok: true; value: Avp[] } | { ok: false; reason: AvpDecodeFailure }

/** Decode the AVPs of one phase 2 message. Data are slices of `buf`. */
export function decodeAvps(buf: Buffer): AvpResult {
  const out: Avp[] = []
  let off = 0
  while (off < buf.length) {
    if (out.length >= MAX_AVPS) return { ok: false, reason: AvpDecodeFailure.TOO_MANY }
    if (buf.length - off < 8) return { ok: false, reason: AvpDecodeFailure.HEADER_TRUNCATED }
    const code = buf.readUInt32BE(off)
    const flags = buf[off + 4] as number
    const length = buf.readUIntBE(off + 5, 3)
    const vendor = (flags & AvpFlag.V) !== 0
    const header = vendor ? 12 : 8
    if (vendor && buf.length - off < 12) return { ok: false, reason: AvpDecodeFailure.HEADER_TRUNCATED }
    if (length < header) return { ok: false, reason: AvpDecodeFailure.LENGTH_TOO_SMALL }
    if (length > buf.length - off) return { ok: false, reason: AvpDecodeFailure.LENGTH_OVERRUN }
    out.push({ code, vendorId: vendor ? buf.readUInt32BE(off + 8) : 0, mandatory: (flags & AvpFlag.M) !== 0, data: buf.subarray(off + header, off + length) })
    // RFC 5281 §10.2: "Each AVP must be padded to align on a 4-octet boundary"; the last one's
    // padding may be missing at the end of the message.
    off += (length + 3) & ~3
  }
  return { ok: true, value: out }
}

/** Encode one AVP with its padding. */
export function encodeAvp(a: Avp): Buffer {
  const vendor = a.vendorId !== 0
  const header = vendor ? 12 : 8
  const length = header + a.data.length
  if (length > 0xffffff) throw new RangeError(`AVP of ${length} octets`)
  const out = Buffer.alloc((length + 3) & ~3)
  out.writeUInt32BE(a.code, 0)
  out[4] = (vendor ? AvpFlag.V : 0) | (a.mandatory ? AvpFlag.M : 0)
  out.writeUIntBE(length, 5, 3)
  if (vendor) out.writeUInt32BE(a.vendorId, 8)
  a.data.copy(out, header)
  return out
}

/** The first AVP of `code` (and vendor, default none). */
export function findAvp(avps: readonly Avp[], code: number, vendorId = 0): Avp | undefined {
  return avps.find((a) => a.code === code && a.vendorId === vendorId)
}

/**
 * The password of a PAP User-Password AVP. RFC 5281 §11.2.5: "the password ... is padded with
 * NUL characters ... to a multiple of 16 octets"; the trailing NULs are removed.
 */
export function papPassword(data: Buffer): Buffer {
  let end = data.length
  while (end > 0 && data[end - 1] === 0) end--
  return data.subarray(0, end)
}
