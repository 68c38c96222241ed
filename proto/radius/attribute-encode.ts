// Typed encoding with a dictionary, the inverse of attribute-decode.ts: VSA wrapping in the
// vendor's format (RFC 2865 §5.26), RFC 6929 extended / long-extended with fragmentation and
// EVS, TLV nesting, RFC 2868 tags, concat values split in 253-octet chunks (RFC 3579 §3.1).
// Errors are configuration errors: RangeError with the attribute name.
import type { AttributeDef } from './dictionary-types.js'
import type { Dictionary } from './dictionary.js'
import { encodeValue, type AttributeValue } from './attribute-types.js'
import { parseSyntheticName } from './attribute-name.js'
import { EVS_TYPE, isExtendedType, wrapExtended } from './extended.js'
import { MAX_ATTRIBUTE_VALUE, type RawAttribute } from './packet.js'
import { wrapVsa } from './vsa.js'

/** Input to encodeAttributes; a DecodedAttribute is accepted as is. TLVs take a nested list. */
export interface EncodableAttribute {
  name: string
  value: AttributeValue | EncodableAttribute[]
  tag?: number | undefined
}

interface Resolved {
  def: AttributeDef | undefined
  vendor: number
  code: number[]
}

function resolve(dict: Dictionary, name: string): Resolved {
  const def = dict.attribute(name)
  if (def !== undefined) return { def, vendor: def.vendor, code: def.code }
  const synthetic = parseSyntheticName(name)
  if (synthetic === undefined) throw new RangeError(`unknown RADIUS attribute ${name}`)
  return { def: dict.byCode(synthetic.vendor, synthetic.code), ...synthetic }
}

/** The octets inside this attribute's own Type/Length (or vendor/TLV header). */
function payloadOf(dict: Dictionary, a: EncodableAttribute, r: Resolved): Buffer {
  const { def } = r
  if (Array.isArray(a.value)) {
    if (def !== undefined && def.type !== 'tlv') throw new RangeError(`${a.name}: a list value needs a tlv attribute`)
    const parts: Buffer[] = []
    for (const child of a.value) {
      const c = resolve(dict, child.name)
      const prefixOk = c.vendor === r.vendor && c.code.length === r.code.length + 1 && r.code.every((x, i) => c.code[i] === x)
      if (!prefixOk) throw new RangeError(`${child.name} is not a child of ${a.name}`)
      const p = payloadOf(dict, child, c)
      if (p.length > 253) throw new RangeError(`${child.name}: TLV value over 253 octets`)
      parts.push(Buffer.from([c.code[c.code.length - 1] as number, p.length + 2]), p)
    }
    return Buffer.concat(parts)
  }
  const value = a.value
  if (def === undefined) {
    if (!Buffer.isBuffer(value)) throw new RangeError(`${a.name}: unknown attribute needs a Buffer value`)
    if (a.tag !== undefined) throw new RangeError(`${a.name}: unknown attribute cannot carry a tag`)
    return value
  }
  if (a.tag !== undefined && !def.hasTag) throw new RangeError(`${a.name}: attribute has no tag (RFC 2868 §3.1)`)
  if (def.encrypt !== 0) {
    // Encrypted values arrive already hidden (hideUserPassword / saltEncrypt need the secret).
    if (!Buffer.isBuffer(value)) throw new RangeError(`${a.name}: encrypt=${def.encrypt} attribute needs the encrypted Buffer`)
    if (def.hasTag && def.encrypt === 2) return Buffer.concat([Buffer.from([tagOf(a, 0)]), value])
    return def.hasTag && a.tag !== undefined ? Buffer.concat([Buffer.from([tagOf(a, 1)]), value]) : value
  }
  if (def.type === 'tlv') {
    if (!Buffer.isBuffer(value)) throw new RangeError(`${a.name}: tlv attribute needs a list of children or raw octets`)
    return value
  }
  const encoded = encodeValue(def.type, value, def.name, (n) => dict.value(def.name, n))
  if (def.fixedLength !== undefined && encoded.length !== def.fixedLength) {
    throw new RangeError(`${a.name}: value must be ${def.fixedLength} octets, got ${encoded.length}`)
  }
  if (!def.hasTag) return encoded
  if (def.type === 'integer') {
    // RFC 2868 §3.1: the Tag is the first octet; "the Value field is three octets".
    if ((encoded[0] as number) !== 0) throw new RangeError(`${a.name}: tagged integer must fit 24 bits`)
    encoded[0] = tagOf(a, 0)
    return encoded
  }
  return a.tag === undefined ? encoded : Buffer.concat([Buffer.from([tagOf(a, 1)]), encoded])
}

function tagOf(a: EncodableAttribute, min: number): number {
  const t = a.tag ?? 0
  if (!Number.isInteger(t) || t < min || t > 0x1f) throw new RangeError(`${a.name}: tag ${t} not in ${min}..31 (RFC 2868 §3.1)`)
  return t
}

/** Wrap `payload` in the TLV headers of `path`, innermost last. */
function nest(path: number[], payload: Buffer, name: string): Buffer {
  let p = payload
  for (let i = path.length - 1; i >= 0; i--) {
    if (p.length > 253) throw new RangeError(`${name}: TLV value over 253 octets`)
    p = Buffer.concat([Buffer.from([path[i] as number, p.length + 2]), p])
  }
  return p
}

function wrap(dict: Dictionary, r: Resolved, payload: Buffer, name: string): RawAttribute[] {
  const { vendor, code, def } = r
  const top = code[0] as number
  if (vendor !== 0 && top === 26) {
    const values = wrapVsa(vendor, dict.vendorById(vendor), code[1] as number, nest(code.slice(2), payload, name), name)
    return values.map((value) => ({ type: 26, value }))
  }
  if (isExtendedType(top) && code.length >= 2) {
    let inner: Buffer
    if (vendor !== 0) {
      // RFC 6929 §2.4: Extended-Type 26, then Vendor-Id (4) and Vendor-Type (1).
      const head = Buffer.alloc(5)
      head.writeUInt32BE(vendor, 0)
      head[4] = code[2] as number
      inner = Buffer.concat([head, nest(code.slice(3), payload, name)])
    } else {
      inner = nest(code.slice(2), payload, name)
    }
    return wrapExtended(top, vendor !== 0 ? EVS_TYPE : (code[1] as number), inner, name).map((value) => ({ type: top, value }))
  }
  const value = nest(code.slice(1), payload, name)
  if (value.length <= MAX_ATTRIBUTE_VALUE) return [{ type: top, value }]
  if (def?.concat !== true) throw new RangeError(`${name}: value of ${value.length} octets over 253`)
  const out: RawAttribute[] = []
  for (let off = 0; off < value.length; off += MAX_ATTRIBUTE_VALUE) out.push({ type: top, value: value.subarray(off, off + MAX_ATTRIBUTE_VALUE) })
  return out
}

/**
 * Encode named attributes to top-level attributes. Throws RangeError with a clear message on
 * an unknown name or a value the attribute cannot hold (configuration error).
 */
export function encodeAttributes(dict: Dictionary, attrs: ReadonlyArray<EncodableAttribute>): RawAttribute[] {
  const out: RawAttribute[] = []
  for (const a of attrs) {
    const r = resolve(dict, a.name)
    if (r.def?.virtual === true || r.def?.internal === true) throw new RangeError(`${a.name}: virtual/internal attribute never goes on the wire`)
    out.push(...wrap(dict, r, payloadOf(dict, a, r), a.name))
  }
  return out
}
