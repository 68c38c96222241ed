// Typed decoding of a packet's attributes with a dictionary: VSAs (RFC 2865 §5.26 and vendor
// formats), RFC 6929 extended / long-extended with M-flag reassembly and EVS, TLVs, RFC 2868
// tags, concat attributes (RFC 3579 §3.1 EAP-Message). Encrypted values stay encrypted.
import type { AttributeDef } from './dictionary-types.js'
import type { Dictionary } from './dictionary.js'
import { decodeValue, fixedSize, type AttributeValue } from './attribute-types.js'
import { syntheticName } from './attribute-name.js'
import { EVS_TYPE, hasMoreFlag, isExtendedType, isLongExtendedType } from './extended.js'
import { splitVsa } from './vsa.js'
import type { Packet, RawAttribute } from './packet.js'
import type { Result } from './decode-failure.js'

/** A decoded attribute; unknown or invalid ones keep their octets with a synthetic name. */
export interface DecodedAttribute {
  name: string
  def: AttributeDef | undefined
  vendor: number
  code: number[]
  tag: number | undefined
  value: AttributeValue | DecodedAttribute[]
}

const isTag = (b: number | undefined): b is number => b !== undefined && b >= 0x01 && b <= 0x1f

function raw(vendor: number, code: number[], data: Buffer): DecodedAttribute {
  return { name: syntheticName(vendor, code), def: undefined, vendor, code, tag: undefined, value: data }
}

/** Children of a TLV value (Type, Length, Value octets), or undefined when malformed. */
function decodeTlv(dict: Dictionary, vendor: number, parent: number[], d: Buffer): DecodedAttribute[] | undefined {
  const out: DecodedAttribute[] = []
  let off = 0
  if (d.length === 0) return undefined
  while (off < d.length) {
    if (off + 2 > d.length) return undefined
    const len = d[off + 1] as number
    if (len < 2 || off + len > d.length) return undefined
    const code = [...parent, d[off] as number]
    leaf(dict, dict.byCode(vendor, code), vendor, code, d.subarray(off + 2, off + len), out)
    off += len
  }
  return out
}

/** Decode one value by its definition and push it (several for `array` attributes). */
function leaf(dict: Dictionary, def: AttributeDef | undefined, vendor: number, code: number[], d: Buffer, out: DecodedAttribute[]): void {
  if (def === undefined) {
    out.push(raw(vendor, code, d))
    return
  }
  let tag: number | undefined
  let data = d
  if (def.hasTag) {
    // RFC 2868 §3.5: Tunnel-Password always carries the Tag octet before the Salt.
    if (def.encrypt === 2) {
      if (data.length === 0) return void out.push(raw(vendor, code, d))
      tag = data[0]
      data = data.subarray(1)
    } else if (def.type !== 'integer' && isTag(data[0])) {
      // RFC 2868 §3.1: "If the value of the Tag field is greater than 0x00 and less than or
      // equal to 0x1F, it SHOULD be interpreted as indicating which tunnel ...; if greater than
      // 0x1F, it SHOULD be interpreted as the first byte of the following String field."
      tag = data[0]
      data = data.subarray(1)
    }
  }
  if (def.encrypt !== 0) {
    out.push({ name: def.name, def, vendor, code, tag, value: data })
    return
  }
  if (def.type === 'tlv') {
    const children = decodeTlv(dict, vendor, code, data)
    out.push(children === undefined ? raw(vendor, code, d) : { name: def.name, def, vendor, code, tag, value: children })
    return
  }
  if (def.fixedLength !== undefined && data.length !== def.fixedLength) return void out.push(raw(vendor, code, d))
  const size = fixedSize(def.type)
  if (def.array && size !== undefined && data.length > size) {
    if (data.length % size !== 0) return void out.push(raw(vendor, code, d))
    for (let off = 0; off < data.length; off += size) leaf(dict, def, vendor, code, data.subarray(off, off + size), out)
    return
  }
  if (def.hasTag && def.type === 'integer' && data.length === 4) {
    // RFC 2868 §3.1 for Tunnel-Type and Tunnel-Medium-Type: the Tag is the first octet of the
    // four and "the Value field is three octets".
    tag = isTag(data[0]) ? data[0] : undefined
    out.push({ name: def.name, def, vendor, code, tag, value: data.readUInt32BE(0) & 0xffffff })
    return
  }
  const value = decodeValue(def.type, data)
  out.push(value === undefined ? raw(vendor, code, d) : { name: def.name, def, vendor, code, tag, value })
}

