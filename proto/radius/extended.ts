// RFC 6929 extended attribute space: Extended Type 241-244 (§2.1: Type, Length, Extended-Type,
// Value), Long Extended Type 245-246 (§2.2: plus a Flags octet whose M bit fragments a value
// over consecutive attributes), and Extended-Vendor-Specific (§2.4: Extended-Type 26,
// Vendor-Id, Vendor-Type, Value).
import { MAX_ATTRIBUTE_VALUE } from './packet.js'

export const EXTENDED_FIRST = 241
export const LONG_EXTENDED_FIRST = 245
export const EXTENDED_LAST = 246
export const EVS_TYPE = 26
const MORE = 0x80

export function isExtendedType(type: number): boolean {
  return type >= EXTENDED_FIRST && type <= EXTENDED_LAST
}

export function isLongExtendedType(type: number): boolean {
  return type >= LONG_EXTENDED_FIRST && type <= EXTENDED_LAST
}

/** Values (after the Type/Length octets) of the attribute(s) carrying `payload` under `ext`. */
export function wrapExtended(type: number, ext: number, payload: Buffer, what: string): Buffer[] {
  if (!isLongExtendedType(type)) {
    if (payload.length > MAX_ATTRIBUTE_VALUE - 1) throw new RangeError(`${what}: value of ${payload.length} octets does not fit an Extended Type attribute`)
    return [Buffer.concat([Buffer.from([ext]), payload])]
  }
  // RFC 6929 §2.2: "the M flag ... indicates that the ... attribute contains 'more' than one
  // fragment" -- set on every fragment but the last.
  const room = MAX_ATTRIBUTE_VALUE - 2
  const out: Buffer[] = []
  for (let off = 0; off === 0 || off < payload.length; off += room) {
    const piece = payload.subarray(off, off + room)
    const last = off + room >= payload.length
    out.push(Buffer.concat([Buffer.from([ext, last ? 0 : MORE]), piece]))
  }
  return out
}

/** The M (More) bit of a Long Extended attribute's Flags octet. */
export function hasMoreFlag(value: Buffer): boolean {
  return value.length >= 2 && ((value[1] as number) & MORE) !== 0
}
