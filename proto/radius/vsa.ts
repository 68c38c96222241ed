// Vendor-Specific (Type 26) layout: RFC 2865 §5.26 ("Vendor-Id" then, SHOULD-format, vendor
// type / length / value), and the other widths vendors use as FreeRADIUS's VENDOR
// format=t,l[,c] describes (e.g. USR 4,0; Lucent 2,1; WiMAX 1,1 plus a continuation octet).
import type { VendorDef } from './dictionary-types.js'
import { MAX_ATTRIBUTE_VALUE } from './packet.js'

/** One vendor sub-attribute; `more` is the WiMAX continuation bit (0x80 of the flags octet). */
export interface VendorSubAttribute {
  type: number
  data: Buffer
  more: boolean
}

const RFC2865: Pick<VendorDef, 'typeSize' | 'lengthSize' | 'continuation'> = { typeSize: 1, lengthSize: 1, continuation: false }

/**
 * Split the value of a Vendor-Specific attribute after the 4-octet Vendor-Id. Unknown vendors
 * are read in the RFC 2865 §5.26 suggested format. Undefined when the lengths do not add up
 * (the caller keeps the attribute raw).
 */
export function splitVsa(body: Buffer, vendor: VendorDef | undefined): VendorSubAttribute[] | undefined {
  const { typeSize, lengthSize, continuation } = vendor ?? RFC2865
  const header = typeSize + lengthSize + (continuation ? 1 : 0)
  const out: VendorSubAttribute[] = []
  let off = 0
  if (body.length === 0) return undefined
  while (off < body.length) {
    if (off + header > body.length) return undefined
    const type = typeSize === 1 ? (body[off] as number) : typeSize === 2 ? body.readUInt16BE(off) : body.readUInt32BE(off)
    let len: number
    if (lengthSize === 0) len = body.length - off
    else len = lengthSize === 1 ? (body[off + typeSize] as number) : body.readUInt16BE(off + typeSize)
    // The vendor length counts the vendor header too (RFC 2865 §5.26 "Vendor length").
    if (len < header || off + len > body.length) return undefined
    const more = continuation ? ((body[off + typeSize + lengthSize] as number) & 0x80) !== 0 : false
    out.push({ type, data: body.subarray(off + header, off + len), more })
    off += len
  }
  return out
}

/**
 * Values of the Vendor-Specific attribute(s) carrying one vendor sub-attribute. A payload too
 * big for one attribute is split with the continuation bit when the vendor has one; otherwise
 * RangeError.
 */
export function wrapVsa(vendorId: number, vendor: VendorDef | undefined, vendorType: number, payload: Buffer, what: string): Buffer[] {
  const { typeSize, lengthSize, continuation } = vendor ?? RFC2865
  const header = typeSize + lengthSize + (continuation ? 1 : 0)
  const room = MAX_ATTRIBUTE_VALUE - 4 - header
  const maxType = typeSize === 4 ? 0xffffffff : typeSize === 2 ? 0xffff : 0xff
  if (vendorType > maxType) throw new RangeError(`${what}: vendor type ${vendorType} does not fit ${typeSize} octet(s)`)
  if (payload.length > room && !continuation) throw new RangeError(`${what}: value of ${payload.length} octets does not fit a Vendor-Specific attribute`)
  const pieces: Buffer[] = []
  for (let off = 0; off === 0 || off < payload.length; off += room) pieces.push(payload.subarray(off, off + room))
  return pieces.map((piece, i) => {
    const v = Buffer.alloc(4 + header + piece.length)
    v.writeUInt32BE(vendorId, 0)
    if (typeSize === 1) v[4] = vendorType
    else if (typeSize === 2) v.writeUInt16BE(vendorType, 4)
    else v.writeUInt32BE(vendorType, 4)
    const len = header + piece.length
    if (lengthSize === 1) v[4 + typeSize] = len
    else if (lengthSize === 2) v.writeUInt16BE(len, 4 + typeSize)
    if (continuation) v[4 + typeSize + lengthSize] = i < pieces.length - 1 ? 0x80 : 0
    piece.copy(v, 4 + header)
    return v
  })
}