/** Decode Vendor-Specific attributes from index i; returns how many top-level attributes it used. */
function vendorSpecific(dict: Dictionary, attrs: RawAttribute[], i: number, out: DecodedAttribute[]): number {
  const a = attrs[i] as RawAttribute
  if (a.value.length < 5) return out.push(raw(0, [26], a.value)), 1
  const vendorId = a.value.readUInt32BE(0)
  const vdef = dict.vendorById(vendorId)
  const subs = splitVsa(a.value.subarray(4), vdef)
  if (subs === undefined) return out.push(raw(0, [26], a.value)), 1
  let used = 1
  for (let s = 0; s < subs.length; s++) {
    const sub = subs[s] as { type: number; data: Buffer; more: boolean }
    let data = sub.data
    if (sub.more) {
      // WiMAX continuation: the value goes on in the next sub-attribute of the same type,
      // here or at the start of the following Vendor-Specific attribute.
      const parts = [data]
      let more: boolean = sub.more
      while (more) {
        let next = subs[s + 1]
        if (next === undefined) {
          const nextAttr = attrs[i + used]
          if (nextAttr === undefined || nextAttr.type !== 26 || nextAttr.value.length < 5 || nextAttr.value.readUInt32BE(0) !== vendorId) break
          const nextSubs = splitVsa(nextAttr.value.subarray(4), vdef)
          if (nextSubs === undefined || nextSubs[0]?.type !== sub.type) break
          used++
          subs.push(...nextSubs)
          next = subs[s + 1]
        }
        if (next === undefined || next.type !== sub.type) break
        parts.push(next.data)
        more = next.more
        s++
      }
      data = Buffer.concat(parts)
    }
    const code = [26, sub.type]
    leaf(dict, dict.byCode(vendorId, code), vendorId, code, data, out)
  }
  return used
}

/** Decode an extended or long-extended attribute from index i; returns attributes used. */
function extendedAttribute(dict: Dictionary, attrs: RawAttribute[], i: number, out: DecodedAttribute[]): number {
  const a = attrs[i] as RawAttribute
  const long = isLongExtendedType(a.type)
  if (a.value.length < (long ? 2 : 1)) return out.push(raw(0, [a.type], a.value)), 1
  const ext = a.value[0] as number
  let used = 1
  let data = a.value.subarray(long ? 2 : 1)
  if (long && hasMoreFlag(a.value)) {
    // RFC 6929 §2.2: fragments are consecutive attributes with the same Type and Extended-Type.
    const parts = [data]
    let more = true
    while (more) {
      const next = attrs[i + used]
      if (next === undefined || next.type !== a.type || next.value.length < 2 || next.value[0] !== ext) break
      parts.push(next.value.subarray(2))
      more = hasMoreFlag(next.value)
      used++
    }
    data = Buffer.concat(parts)
    // RFC 6929 §3.3: an attribute with the M flag set and no following fragment is invalid.
    if (more) return out.push(raw(0, [a.type, ext], data)), used
  }
  if (ext === EVS_TYPE) {
    if (data.length < 5) return out.push(raw(0, [a.type, ext], data)), used
    const vendorId = data.readUInt32BE(0)
    const code = [a.type, EVS_TYPE, data[4] as number]
    leaf(dict, dict.byCode(vendorId, code), vendorId, code, data.subarray(5), out)
    return used
  }
  const code = [a.type, ext]
  leaf(dict, dict.byCode(0, code), 0, code, data, out)
  return used
}

/**
 * Decode every attribute of `p` with `dict`. Never throws and never fails on attribute
 * content: invalid values become raw attributes (Buffer value, synthetic name, def undefined).
 */
export function decodeAttributes(p: Packet, dict: Dictionary): Result<DecodedAttribute[]> {
  const out: DecodedAttribute[] = []
  const attrs = p.attributes
  for (let i = 0; i < attrs.length; ) {
    const a = attrs[i] as RawAttribute
    if (a.type === 26) {
      i += vendorSpecific(dict, attrs, i, out)
      continue
    }
    if (isExtendedType(a.type)) {
      i += extendedAttribute(dict, attrs, i, out)
      continue
    }
    const def = dict.byCode(0, [a.type])
    if (def?.concat === true) {
      // RFC 3579 §3.1: multiple EAP-Message attributes "MUST be in order and they MUST be
      // consecutive attributes in the packet"; their values are concatenated.
      let j = i + 1
      while (j < attrs.length && (attrs[j] as RawAttribute).type === a.type) j++
      const data = j === i + 1 ? a.value : Buffer.concat(attrs.slice(i, j).map((x) => x.value))
      leaf(dict, def, 0, [a.type], data, out)
      i = j
      continue
    }
    leaf(dict, def, 0, [a.type], a.value, out)
    i++
  }
  return { ok: true, value: out }
}
